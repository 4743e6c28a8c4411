import { resolve, sep } from "node:path";
import type { Package } from "../core/package.ts";
import type { Decision, Finding, SignalResult } from "../core/result.ts";
import { buildContext, type PackageContext } from "./context.ts";
import { evaluatePolicy, type PolicyInput } from "./evaluate.ts";
import type { CompiledRule, PolicySet } from "./types.ts";

export type RuleStatus = "fires" | "no match" | "out of scope" | "unknown" | "error";

export interface RuleExplanation {
  ruleId: string;
  origin: string;
  action: CompiledRule["action"];
  when: string;
  status: RuleStatus;
  /** What the hit became in the decision (action, waived), when it fired. */
  hit?: Decision["rules"][number];
  detail?: string;
}

export interface PackageExplanation {
  package: Package;
  decision: Decision;
  context: PackageContext;
  rules: RuleExplanation[];
}

/** Does a user's PACKAGE argument (name, name@version, or purl) name this package? */
export function packageSelector(spec: string): (p: Package) => boolean {
  if (spec.startsWith("pkg:")) {
    const want = decodeURIComponent(spec).toLowerCase();
    return (p) => {
      const have = decodeURIComponent(p.purl).toLowerCase();
      return have === want || have.startsWith(`${want}@`) || have.split("?")[0] === want;
    };
  }
  const at = spec.lastIndexOf("@");
  if (at > 0) {
    const name = spec.slice(0, at);
    const version = spec.slice(at + 1);
    return (p) => (p.name === name || p.normalizedName === name) && p.version === version;
  }
  return (p) => p.name === spec || p.normalizedName === spec;
}

/**
 * Why the policy decided what it did for each matching package: every rule, whether it fired,
 * was out of scope, or could not tell, with the CEL context it saw.
 */
export function explainPackages(
  set: PolicySet,
  input: PolicyInput,
  select: (p: Package) => boolean,
  now: Date,
): PackageExplanation[] {
  const packages = input.packages.filter(select);
  if (packages.length === 0) return [];
  const purls = new Set(packages.map((p) => p.purl));
  const sub: PolicyInput = {
    packages,
    findings: input.findings.filter((f) => purls.has(f.package.purl)),
    signals: input.signals.filter((s) => purls.has(s.package.purl)),
  };
  const evaluation = evaluatePolicy(set, sub, now);
  const defaults: Record<string, string> = {};
  for (const p of [set.root, ...set.nested])
    for (const r of p.rules) for (const id of r.condition.signalIds) defaults[id] = "unknown";
  return packages.map((pkg, i) => {
    const decision = evaluation.decisions[i];
    const findings: Finding[] = evaluation.findings.filter(
      (f) => f.package.purl === pkg.purl && !f.suppressed,
    );
    const signals: SignalResult[] = sub.signals.filter((s) => s.package.purl === pkg.purl);
    const context = buildContext(pkg, findings, signals, defaults);
    // Rules of every policy that judges this package (the evaluator picks by location).
    const rules: CompiledRule[] = [];
    const seen = new Set<string>();
    for (const p of [set.root, ...set.nested]) {
      const applies =
        p === set.root ||
        pkg.locations.some((l) => p.dir !== undefined && resolveUnder(set.cwd, l.path, p.dir));
      if (!applies) continue;
      for (const r of p.rules) {
        const key = `${p.source}\u0000${r.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(r);
      }
    }
    const explanations = rules.map((rule): RuleExplanation => {
      const hit = decision.rules.find((h) => h.ruleId === rule.id);
      const base = { ruleId: rule.id, origin: rule.origin, action: rule.action, when: rule.condition.source };
      if (hit) return { ...base, status: "fires", hit };
      let value: unknown;
      try {
        value = rule.condition.evaluate(context as unknown as Record<string, unknown>);
      } catch (e) {
        return { ...base, status: "error", detail: ((e as Error).message ?? String(e)).split("\n")[0] };
      }
      if (value === true) return { ...base, status: "out of scope", detail: describeScope(rule) };
      const unknown = rule.condition.signalIds.filter(
        (id) => context.signals[id] === "unknown" || context.signals[id] === "error",
      );
      if (unknown.length)
        return {
          ...base,
          status: "unknown",
          detail: `${unknown.map((id) => `${id} is ${context.signals[id]}`).join(", ")}; onUnknown: ${rule.onUnknown}`,
        };
      return { ...base, status: "no match" };
    });
    return { package: pkg, decision, context, rules: explanations };
  });
}

function resolveUnder(cwd: string, path: string, dir: string): boolean {
  const abs = resolve(cwd, path);
  return abs === dir || abs.startsWith(dir + sep);
}

function describeScope(rule: CompiledRule): string {
  const s = rule.scope;
  if (!s) return "";
  const parts: string[] = [];
  if (s.ecosystems) parts.push(`ecosystems ${s.ecosystems.join(", ")}`);
  if (s.paths) parts.push(`paths ${s.paths.join(", ")}`);
  if (s.includeDev === false) parts.push("not development-only packages");
  if (s.direct !== undefined)
    parts.push(s.direct ? "direct dependencies only" : "transitive dependencies only");
  return `the condition holds, but the rule only covers ${parts.join("; ")}`;
}
