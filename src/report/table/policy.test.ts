import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ScanResult } from "../../core/result.ts";
import { tableReporter } from "./index.ts";

const canonical = (): ScanResult =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "__fixtures__", "canonical-scan.json"), "utf8"));

const render = (r: ScanResult, extra: { color?: boolean; quiet?: boolean; verbose?: boolean } = {}) =>
  tableReporter.render(r, { color: false, quiet: false, command: "scan", ...extra });

describe("table reporter: scan summary and policy details", () => {
  it("starts with the one-screen summary: outcome, decisions, findings, inventory, blocked", () => {
    const lines = render(canonical()).split("\n");
    assert.match(lines[0], /^Policy {4}BLOCKED — 2 packages blocked/);
    assert.match(lines[1], /^Decisions 2 block · 1 warn · 1 info · 2 allowed · 2 waived/);
    assert.match(lines[2], /^Findings {2}1 malicious · 1 high · 1 medium · 2 suppressed/);
    assert.match(lines[3], /^Inventory 6 packages from 2 sources, 1 could not be read/);
    assert.equal(lines[5], "Blocked (2)");
  });
  it("shows every waiver and VEX statement used, with owner and expiry", () => {
    const out = render(canonical());
    assert.match(out, /minimist@1\.2\.5 fixable-critical-or-high: vex vendor\.openvex\.json — not_affected/);
    assert.match(
      out,
      /esbuild@0\.19\.0 other-vulnerability: waiver esbuild-dev-server, owner platform-team, until 2026-12-31/,
    );
  });
  it("colours on a TTY and not otherwise", () => {
    assert.ok(render(canonical(), { color: true }).includes("\u001b[31m"));
    assert.ok(!render(canonical()).includes("\u001b["));
  });
  it("says PASSED when nothing warns or blocks, and mentions the default policy", () => {
    const r = canonical();
    r.decisions = r.decisions.map((d) => ({ ...d, action: "allow" as const, rules: [] }));
    r.summary.decisions = { block: 0, warn: 0, info: 0, allow: 6 };
    r.policy = { source: "default", name: "default", rules: 3, notes: ["the default policy applies"] };
    const out = render(r);
    assert.match(out.split("\n")[0], /^Policy {4}PASSED {2}\(default, 3 rules\)/);
    assert.match(out, /the default policy applies/);
    assert.ok(!out.includes("Blocked ("));
  });
  it("--verbose lists threats and S2C2F ids of each hit", () => {
    assert.match(render(canonical(), { verbose: true }), /threats malicious-package · S2C2F SCA-4, ING-3/);
  });
});
