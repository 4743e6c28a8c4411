// Policy benchmark: evaluate 30 rules over the 2,194-package inventory of
// ../shared/data/large-lockfiles/SAP+risk-explorer-for-software-supply-chains/package-lock.json,
// with findings synthesised for every 10th package (varied severity, fixes, a few malicious).
// Scenario A: findings only (the target: <= 50 ms). Scenario B: also 6 signal answers per package,
// as a networked scan collects them (no two packages share a context then).
// Usage: npm run bench -- policy      (results go into docs/benchmarks.md by hand)

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makePackage, type Package } from "../src/core/package.ts";
import type { Finding, Severity, SignalResult } from "../src/core/result.ts";
import { evaluatePolicy } from "../src/policy/evaluate.ts";
import { loadPolicy, parsePolicyText } from "../src/policy/load.ts";
import type { CompiledPolicy } from "../src/policy/types.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"), "large-lockfiles");
const BIG_NPM = join(DATA, "SAP+risk-explorer-for-software-supply-chains/package-lock.json");

// 11 rules of our own on top of the strict preset's 19: 30 in all. Several read `pkg`, so they
// cannot reuse one result across packages.
const EXTRA = `
rules:
  - {id: x-internal-scope, description: d, action: block, when: 'pkg.name.startsWith("@internal/") && !pkg.direct'}
  - {id: x-old-major, description: d, action: info, when: 'pkg.version.startsWith("0.")', scope: {includeDev: false}}
  - {id: x-many-vulns, description: d, action: warn, when: 'vulns.size() >= 2'}
  - {id: x-scored, description: d, action: warn, when: 'vulns.exists(v, v.hasScore && v.score >= 9.0)'}
  - {id: x-dev-critical, description: d, action: info, when: 'pkg.dev && vulns.exists(v, v.severity == "critical")'}
  - {id: x-direct-high, description: d, action: block, when: 'pkg.direct && vulns.exists(v, v.severity == "high" && v.hasFix)'}
  - {id: x-alias-cve, description: d, action: info, when: 'vulns.exists(v, v.aliases.exists(a, a.startsWith("CVE-2021")))'}
  - {id: x-lodash, description: d, action: warn, when: 'pkg.name == "lodash" && pkg.version < "4.17.21"'}
  - {id: x-agpl, description: d, action: block, when: 'license.expression.contains("AGPL")', scope: {ecosystems: [npm]}}
  - {id: x-install-direct, description: d, action: warn, when: 'signals.hasInstallScript == "yes" && pkg.direct', onUnknown: no-match}
  - {id: x-purl, description: d, action: info, when: 'pkg.purl.contains("%40types")', scope: {includeDev: false}}
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(): Promise<void> {
  // One package per `packages` key (the parser would merge equal name@version pairs: 1,584).
  const lock = JSON.parse(readFileSync(BIG_NPM, "utf8")) as {
    name?: string;
    packages: Record<string, { version?: string; name?: string; dev?: boolean; optional?: boolean }>;
  };
  const packages: Package[] = Object.entries(lock.packages).map(([key, v], i) =>
    makePackage({
      ecosystem: "npm",
      name: key === "" ? (lock.name ?? "root") : (v.name ?? key.slice(key.lastIndexOf("node_modules/") + 13)),
      version: v.version ?? "0.0.0",
      direct: key.split("node_modules/").length === 2,
      scopes: v.dev ? ["dev"] : v.optional ? ["optional"] : ["prod"],
      locations: [{ path: "package-lock.json", line: i + 1 }],
    }),
  );
  const severities: Severity[] = ["critical", "high", "medium", "low", "unknown"];
  const findings: Finding[] = [];
  packages.forEach((p, i) => {
    if (i % 10 !== 0) return;
    const ref = { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl };
    const n = 1 + (i % 3);
    for (let k = 0; k < n; k++) {
      const rating = severities[(i + k) % severities.length];
      findings.push({
        kind: i % 170 === 0 && k === 0 ? "malicious" : "vulnerability",
        id: `GHSA-bench-${i}-${k}`,
        aliases: [`CVE-202${(i + k) % 5}-${1000 + i}`],
        package: ref,
        severity: rating === "unknown" ? { rating } : { rating, score: 2 + ((i + k) % 8) },
        fixed: (i + k) % 2 === 0 ? ["99.0.0"] : [],
        ...((i + k) % 2 === 0 ? { upgradeTo: "99.0.0" } : {}),
      });
    }
  });
  const signals: SignalResult[] = [];
  const ids = [
    "hasInstallScript",
    "isDeprecated",
    "isPossibleTyposquat",
    "publishedWithinDays",
    "hasVerifiedProvenance",
    "lacksIntegrity",
  ];
  packages.forEach((p, i) => {
    const ref = { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl };
    ids.forEach((id, k) => {
      const outcome = (["no", "no", "no", "yes", "unknown"] as const)[(i + k) % 5];
      signals.push({ id, package: ref, outcome, evidence: {} });
    });
  });

  const t0 = performance.now();
  const strict = loadPolicy("strict");
  const extra = parsePolicyText("bench.yaml", EXTRA);
  const policy: CompiledPolicy = { ...strict, rules: [...strict.rules, ...extra.rules] };
  const compileMs = performance.now() - t0;
  if (policy.rules.length !== 30) throw new Error(`expected 30 rules, have ${policy.rules.length}`);
  const now = new Date("2026-06-15T00:00:00Z");

  const run = (withSignals: boolean) => {
    const input = { packages, findings, signals: withSignals ? signals : [] };
    evaluatePolicy(policy, input, now); // warm-up (JIT)
    evaluatePolicy(policy, input, now);
    const times: number[] = [];
    const cpu: number[] = [];
    let out = evaluatePolicy(policy, input, now);
    for (let i = 0; i < 25; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      out = evaluatePolicy(policy, input, now);
      times.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    const counts = { block: 0, warn: 0, info: 0, allow: 0 };
    for (const d of out.decisions) counts[d.action]++;
    const byRule: Record<string, number> = {};
    for (const d of out.decisions) for (const h of d.rules) byRule[h.ruleId] = (byRule[h.ruleId] ?? 0) + 1;
    if (process.env.BENCH_DEBUG) console.log(byRule);
    return { median: median(times), best: Math.min(...times), cpu: median(cpu), counts };
  };
  const a = run(false);
  const b = run(true);
  const load = (await import("node:os")).loadavg()[0].toFixed(1);
  console.log(
    `packages ${packages.length}, findings ${findings.length} on ${(packages.length / 10) | 0} packages, rules ${policy.rules.length}`,
  );
  console.log(`load + compile 30 rules (presets default → strict + 11 own): ${compileMs.toFixed(1)} ms`);
  for (const [name, r] of [
    ["A findings only", a],
    ["B findings + 6 signals", b],
  ] as const)
    console.log(
      `${name.padEnd(24)} wall median ${r.median.toFixed(1)} ms, best ${r.best.toFixed(1)} ms; CPU median ${r.cpu.toFixed(1)} ms  ${JSON.stringify(r.counts)}`,
    );
  console.log(`load average ${load}`);
}

await main();
