import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";

const EXAMPLE = join(import.meta.dirname, "__fixtures__", "policy-as-code");

function temp(): string {
  return mkdtempSync(join(tmpdir(), "intake-policy-cmd-"));
}

describe("intake policy", () => {
  it("init writes a commented starter that validates; refuses to overwrite", () => {
    const dir = temp();
    const r = runCli(["policy", "init", "--preset", "regulated"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(dir, "intake.policy.yaml"), "utf8");
    assert.match(text, /^# Intake consumption policy/);
    assert.match(text, /extends: regulated/);
    const v = runCli(["policy", "validate"], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);
    assert.match(
      v.stdout,
      /intake\.policy\.yaml: valid — \d+ rules \(preset:default → .*preset:regulated → intake\.policy\.yaml\)/,
    );
    assert.equal(runCli(["policy", "init"], { cwd: dir }).code, 2);
  });

  it("validate lists every problem as file:line:column and exits 2", () => {
    const dir = temp();
    writeFileSync(
      join(dir, "intake.policy.yaml"),
      "rules:\n  - id: a\n    description: d\n    action: deny\n    when: malicious\n  - id: b\n    description: d\n    action: warn\n    when: vulns.exists(v,\n",
    );
    const r = runCli(["policy", "validate", "intake.policy.yaml"], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^intake\.policy\.yaml:4:13: rules\.0\.action: /m);
    writeFileSync(
      join(dir, "intake.policy.yaml"),
      "rules:\n  - id: b\n    description: d\n    action: warn\n    when: vulns.exists(v,\n",
    );
    const c = runCli(["policy", "validate"], { cwd: dir });
    assert.equal(c.code, 2);
    assert.match(c.stderr, /^intake\.policy\.yaml:5:\d+: rule 'b': invalid condition/m);
    writeFileSync(join(dir, "intake.policy.yaml"), "rules: []\n");
    writeFileSync(
      join(dir, "intake.waivers.yaml"),
      "waivers:\n  - {package: x, reason: r, owner: o, expires: soon}\n",
    );
    const w = runCli(["policy", "validate"], { cwd: dir });
    assert.equal(w.code, 2);
    assert.match(w.stderr, /intake\.waivers\.yaml:2:\d+: waivers\.0\.expires: dates are written YYYY-MM-DD/);
  });

  it("validate without a policy file is a usage error", () => {
    assert.equal(runCli(["policy", "validate"], { cwd: temp() }).code, 2);
  });

  it("explain shows each rule's verdict for a package", () => {
    const dir = temp();
    writeFileSync(join(dir, "requirements.txt"), "requests==2.0.0\nflask==3.0.0\n");
    writeFileSync(
      join(dir, "intake.policy.yaml"),
      'rules:\n  - {id: no-requests, description: no, action: block, when: pkg.name == "requests"}\n  - {id: flask, description: f, action: warn, when: pkg.name == "flask"}\n',
    );
    const r = runCli(["policy", "explain", "requests", "--offline"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /requests@2\.0\.0 \(PyPI\) {2}→ {2}BLOCK/);
    assert.match(r.stdout, /BLOCK no-requests/);
    assert.match(r.stdout, /pass {2}flask/);
    const j = runCli(["policy", "explain", "pkg:pypi/flask@3.0.0", "--offline", "--json"], { cwd: dir });
    assert.equal(JSON.parse(j.stdout)[0].decision.action, "warn");
    assert.equal(runCli(["policy", "explain", "django", "--offline"], { cwd: dir }).code, 2);
  });

  it("test runs policy-tests fixtures: 0 when all pass, 1 when one fails", () => {
    const dir = temp();
    cpSync(EXAMPLE, dir, { recursive: true });
    const r = runCli(["policy", "test"], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /6 passed, 0 failed/);
    writeFileSync(
      join(dir, "policy-tests", "wrong.yaml"),
      "cases:\n  - name: wrong on purpose\n    package: { name: minimist, version: 1.2.5 }\n    findings: [{ id: GHSA-x, severity: high, fixed: [1.2.6] }]\n    expect: { action: allow }\n",
    );
    const f = runCli(["policy", "test"], { cwd: dir });
    assert.equal(f.code, 1);
    assert.match(
      f.stdout,
      /✗ policy-tests\/wrong\.yaml: wrong on purpose\n\s+expected action allow, got block/,
    );
    writeFileSync(join(dir, "policy-tests", "wrong.yaml"), "cases:\n  - name: x\n    pakage: {}\n");
    const bad = runCli(["policy", "test"], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /wrong\.yaml:2:5: cases\.0\.package/);
  });

  it("every policy command has --help with examples", () => {
    for (const sub of ["init", "validate", "explain", "test"]) {
      const r = runCli(["policy", sub, "--help"]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Examples:/, sub);
    }
  });
});
