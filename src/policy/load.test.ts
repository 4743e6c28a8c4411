import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PolicyError } from "./errors.ts";
import { defaultPolicy, loadPolicy, PRESETS, parsePolicyText } from "./load.ts";
import { POLICY_JSON_SCHEMA_PATH, policyJsonSchemaText } from "./write-json-schema.ts";

function expectError(text: string): PolicyError {
  try {
    parsePolicyText("p.yaml", text);
  } catch (e) {
    assert.ok(e instanceof PolicyError, String(e));
    return e;
  }
  assert.fail("expected a PolicyError");
}

describe("policy loading", () => {
  it("accepts a valid policy and compiles its rules", () => {
    const { rules } = parsePolicyText(
      "p.yaml",
      `rules:\n  - id: no-install-scripts\n    description: d\n    action: warn\n    when: signals.hasInstallScript == "yes"\n`,
    );
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0].condition.signalIds, ["hasInstallScript"]);
    assert.equal(rules[0].onUnknown, "no-match");
  });

  it("reports invalid YAML with line and column", () => {
    const e = expectError("rules:\n  - id: a\n    description: [unclosed\n");
    assert.equal(e.code, "policy-yaml");
    assert.equal(e.file, "p.yaml");
    assert.ok(e.line && e.line >= 3, `line ${e.line}`);
  });

  it("reports schema problems at the offending node", () => {
    const e = expectError(`rules:\n  - id: a\n    description: d\n    action: deny\n    when: malicious\n`);
    assert.equal(e.code, "policy-schema");
    assert.equal(e.line, 4);
    assert.equal(e.column, 13);
    assert.match(e.message, /rules\.0\.action/);
  });

  it("names an unknown key where it is written", () => {
    const e = expectError(
      `rules:\n  - id: a\n    description: d\n    action: warn\n    when: malicious\n    wen: x\n`,
    );
    assert.equal(e.line, 6);
    assert.equal(e.column, 5);
    assert.match(e.message, /unknown key 'wen'/);
  });

  it("reports a CEL error inside the expression", () => {
    const e = expectError(
      `rules:\n  - id: a\n    description: d\n    action: warn\n    when: malicious && nope\n`,
    );
    assert.equal(e.code, "policy-cel");
    assert.equal(e.line, 5);
    assert.equal(e.column, 24);
    assert.match(e.message, /Unknown variable: nope/);
  });

  it("locates CEL errors in block scalars", () => {
    const e = expectError(
      `rules:\n  - id: a\n    description: d\n    action: warn\n    when: |\n      malicious ||\n      nope\n`,
    );
    assert.equal(e.code, "policy-cel");
    assert.equal(e.line, 7);
  });

  it("points at `pkg` when someone writes `package`", () => {
    const e = expectError(
      `rules:\n  - id: a\n    description: d\n    action: warn\n    when: package.name == "x"\n`,
    );
    assert.match(e.message, /write `pkg`/);
  });

  it("rejects duplicate rule ids and non-boolean conditions", () => {
    assert.match(
      expectError(
        `rules:\n  - {id: a, description: d, action: warn, when: malicious}\n  - {id: a, description: d, action: warn, when: malicious}\n`,
      ).message,
      /duplicate rule id/,
    );
    assert.match(
      expectError(`rules:\n  - {id: a, description: d, action: warn, when: "1 + 2"}\n`).message,
      /true or false/,
    );
  });

  it("requires reason, owner and expiry on waivers", () => {
    const e = expectError(`waivers:\n  - package: lodash\n    owner: me\n    expires: 2026-01-01\n`);
    assert.match(e.message, /waivers\.0\.reason/);
    assert.equal(e.line, 2);
  });

  it("resolves extends: presets and files, overrides by id, disable", () => {
    const dir = mkdtempSync(join(tmpdir(), "intake-policy-"));
    writeFileSync(
      join(dir, "base.yaml"),
      `extends: default\nrules:\n  - {id: extra, description: d, action: info, when: "pkg.direct"}\n`,
    );
    writeFileSync(
      join(dir, "intake.policy.yaml"),
      `extends: ./base.yaml\ndisable: [other-vulnerability]\nrules:\n  - {id: malicious-package, description: mine, action: warn, when: malicious}\n`,
    );
    const p = loadPolicy(join(dir, "intake.policy.yaml"));
    assert.deepEqual(
      p.rules.map((r) => `${r.id}:${r.action}`),
      ["malicious-package:warn", "fixable-critical-or-high:block", "extra:info"],
    );
    assert.equal(p.chain.length, 3);
  });

  it("names the line of an extends that resolves to nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "intake-policy-"));
    writeFileSync(join(dir, "intake.policy.yaml"), "name: x\nextends:\n  - standard\n  - ./missing.yaml\n");
    assert.throws(
      () => loadPolicy(join(dir, "intake.policy.yaml")),
      (e: unknown) =>
        e instanceof PolicyError && e.code === "policy-extends" && e.line === 4 && e.column === 5,
    );
  });

  it("detects extends cycles", () => {
    const dir = mkdtempSync(join(tmpdir(), "intake-policy-"));
    writeFileSync(join(dir, "a.yaml"), "extends: ./b.yaml\n");
    writeFileSync(join(dir, "b.yaml"), "extends: ./a.yaml\n");
    assert.throws(
      () => loadPolicy(join(dir, "a.yaml")),
      (e: unknown) => e instanceof PolicyError && e.code === "policy-extends",
    );
  });

  it("every shipped preset loads", () => {
    for (const name of PRESETS) {
      const p = loadPolicy(name);
      assert.ok(p.rules.length > 0, name);
    }
    assert.equal(defaultPolicy().source, "default");
  });

  it("the committed JSON Schema is current (regenerate: node src/policy/write-json-schema.ts)", () => {
    assert.deepEqual(
      JSON.parse(readFileSync(POLICY_JSON_SCHEMA_PATH, "utf8")),
      JSON.parse(policyJsonSchemaText()),
    );
  });
});
