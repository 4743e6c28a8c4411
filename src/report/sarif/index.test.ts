import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { ScanResult } from "../../core/result.ts";
import { renderSarif, sarifReporter } from "./index.ts";

const canonical = (): ScanResult =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "__fixtures__", "canonical-scan.json"), "utf8"));

// No npm package ships the official SARIF 2.1.0 JSON Schema, so this validates against our own
// structural subset (sarif-subset.schema.json) of what SARIF requires for the objects we write.
function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, "sarif-subset.schema.json"), "utf8")));
}

// biome-ignore lint/suspicious/noExplicitAny: parsed documents are walked loosely in assertions
type Node = any;

describe("sarif reporter", () => {
  it("is valid SARIF 2.1.0 (structural schema)", () => {
    const validate = validator();
    const doc = JSON.parse(
      sarifReporter.render(canonical(), { color: false, quiet: false, command: "scan" }),
    );
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  });
  it("the schema check can fail", () => {
    const validate = validator();
    assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(
      validate({
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "x" } }, results: [{ level: "fatal", message: { text: "x" } }] }],
      }),
      false,
    );
  });
  it("locates each result at its lockfile line, levels follow the policy", () => {
    const doc = renderSarif(canonical()) as {
      runs: { results: Node[]; invocations: Node[] }[];
    };
    const results = doc.runs[0].results;
    const lodash = results.find((r) => r.ruleId === "GHSA-35jh-r3h4-6jhm");
    assert.equal(lodash?.level, "error");
    assert.deepEqual(lodash?.locations[0].physicalLocation, {
      artifactLocation: { uri: "web/package-lock.json" },
      region: { startLine: 12 },
    });
    const supp = results.find((r) => r.ruleId === "GHSA-xvch-5gv4-984h");
    assert.equal(supp?.suppressions[0].kind, "external");
    assert.match(supp?.suppressions[0].justification, /vex vendor\.openvex\.json: not_affected/);
    const typo = results.find((r) => r.ruleId === "policy/possible-typosquat");
    assert.equal(typo?.locations[0].physicalLocation.region.startLine, 40);
    assert.ok(
      !results.some((r) => r.ruleId === "policy/malicious-package"),
      "finding-backed hits are not repeated",
    );
    const notes = doc.runs[0].invocations[0].toolExecutionNotifications;
    assert.ok(notes.some((n: Node) => /api\/requirements\.txt: permission denied/.test(n.message.text)));
    assert.equal(doc.runs[0].invocations[0].executionSuccessful, false);
  });
  it("without decisions, results still point at the package's lockfile lines", () => {
    const r = canonical();
    r.decisions = [];
    const doc = renderSarif(r) as { runs: { results: Node[] }[] };
    const lodash = doc.runs[0].results.find((x) => x.ruleId === "GHSA-35jh-r3h4-6jhm");
    assert.deepEqual(lodash?.locations[0].physicalLocation.region, { startLine: 12 });
    assert.equal(lodash?.level, "error");
  });
});
