import { relative, resolve, sep } from "node:path";
import type { Package } from "../core/package.ts";
import { toRef } from "../core/package.ts";
import type {
  Action,
  Decision,
  Finding,
  RuleHit,
  ScanResult,
  SignalResult,
  Suppression,
} from "../core/result.ts";
import { globToRegExp } from "../inventory/discover.ts";
import { buildContext, isDevOnly, type PackageContext } from "./context.ts";
import type { CompiledPolicy, CompiledRule, PolicySet, Waiver } from "./types.ts";
import { daysLeft, findingMatches, findingWaiver, isExpired, ruleWaiver, suppressionFor } from "./waivers.ts";

export interface PolicyInput {
  packages: Package[];
  findings: Finding[];
  signals: SignalResult[];
}

export interface PolicyEvaluation {
  /** One decision per package, in package order. */
  decisions: Decision[];
  /** The input findings, with `suppressed` set where a waiver applies (VEX suppressions are kept). */
  findings: Finding[];
  notices: ScanResult["notices"];
}

/** Results shared by packages whose contexts agree on everything shareable conditions read. */
interface ShareEntry {
  outcomes: (boolean | "error" | undefined)[];
  evidence: (string[] | undefined)[];
}

interface TrieNode {
  next?: Map<unknown, TrieNode>;
  entry?: ShareEntry;
}

function step(node: TrieNode, key: unknown): TrieNode {
  node.next ??= new Map();
  let n = node.next.get(key);
  if (!n) {
    n = {};
    node.next.set(key, n);
  }
  return n;
}

const RANK: Record<Action | "allow", number> = { allow: 0, info: 1, warn: 2, block: 3 };

/** Notices about waivers that expire within this many days. */
const EXPIRY_WARNING_DAYS = 14;

/**
 * Judge every package against the policy. Pure: the same input and `now` give the same output,
 * and the input is not modified.
 */
export function evaluatePolicy(
  policy: CompiledPolicy | PolicySet,
  input: PolicyInput,
  now: Date,
): PolicyEvaluation {
  const set: PolicySet = "root" in policy ? policy : { root: policy, nested: [], cwd: process.cwd() };
  const notices: ScanResult["notices"] = [];
  const allPolicies = [set.root, ...set.nested];

  // Waivers: split live from expired, once.
  const waiverUse = new Map<Waiver, number>();
  const liveWaivers = new Map<CompiledPolicy, Waiver[]>();
  const seenExpired = new Set<Waiver>();
  const expiredKey = new Set<string>();
  for (const p of allPolicies) {
    const live: Waiver[] = [];
    for (const w of [...p.waivers, ...(set.extraWaivers ?? [])]) {
      if (isExpired(w, now)) {
        const key = `${w.origin}\u0000${w.id}`;
        if (!seenExpired.has(w) && !expiredKey.has(key)) {
          expiredKey.add(key);
          notices.push({
            level: "warning",
            message: `waiver '${w.id}' (${w.origin}, owner ${w.owner}) expired on ${w.expires} and no longer applies`,
          });
        }
        seenExpired.add(w);
        continue;
      }
      live.push(w);
      if (!waiverUse.has(w)) waiverUse.set(w, 0);
    }
    liveWaivers.set(p, live);
  }

  // Signal ids read by any rule default to `unknown` in every context.
  const signalDefaults: Record<string, string> = {};
  for (const p of allPolicies)
    for (const r of p.rules) for (const id of r.condition.signalIds) signalDefaults[id] = "unknown";

  const findingsByPurl = groupBy(input.findings, (f) => f.package.purl);
  const signalsByPurl = groupBy(input.signals, (s) => s.package.purl);
  const outFindings = new Map<Finding, Finding>();
  const ruleErrors = new Map<string, { count: number; message: string }>();
  const roots = new Map<CompiledPolicy, TrieNode>();
  const signalKeys = Object.keys(signalDefaults);
  const decisions: Decision[] = [];

  for (const pkg of input.packages) {
    const policies = policiesFor(set, pkg);
    const pkgFindings = findingsByPurl.get(pkg.purl) ?? [];
    const pkgSignals = signalsByPurl.get(pkg.purl) ?? [];
    const hits = new Map<string, RuleHit>();
    let upgradeTo: string | undefined;
    let remedyHint: string | undefined;

    for (const policy of policies) {
      const waivers = liveWaivers.get(policy) ?? [];
      // Findings: VEX suppressions come in already set; waivers add theirs.
      const active: Finding[] = [];
      const suppressed: Finding[] = [];
      for (const f of pkgFindings) {
        let current = outFindings.get(f) ?? f;
        if (!current.suppressed) {
          const w = findingWaiver(waivers, current);
          if (w) {
            waiverUse.set(w, (waiverUse.get(w) ?? 0) + 1);
            current = { ...current, suppressed: suppressionFor(w) };
            outFindings.set(f, current);
          }
        }
        if (current.suppressed) suppressed.push(current);
        else active.push(current);
        if (!current.suppressed && current.upgradeTo) upgradeTo = current.upgradeTo;
      }
      let ctx: PackageContext | undefined;
      const context = () => {
        ctx ??= buildContext(pkg, active, pkgSignals, signalDefaults);
        return ctx;
      };
      let fullCtx: PackageContext | undefined;

      // Packages without findings whose contexts agree on everything shareable conditions read
      // share one vector of outcomes (a big speed-up: most packages have no findings).
      // Walk a trie keyed by the parts of the context (no string building: this runs per package).
      let node = roots.get(policy);
      if (!node) {
        node = {};
        roots.set(policy, node);
      }
      node = step(
        step(step(step(node, pkg.direct), isDevOnly(pkg)), pkg.ecosystem),
        pkg.scopes.length === 1 ? pkg.scopes[0] : pkg.scopes.join(","),
      );
      if (pkgSignals.length > 0 || pkg.license) {
        const c = context();
        for (const id of signalKeys) node = step(node, c.signals[id]);
        node = step(
          step(step(step(node, c.license.expression), c.license.category), c.scorecard),
          c.provenance.outcome,
        );
      }
      // Findings by identity: packages with the same purl share the same Finding objects.
      for (const f of active) node = step(node, f);
      node.entry ??= { outcomes: [], evidence: [] };
      const entry = node.entry;
      const evidence = (i: number, rule: CompiledRule): string[] => {
        if (!rule.condition.deps) return evidenceOf(rule, context(), active);
        let ev = entry.evidence[i];
        if (!ev) {
          ev = evidenceOf(rule, context(), active);
          entry.evidence[i] = ev;
        }
        return ev;
      };

      for (let i = 0; i < policy.rules.length; i++) {
        const rule = policy.rules[i];
        if (rule.scope && !inScope(rule, pkg, set.cwd)) continue;
        let outcome: boolean | "error";
        if (rule.condition.deps) {
          const cached = entry.outcomes[i];
          if (cached === undefined) {
            outcome = run(rule, context(), ruleErrors);
            entry.outcomes[i] = outcome;
          } else {
            outcome = cached;
            if (cached === "error") {
              const e = ruleErrors.get(rule.id);
              if (e) e.count++;
            }
          }
        } else outcome = run(rule, context(), ruleErrors);

        let hit: RuleHit | undefined;
        if (outcome === true) {
          hit = makeHit(rule, rule.action, evidence(i, rule));
        } else {
          const unknownSignals =
            rule.onUnknown === "no-match" || rule.condition.signalIds.length === 0
              ? []
              : rule.condition.signalIds.filter((id) => {
                  const o = context().signals[id];
                  return o === "unknown" || o === "error";
                });
          if ((unknownSignals.length > 0 || outcome === "error") && rule.onUnknown !== "no-match") {
            const action: Action = rule.onUnknown === "warn" ? "warn" : rule.action;
            hit = makeHit(rule, action, evidence(i, rule));
            const why =
              unknownSignals.length > 0
                ? `${unknownSignals.map((id) => `${id} is ${context().signals[id]}`).join(", ")}`
                : "the condition could not be evaluated";
            hit.message = `${hit.message} (could not tell: ${why}; onUnknown: ${rule.onUnknown})`;
          } else if (suppressed.length > 0) {
            // Would the rule fire without the waivers and VEX statements? Then show the waived hit.
            fullCtx ??= buildContext(pkg, [...active, ...suppressed], pkgSignals, signalDefaults);
            if (run(rule, fullCtx, ruleErrors) === true) {
              hit = makeHit(rule, rule.action, evidenceOf(rule, fullCtx, suppressed));
              const by =
                suppressed.find((f) => hit?.evidence?.includes(f.id))?.suppressed ?? suppressed[0].suppressed;
              if (by) hit.waived = by;
            }
          }
        }
        if (!hit) continue;
        if (!hit.waived) {
          const w = ruleWaiver(waivers, pkg, rule.id);
          if (w && (w.finding === undefined || pkgFindings.some((f) => findingMatches(w, f)))) {
            waiverUse.set(w, (waiverUse.get(w) ?? 0) + 1);
            hit.waived = suppressionFor(w);
          }
        }
        if (!hit.waived) {
          if (rule.remedy === "replace" || context().malicious) remedyHint = "replace";
          else if (rule.remedy && !remedyHint) remedyHint = rule.remedy;
        }
        const prev = hits.get(rule.id);
        if (!prev || (prev.waived && !hit.waived) || RANK[hit.action] > RANK[prev.action])
          hits.set(rule.id, hit);
      }
    }

    const rules = [...hits.values()];
    let action: Action | "allow" = "allow";
    for (const h of rules) if (!h.waived && RANK[h.action] > RANK[action]) action = h.action;
    const decision: Decision = { package: toRef(pkg), action, rules };
    if (action !== "allow") {
      if (remedyHint === "replace") decision.remedy = "replace";
      else if (upgradeTo) decision.remedy = `upgrade to ${upgradeTo}`;
      else if (remedyHint === "upgrade") decision.remedy = "upgrade (no fixed version is known yet)";
      else decision.remedy = remedyHint ?? "review, then fix or waive";
    } else if (rules.length > 0) decision.remedy = "waived";
    if (pkg.locations.length > 0)
      decision.locations = pkg.locations.map((l) =>
        l.line !== undefined ? { path: l.path, line: l.line } : { path: l.path },
      );
    decisions.push(decision);
  }

  for (const [ruleId, e] of ruleErrors)
    notices.push({
      level: "warning",
      message: `rule '${ruleId}' could not be evaluated for ${e.count} package${e.count === 1 ? "" : "s"}: ${e.message}`,
    });
  for (const [w, uses] of waiverUse) {
    if (uses === 0)
      notices.push({
        level: "info",
        message: `waiver '${w.id}' (${w.origin}) matched nothing in this scan; remove it if it is no longer needed`,
      });
    else {
      const left = daysLeft(w, now);
      if (left <= EXPIRY_WARNING_DAYS)
        notices.push({
          level: "info",
          message: `waiver '${w.id}' (${w.origin}, owner ${w.owner}) expires on ${w.expires}, in ${left} day${left === 1 ? "" : "s"}`,
        });
    }
  }
  return {
    decisions,
    findings: input.findings.map((f) => outFindings.get(f) ?? f),
    notices,
  };
}

function run(
  rule: CompiledRule,
  ctx: PackageContext,
  errors: Map<string, { count: number; message: string }>,
): boolean | "error" {
  try {
    return rule.condition.evaluate(ctx as unknown as Record<string, unknown>) === true;
  } catch (e) {
    const message = ((e as Error)?.message ?? String(e)).split("\n")[0];
    const prev = errors.get(rule.id);
    if (prev) prev.count++;
    else errors.set(rule.id, { count: 1, message });
    return "error";
  }
}

/** What a hit rests on: the findings that make it fire, the signal answers and values it read. */
function evidenceOf(rule: CompiledRule, ctx: PackageContext, findings: Finding[]): string[] {
  const evidence: string[] = [];
  const src = rule.condition.source;
  if (/\bvulns\b|\bmalicious\b/.test(src) && findings.length > 0) {
    if (findings.length === 1) evidence.push(findings[0].id);
    else {
      // Which findings make the rule fire on their own? Re-run with each one (only on a hit).
      for (const f of findings) {
        const single = {
          ...ctx,
          vulns: ctx.vulns.filter((v) => v.id === f.id),
          malicious: f.kind === "malicious",
        };
        try {
          if (rule.condition.evaluate(single as unknown as Record<string, unknown>) === true)
            evidence.push(f.id);
        } catch {
          // ignore: evidence is best effort
        }
      }
      if (evidence.length === 0) evidence.push(...findings.map((f) => f.id));
    }
  }
  for (const id of rule.condition.signalIds) evidence.push(`${id}=${ctx.signals[id] ?? "unknown"}`);
  if (/\blicense\b/.test(src) && ctx.license.expression) evidence.push(`license=${ctx.license.expression}`);
  if (/\bscorecard\b/.test(src) && ctx.scorecard !== null) evidence.push(`scorecard=${ctx.scorecard}`);
  return evidence;
}

function makeHit(rule: CompiledRule, action: Action, evidence: string[]): RuleHit {
  const hit: RuleHit = {
    ruleId: rule.id,
    action,
    message: rule.message ?? rule.description,
  };
  if (rule.threats.length) hit.threats = [...rule.threats];
  if (rule.s2c2f.length) hit.s2c2f = [...rule.s2c2f];
  if (evidence.length) hit.evidence = [...evidence];
  return hit;
}

function inScope(rule: CompiledRule, pkg: Package, cwd: string): boolean {
  const s = rule.scope;
  if (!s) return true;
  if (
    s.ecosystems &&
    !s.ecosystems.some(
      (e) => e.toLowerCase() === pkg.ecosystem.toLowerCase() || pkg.ecosystem.startsWith(`${e}:`),
    )
  )
    return false;
  if (s.includeDev === false && isDevOnly(pkg)) return false;
  if (s.direct !== undefined && pkg.direct !== s.direct) return false;
  if (s.paths && s.paths.length > 0) {
    const base = rule.baseDir ?? cwd;
    const res = s.paths.map(globToRegExp);
    const ok = pkg.locations.some((l) => {
      const rel = relative(base, resolve(cwd, l.path)).split(sep).join("/");
      return res.some((re) => re.test(rel));
    });
    if (!ok) return false;
  }
  return true;
}

/** The policies that judge a package: the deepest policy folder containing each of its input files. */
function policiesFor(set: PolicySet, pkg: Package): CompiledPolicy[] {
  if (set.nested.length === 0 || pkg.locations.length === 0) return [set.root];
  const out: CompiledPolicy[] = [];
  for (const loc of pkg.locations) {
    const abs = resolve(set.cwd, loc.path);
    let best: CompiledPolicy = set.root;
    let bestLen = -1;
    for (const p of set.nested) {
      if (!p.dir) continue;
      if ((abs === p.dir || abs.startsWith(p.dir + sep)) && p.dir.length > bestLen) {
        best = p;
        bestLen = p.dir.length;
      }
    }
    if (!out.includes(best)) out.push(best);
  }
  return out;
}

function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

export type { Suppression };
