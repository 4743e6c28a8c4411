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
});
