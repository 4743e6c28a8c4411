import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { runCli } from "./helpers/cli.ts";
import { PROJECT_ROOT } from "./helpers/shared-data.ts";

const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas/intake-result.schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);

function check(doc: unknown, what: string): void {
  const ok = validate(doc);
  assert.ok(ok, `${what}: ${ajv.errorsText(validate.errors, { separator: "\n" })}`);
}

test("intake scan --format json output validates against schemas/intake-result.schema.json", () => {
  const r = runCli(["scan", "examples/webapp", "--offline", "--format", "json"]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  check(doc, "example scan");
  assert.ok(doc.findings.length > 0 && doc.decisions.length > 0 && doc.signals.length > 0);
});

test("intake inventory --format json output validates", () => {
  const r = runCli(["inventory", "examples/webapp", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  check(JSON.parse(r.stdout), "example inventory");
});

test("the canonical reporter fixture validates, and a broken result does not", () => {
  const golden = JSON.parse(
    readFileSync(join(PROJECT_ROOT, "src/report/__golden__/canonical.json.json"), "utf8"),
  );
  check(golden, "canonical result");
  const broken = structuredClone(golden);
  broken.packages[0].scopes = ["production"];
  delete broken.summary;
  assert.equal(validate(broken), false);
});
