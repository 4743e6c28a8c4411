import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "intake-policy-cli-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const BLOCK_REQUESTS = `rules:
  - id: no-requests
    description: requests is not allowed
    action: block
    when: pkg.name == "requests"
  - id: warn-flask
    description: flask warns
    action: warn
    when: pkg.name == "flask"
`;

describe("intake scan exit codes (policy)", () => {
  it("0 when nothing is blocked", () => {
    const dir = tree({ "requirements.txt": "flask==3.0.0\n", "intake.policy.yaml": BLOCK_REQUESTS });
    const r = runCli(["scan", ".", "--offline", "-f", "json"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).decisions[0].action, "warn");
  });
  it("1 when the policy blocks something; --fail-on warn also fails on warnings", () => {
    const dir = tree({ "requirements.txt": "requests==2.0.0\n", "intake.policy.yaml": BLOCK_REQUESTS });
    assert.equal(runCli(["scan", ".", "--offline"], { cwd: dir }).code, 1);
    const warnOnly = tree({ "requirements.txt": "flask==3.0.0\n", "intake.policy.yaml": BLOCK_REQUESTS });
    assert.equal(runCli(["scan", ".", "--offline", "--fail-on", "warn"], { cwd: warnOnly }).code, 1);
  });
  it("2 when the policy is invalid, naming file, line and column", () => {
    const dir = tree({
      "requirements.txt": "requests==2.0.0\n",
      "intake.policy.yaml":
        "rules:\n  - id: a\n    description: d\n    action: block\n    when: pkg.nam ==\n",
    });
    const r = runCli(["scan", ".", "--offline"], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /intake\.policy\.yaml:5:\d+: rule 'a': invalid condition/);
  });
  it("2 for a missing --policy file or VEX file", () => {
    const dir = tree({ "requirements.txt": "requests==2.0.0\n" });
    assert.equal(runCli(["scan", ".", "--offline", "--policy", "nope.yaml"], { cwd: dir }).code, 2);
    assert.equal(runCli(["scan", ".", "--offline", "--vex", "nope.json"], { cwd: dir }).code, 2);
  });
  it("3 when an input cannot be read (and nothing is blocked)", () => {
    const dir = tree({ "requirements.txt": "flask==3.0.0\n", "sub/package-lock.json": "{ not json" });
    const r = runCli(["scan", ".", "--offline"], { cwd: dir });
    assert.equal(r.code, 3, r.stdout + r.stderr);
  });
  it("a block beats unreadable inputs: 1", () => {
    const dir = tree({
      "requirements.txt": "requests==2.0.0\n",
      "intake.policy.yaml": BLOCK_REQUESTS,
      "sub/package-lock.json": "{ not json",
    });
    assert.equal(runCli(["scan", ".", "--offline"], { cwd: dir }).code, 1);
  });
  it("--vex suppresses with the justification shown; --baseline reports only what is new", () => {
    const dir = tree({
      "vex.json": JSON.stringify({
        "@context": "https://openvex.dev/ns/v0.2.0",
        statements: [
          {
            vulnerability: { name: "GHSA-xvch-5gv4-984h" },
            products: [{ "@id": "pkg:npm/minimist@1.2.5" }],
            status: "not_affected",
            justification: "vulnerable_code_not_in_execute_path",
          },
        ],
      }),
    });
    const base = runCli(["scan", "examples/webapp", "--offline", "-f", "json"]);
    assert.equal(base.code, 1, base.stderr);
    const before = JSON.parse(base.stdout);
    assert.equal(
      before.decisions.find((d: { package: { name: string } }) => d.package.name === "minimist").action,
      "block",
    );
    const r = runCli(["scan", "examples/webapp", "--offline", "-f", "json", "--vex", join(dir, "vex.json")]);
    const after = JSON.parse(r.stdout);
    const f = after.findings.find((x: { id: string }) => x.id === "GHSA-xvch-5gv4-984h");
    assert.equal(f.suppressed.justification, "not_affected: vulnerable_code_not_in_execute_path");
    const d = after.decisions.find((x: { package: { name: string } }) => x.package.name === "minimist");
    assert.equal(d.action, "allow");
    assert.equal(d.rules[0].waived.by, "vex");
    writeFileSync(join(dir, "base.json"), base.stdout);
    const pr = runCli([
      "scan",
      "examples/webapp",
      "--offline",
      "-f",
      "json",
      "--baseline",
      join(dir, "base.json"),
    ]);
    assert.equal(pr.code, 0, "nothing new since the baseline: nothing blocks");
    const prDoc = JSON.parse(pr.stdout);
    assert.equal(prDoc.findings.length, 0);
    assert.ok(prDoc.notices.some((n: { message: string }) => /only what is new is shown/.test(n.message)));
  });
});
