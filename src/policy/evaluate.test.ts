import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Decision } from "../core/result.ts";
import { evaluatePolicy, type PolicyInput } from "./evaluate.ts";
import { defaultPolicy, parsePolicyText } from "./load.ts";
import { pkg, signal, vuln } from "./test-helpers.ts";
import type { CompiledPolicy } from "./types.ts";

const NOW = new Date("2026-06-15T12:00:00Z");

function policy(yaml: string): CompiledPolicy {
  const { rules, waivers } = parsePolicyText("test.yaml", yaml);
  return { source: "test.yaml", rules, waivers, chain: ["test.yaml"], notes: [] };
}

function one(p: CompiledPolicy, input: Partial<PolicyInput>, name = "a"): Decision {
  const full: PolicyInput = { packages: [], findings: [], signals: [], ...input };
  const d = evaluatePolicy(p, full, NOW).decisions.find((x) => x.package.name === name);
  assert.ok(d, `no decision for ${name}`);
  return d;
}

const rule = (when: string, extra = "") =>
  policy(`rules:\n  - id: r\n    description: the rule\n    action: block\n    when: '${when}'\n${extra}`);

describe("evaluatePolicy: the default policy", () => {
  const a = pkg("a");
  it("blocks malicious packages and suggests replacing them", () => {
    const f = { ...vuln(a, "MAL-2026-1", "critical"), kind: "malicious" as const };
    const d = one(defaultPolicy(), { packages: [a], findings: [f] });
    assert.equal(d.action, "block");
    assert.equal(d.remedy, "replace");
    assert.deepEqual(d.rules[0].evidence, ["MAL-2026-1"]);
    assert.ok(d.rules[0].s2c2f?.includes("SCA-4"));
  });
  it("blocks fixable high vulnerabilities with an upgrade remedy; warns about unfixable ones", () => {
    const fixable = vuln(a, "GHSA-1", "high", { fixed: ["1.0.1"], upgradeTo: "1.0.1" });
    const unfixable = vuln(a, "GHSA-2", "critical");
    let d = one(defaultPolicy(), { packages: [a], findings: [fixable, unfixable] });
    assert.equal(d.action, "block");
    assert.equal(d.remedy, "upgrade to 1.0.1");
    assert.deepEqual(
      d.rules.map((r) => [r.ruleId, r.evidence]),
      [
        ["fixable-critical-or-high", ["GHSA-1"]],
        ["other-vulnerability", ["GHSA-2"]],
      ],
    );
    d = one(defaultPolicy(), { packages: [a], findings: [unfixable] });
    assert.equal(d.action, "warn");
  });
  it("allows packages with nothing found", () => {
    assert.equal(one(defaultPolicy(), { packages: [a] }).action, "allow");
  });
});

describe("evaluatePolicy: rule kinds", () => {
  it("vulnerability score and severity", () => {
    const a = pkg("a");
    const p = rule("vulns.exists(v, v.hasScore && v.score >= 9.0)");
    assert.equal(
      one(p, { packages: [a], findings: [vuln(a, "X", "critical", { score: 9.8 })] }).action,
      "block",
    );
    assert.equal(one(p, { packages: [a], findings: [vuln(a, "X", "critical")] }).action, "allow");
  });
  it("package fields: name, direct, dev", () => {
    const direct = pkg("a", "1.0.0", { direct: true });
    const devOnly = pkg("b", "1.0.0", { scopes: ["dev"] });
    const p = rule('pkg.name.startsWith("a") && pkg.direct && !pkg.dev');
    assert.equal(one(p, { packages: [direct, devOnly] }, "a").action, "block");
    assert.equal(one(rule("pkg.dev"), { packages: [devOnly] }, "b").action, "block");
  });
  it("signals yes/no", () => {
    const a = pkg("a");
    const p = rule('signals.hasInstallScript == "yes"');
    assert.equal(one(p, { packages: [a], signals: [signal(a, "hasInstallScript", "yes")] }).action, "block");
    assert.equal(one(p, { packages: [a], signals: [signal(a, "hasInstallScript", "no")] }).action, "allow");
    const d = one(p, { packages: [a], signals: [signal(a, "hasInstallScript", "yes")] });
    assert.deepEqual(d.rules[0].evidence, ["hasInstallScript=yes"]);
  });
  it("licence expression and category, scorecard, provenance", () => {
    const a = pkg("a", "1.0.0", { license: "GPL-3.0-only" });
    assert.equal(one(rule('license.expression.contains("GPL")'), { packages: [a] }).action, "block");
    const lic = signal(a, "isCopyleft", "yes", { license: "GPL-3.0-only", category: "strong-copyleft" });
    assert.equal(
      one(rule('license.category == "strong-copyleft"'), { packages: [a], signals: [lic] }).action,
      "block",
    );
    const sc = signal(a, "hasLowScorecard", "yes", { score: 2.5 });
    const p = rule("scorecard != null && scorecard < 3.0");
    assert.equal(one(p, { packages: [a], signals: [sc] }).action, "block");
    assert.equal(one(p, { packages: [a] }).action, "allow");
    const prov = signal(a, "hasVerifiedProvenance", "yes");
    assert.equal(one(rule("!provenance.verified"), { packages: [a], signals: [prov] }).action, "allow");
    assert.equal(one(rule("!provenance.verified"), { packages: [a] }).action, "block");
  });
  it("onUnknown: no-match, match and warn", () => {
    const a = pkg("a");
    const unknown = signal(a, "isPossibleTyposquat", "unknown");
    const base = 'signals.isPossibleTyposquat == "yes"';
    assert.equal(
      one(rule(base, "    onUnknown: no-match\n"), { packages: [a], signals: [unknown] }).action,
      "allow",
    );
    const m = one(rule(base, "    onUnknown: match\n"), { packages: [a], signals: [unknown] });
    assert.equal(m.action, "block");
    assert.match(m.rules[0].message, /could not tell: isPossibleTyposquat is unknown/);
    assert.equal(one(rule(base, "    onUnknown: warn\n"), { packages: [a], signals: [] }).action, "warn");
    const err = signal(a, "isPossibleTyposquat", "error");
    assert.equal(one(rule(base, "    onUnknown: warn\n"), { packages: [a], signals: [err] }).action, "warn");
    // A known answer is never overridden by onUnknown.
    assert.equal(
      one(rule(base, "    onUnknown: match\n"), {
        packages: [a],
        signals: [signal(a, "isPossibleTyposquat", "no")],
      }).action,
      "allow",
    );
  });
  it("scope: ecosystems, includeDev, direct", () => {
    const a = pkg("a", "1.0.0", { scopes: ["dev"] });
    const py = { ...pkg("b"), ecosystem: "PyPI" as const, purl: "pkg:pypi/b@1.0.0" };
    assert.equal(one(rule("true", "    scope: { includeDev: false }\n"), { packages: [a] }).action, "allow");
    assert.equal(
      one(rule("true", "    scope: { ecosystems: [PyPI] }\n"), { packages: [a, py] }, "a").action,
      "allow",
    );
    assert.equal(
      one(rule("true", "    scope: { ecosystems: [PyPI] }\n"), { packages: [a, py] }, "b").action,
      "block",
    );
    assert.equal(one(rule("true", "    scope: { direct: true }\n"), { packages: [a] }).action, "allow");
  });
  it("runtime errors are counted in a notice and follow onUnknown", () => {
    const a = pkg("a");
    const p = rule("vulns[3].score > 1.0", "    onUnknown: warn\n");
    const out = evaluatePolicy(p, { packages: [a], findings: [], signals: [] }, NOW);
    assert.equal(out.decisions[0].action, "warn");
    assert.match(out.notices[0].message, /rule 'r' could not be evaluated for 1 package/);
  });
  it("packages that share a context share results, and only then", () => {
    const a = pkg("a", "1.0.0", { direct: true });
    const b = pkg("b", "1.0.0", { direct: false });
    const c = pkg("c", "1.0.0", { direct: true });
    const d = pkg("d", "2.0.0", { direct: true });
    const sigs = [
      signal(a, "hasInstallScript", "yes"),
      signal(b, "hasInstallScript", "yes"),
      signal(c, "hasInstallScript", "no"),
    ];
    const p = policy(
      "rules:\n" +
        "  - {id: direct-script, description: d, action: block, when: 'signals.hasInstallScript == \"yes\" && pkg.direct'}\n" +
        "  - {id: named, description: d, action: warn, when: 'pkg.name == \"d\"'}\n" +
        '  - {id: many, description: d, action: info, when: "vulns.size() > 1"}\n',
    );
    const f1 = vuln(d, "X-1", "low");
    const f2 = vuln(d, "X-2", "low");
    const out = evaluatePolicy(p, { packages: [a, b, c, d], findings: [f1, f2], signals: sigs }, NOW);
    assert.deepEqual(
      out.decisions.map((x) => `${x.package.name}:${x.action}:${x.rules.map((h) => h.ruleId).join(",")}`),
      ["a:block:direct-script", "b:allow:", "c:allow:", "d:warn:named,many"],
    );
  });

  it("does not modify its input", () => {
    const a = pkg("a");
    const findings = [vuln(a, "GHSA-1", "high", { fixed: ["2"] })];
    const copy = structuredClone(findings);
    const p = policy(
      `waivers:\n  - {finding: GHSA-1, reason: r, owner: o, expires: 2027-01-01}\n` +
        `rules:\n  - {id: r, description: d, action: block, when: "vulns.size() > 0"}\n`,
    );
    const out = evaluatePolicy(p, { packages: [a], findings, signals: [] }, NOW);
    assert.deepEqual(findings, copy);
    assert.equal(out.findings[0].suppressed?.by, "waiver");
  });
});

describe("waivers", () => {
  const a = pkg("lodash", "4.17.20");
  const f = vuln(a, "GHSA-aaaa", "high", { aliases: ["CVE-2021-1"], fixed: ["4.17.21"] });
  const withWaiver = (w: string) => policy(`waivers:\n  - ${w}\n`);
  const dp = defaultPolicy();
  const run = (waiver: string) => {
    const p = withWaiver(waiver);
    p.rules = dp.rules;
    return evaluatePolicy(p, { packages: [a], findings: [f], signals: [] }, NOW);
  };

  it("a finding waiver suppresses the finding and shows the waived hit", () => {
    const out = run(
      "{id: w1, finding: CVE-2021-1, package: 'pkg:npm/lodash', reason: not reachable, owner: sec, expires: 2026-12-31}",
    );
    assert.equal(out.findings[0].suppressed?.ref, "w1");
    assert.equal(out.findings[0].suppressed?.owner, "sec");
    const d = out.decisions[0];
    assert.equal(d.action, "allow");
    assert.equal(d.rules[0].ruleId, "fixable-critical-or-high");
    assert.equal(d.rules[0].waived?.ref, "w1");
    assert.equal(d.remedy, "waived");
  });
  it("a rule waiver waives the hit but leaves the finding", () => {
    const out = run(
      "{id: w2, rule: fixable-critical-or-high, package: 'pkg:npm/lodash@4.*', reason: r, owner: o, expires: 2026-12-31}",
    );
    assert.equal(out.findings[0].suppressed, undefined);
    assert.equal(out.decisions[0].action, "allow");
    assert.equal(out.decisions[0].rules[0].waived?.by, "waiver");
  });
  it("an expired waiver stops applying and is reported", () => {
    const out = run("{id: old, finding: GHSA-aaaa, reason: r, owner: o, expires: 2026-06-14}");
    assert.equal(out.findings[0].suppressed, undefined);
    assert.equal(out.decisions[0].action, "block");
    assert.ok(
      out.notices.some((n) => n.level === "warning" && /waiver 'old'.*expired on 2026-06-14/.test(n.message)),
    );
  });
  it("a waiver applies through its expiry day, and expiring soon is noted", () => {
    const out = run("{id: today, finding: GHSA-aaaa, reason: r, owner: o, expires: 2026-06-15}");
    assert.equal(out.decisions[0].action, "allow");
    assert.ok(out.notices.some((n) => /expires on 2026-06-15, in 0 days/.test(n.message)));
  });
  it("a waiver for another package does not apply and is reported unused", () => {
    const out = run(
      "{id: other, package: 'pkg:npm/left-pad', finding: GHSA-aaaa, reason: r, owner: o, expires: 2027-01-01}",
    );
    assert.equal(out.decisions[0].action, "block");
    assert.ok(out.notices.some((n) => /waiver 'other'.*matched nothing/.test(n.message)));
  });
});
