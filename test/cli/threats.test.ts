import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../helpers/cli.ts";

test("intake threats list / show / attacks / matrix work and give JSON", () => {
  const list = runCli(["threats", "list", "--format", "json"]);
  assert.equal(list.code, 0, list.stderr);
  assert.ok(JSON.parse(list.stdout).length >= 20);
  const show = runCli(["threats", "show", "dependency-confusion"]);
  assert.equal(show.code, 0);
  assert.match(show.stdout, /torchtriton/);
  const attacks = runCli(["threats", "attacks", "--ecosystem", "PyPI", "--format", "json"]);
  assert.ok(JSON.parse(attacks.stdout).every((a: { ecosystems: string[] }) => a.ecosystems.includes("PyPI")));
  const matrix = runCli(["threats", "matrix", "--format", "markdown"]);
  assert.match(matrix.stdout, /^\| Threat \|/);
});

test("an unknown threat is a usage error (exit 2)", () => {
  const r = runCli(["threats", "show", "no-such-threat"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown threat 'no-such-threat'/);
});

test("intake threats coverage reads a policy and ranks next steps", () => {
  const dir = mkdtempSync(join(tmpdir(), "intake-cov-"));
  const policy = join(dir, "policy.yaml");
  writeFileSync(
    policy,
    "rules:\n  - id: no-malware\n    description: block malware\n    action: block\n    when: malicious\n",
  );
  const r = runCli(["threats", "coverage", "--policy", policy, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.threats.find((t: { id: string }) => t.id === "malicious-package").status, "mitigated");
  assert.ok(report.nextSteps.length > 0);
});

test("intake assess --init writes a questionnaire that assess then reads", () => {
  const dir = mkdtempSync(join(tmpdir(), "intake-assess-"));
  const init = runCli(["assess", "--init"], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  const file = join(dir, "intake.assessment.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("ING-1: { answer: no", "ING-1: { answer: yes"));
  const r = runCli(["assess", "--format", "json", "--archetype", "small-team"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.requirements.find((x: { id: string }) => x.id === "ING-1").met, true);
  assert.equal(a.targetLevel, 2);
  const again = runCli(["assess", "--init"], { cwd: dir });
  assert.equal(again.code, 2);
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, "answers:\n  ING-1: maybe\n");
  const b = runCli(["assess", "--answers", bad], { cwd: dir });
  assert.equal(b.code, 2);
  assert.match(b.stderr, /bad\.yaml.*ING-1: answer must be one of/);
});
