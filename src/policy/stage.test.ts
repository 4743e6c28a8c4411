import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runScan } from "../pipeline/scan.ts";
import { PolicyError } from "./errors.ts";

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "intake-policy-stage-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ROOT_POLICY = `name: org
rules:
  - id: no-requests
    description: requests is not allowed
    action: block
    when: pkg.name == "requests"
  - id: note-flask
    description: flask is noted
    action: info
    when: pkg.name == "flask"
`;

describe("policy stage: discovery and monorepos", () => {
  it("uses the default policy when none is found, and says so", async () => {
    const dir = tree({ "requirements.txt": "requests==2.0.0\n" });
    const r = await runScan([dir], { cwd: dir, offline: true });
    assert.equal(r.policy?.source, "default");
    assert.match(r.policy?.notes?.[0] ?? "", /default policy applies/);
    assert.equal(r.decisions.length, 1);
    assert.equal(r.decisions[0].action, "allow");
  });

  it("a policy in a subfolder extends the one above and applies to the lockfiles under it", async () => {
    const dir = tree({
      "intake.policy.yaml": ROOT_POLICY,
      "requirements.txt": "requests==2.0.0\nflask==3.0.0\n",
      "services/legacy/intake.policy.yaml": `disable: [no-requests]\nrules:\n  - {id: legacy-flask, description: flask warns here, action: warn, when: 'pkg.name == "flask"'}\n`,
      "services/legacy/requirements.txt": "requests==2.1.0\nflask==3.0.1\n",
      "services/api/requirements.txt": "requests==2.2.0\n",
    });
    const r = await runScan(["."], { cwd: dir, offline: true });
    const by = (name: string, version: string) =>
      r.decisions.find((d) => d.package.name === name && d.package.version === version);
    assert.equal(r.policy?.source, "intake.policy.yaml");
    assert.equal(r.policy?.name, "org");
    assert.equal(by("requests", "2.0.0")?.action, "block");
    assert.equal(by("requests", "2.2.0")?.action, "block", "services/api inherits the root policy");
    assert.equal(by("requests", "2.1.0")?.action, "allow", "services/legacy disables the rule");
    const flask = by("flask", "3.0.1");
    assert.equal(flask?.action, "warn");
    assert.deepEqual(
      flask?.rules.map((h) => h.ruleId).sort(),
      ["legacy-flask", "note-flask"],
      "inherited + own",
    );
    assert.equal(by("flask", "3.0.0")?.action, "info");
    assert.ok(
      r.policy?.notes?.some((n) =>
        /services\/legacy\/intake.policy.yaml applies under services\/legacy/.test(n),
      ),
    );
  });

  it("scope.paths globs are relative to the policy file", async () => {
    const dir = tree({
      "intake.policy.yaml":
        'rules:\n  - {id: svc-only, description: d, action: warn, when: "true", scope: {paths: ["services/**"]}}\n',
      "requirements.txt": "flask==3.0.0\n",
      "services/api/requirements.txt": "flask==3.0.1\n",
    });
    const r = await runScan(["."], { cwd: dir, offline: true });
    const by = (v: string) => r.decisions.find((d) => d.package.version === v)?.action;
    assert.equal(by("3.0.0"), "allow");
    assert.equal(by("3.0.1"), "warn");
  });

  it("`root: true` stops inheritance", async () => {
    const dir = tree({
      "intake.policy.yaml": ROOT_POLICY,
      "sub/intake.policy.yaml": "root: true\nrules: []\n",
      "sub/requirements.txt": "requests==2.0.0\n",
    });
    const r = await runScan(["."], { cwd: dir, offline: true });
    assert.equal(r.decisions[0].action, "allow");
  });

  it("finds the policy in a parent of the scanned folder, and intake.waivers.yaml beside it", async () => {
    const dir = tree({
      "intake.policy.yaml": ROOT_POLICY,
      "intake.waivers.yaml":
        "waivers:\n  - {id: legacy-ok, package: requests, rule: no-requests, reason: migrating, owner: team-a, expires: 2099-01-01}\n",
      "app/requirements.txt": "requests==2.0.0\n",
    });
    const r = await runScan([join(dir, "app")], { cwd: join(dir, "app"), offline: true });
    assert.match(r.policy?.source ?? "", /intake\.policy\.yaml$/);
    assert.equal(r.decisions[0].action, "allow");
    assert.equal(r.decisions[0].rules[0].waived?.ref, "legacy-ok");
    assert.equal(r.decisions[0].rules[0].waived?.owner, "team-a");
  });

  it("--policy FILE and presets override discovery; a bad policy is a PolicyError with its line", async () => {
    const dir = tree({
      "intake.policy.yaml": ROOT_POLICY,
      "requirements.txt": "requests==2.0.0\n",
      "other.yaml": "rules:\n  - id: x\n    description: d\n    action: nope\n    when: malicious\n",
    });
    const r = await runScan(["."], { cwd: dir, offline: true, policy: { file: "strict" } });
    assert.equal(r.policy?.source, "preset:strict");
    assert.ok(!r.decisions[0].rules.some((h) => h.ruleId === "no-requests"));
    assert.notEqual(r.decisions[0].action, "block");
    await assert.rejects(
      runScan(["."], { cwd: dir, offline: true, policy: { file: "other.yaml" } }),
      (e: unknown) => e instanceof PolicyError && e.file === "other.yaml" && e.line === 4,
    );
  });

  it("baseline: only what is new is reported", async () => {
    const dir = tree({
      "intake.policy.yaml": ROOT_POLICY,
      "requirements.txt": "requests==2.0.0\nflask==3.0.0\n",
    });
    const before = await runScan(["."], { cwd: dir, offline: true });
    // The baseline knew about requests but not flask.
    before.decisions = before.decisions.filter((d) => d.package.name === "requests");
    writeFileSync(join(dir, "base.json"), JSON.stringify(before));
    const r = await runScan(["."], { cwd: dir, offline: true, policy: { baseline: "base.json" } });
    assert.equal(r.decisions.find((d) => d.package.name === "requests")?.action, "allow");
    assert.equal(r.decisions.find((d) => d.package.name === "flask")?.action, "info");
    assert.ok(r.notices.some((n) => /1 rule hit\(s\) already reported/.test(n.message)));
    writeFileSync(join(dir, "bad.json"), "[]");
    await assert.rejects(
      runScan(["."], { cwd: dir, offline: true, policy: { baseline: "bad.json" } }),
      (e: unknown) => e instanceof PolicyError && e.code === "baseline-invalid",
    );
  });
});
