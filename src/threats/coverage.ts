import type { ScanResult } from "../core/result.ts";
import { attackCounts, type KnowledgeBase } from "./kb.ts";
import { type PolicyRuleSummary, type PolicySummary, ruleMentions } from "./policy-summary.ts";
import type { Control, Stage, Threat } from "./schema.ts";

export type CoverageStatus = "mitigated" | "detected" | "uncovered";

export interface ThreatCoverage {
  id: string;
  title: string;
  stage: Stage;
  status: CoverageStatus;
  /** Why: the rules and evidence behind the status. */
  because: string[];
  attacks: number;
  impact: number;
}

export interface NextStep {
  threat: string;
  text: string;
  cost: Control["cost"];
  /** Higher first: attack frequency × impact ÷ cost. */
  score: number;
  /** The S2C2F requirement, signal or capability the step puts in place. */
  implements: string;
}

export interface CoverageReport {
  policy?: string;
  scan?: { targets: string[]; packages: number; generatedAt: string };
  threats: ThreatCoverage[];
  totals: Record<CoverageStatus, number>;
  nextSteps: NextStep[];
}

const COST_WEIGHT = { low: 1, medium: 2, high: 4 } as const;

/**
 * Rules that address a threat directly (tagged with it, or testing one of its signals; for
 * threats without signals, testing one of its capabilities) and rules that only touch it
 * through a broader capability (a malicious-package block catches typosquats only once they
 * are known). Only direct rules can mitigate.
 */
function rulesFor(
  threat: Threat,
  rules: PolicyRuleSummary[],
): { direct: PolicyRuleSummary[]; indirect: PolicyRuleSummary[] } {
  const capabilityHit = (r: PolicyRuleSummary) =>
    threat.intake.capabilities.some((c) => c !== "inventory" && ruleMentions(r, c));
  const direct = rules.filter(
    (r) =>
      r.threats?.includes(threat.id) ||
      threat.intake.signals.some((s) => ruleMentions(r, s)) ||
      (threat.intake.signals.length === 0 && capabilityHit(r)),
  );
  const indirect = rules.filter((r) => !direct.includes(r) && capabilityHit(r));
  return { direct, indirect };
}

/** Evidence from a scan that Intake looked at what the threat needs, even without a rule. */
function scanEvidence(threat: Threat, scan: ScanResult | undefined): string[] {
  if (!scan) return [];
  const out: string[] = [];
  const collected = new Set(
    scan.signals.filter((s) => s.outcome === "yes" || s.outcome === "no").map((s) => s.id),
  );
  for (const s of threat.intake.signals) if (collected.has(s)) out.push(`signal ${s} collected in the scan`);
  for (const c of threat.intake.capabilities) {
    if (c === "inventory" && scan.packages.length > 0)
      out.push(`inventory of ${scan.packages.length} packages`);
    if (c === "sbom-import" && scan.sources.some((s) => s.format === "cyclonedx" || s.format === "spdx"))
      out.push("SBOMs validated on import");
    if (c === "vulnerability-matching" && scan.findings.some((f) => f.kind === "vulnerability"))
      out.push("vulnerability matching ran and found issues");
    if (c === "malicious-matching" && scan.findings.some((f) => f.kind === "malicious"))
      out.push("malicious-package matching ran and found packages");
  }
  return out;
}

/**
 * Given a policy and the evidence of a scan, which threats are mitigated (a blocking rule covers
 * them), only detected (warnings, or signals collected with no rule), or uncovered; and a ranked
 * list of next steps for everything not mitigated.
 */
export function assessCoverage(
  kb: KnowledgeBase,
  input: { policy?: PolicySummary; scan?: ScanResult },
): CoverageReport {
  const counts = attackCounts(kb);
  const maxCount = Math.max(1, ...counts.values());
  const rules = input.policy?.rules ?? [];
  const threats: ThreatCoverage[] = kb.threats.map((t) => {
    const hits = rulesFor(t, rules);
    const block = hits.direct.filter((r) => r.action === "block");
    const soft = [...hits.direct.filter((r) => r.action !== "block"), ...hits.indirect];
    const evidence = scanEvidence(t, input.scan);
    let status: CoverageStatus = "uncovered";
    const because: string[] = [];
    if (block.length > 0) {
      status = "mitigated";
      because.push(...block.map((r) => `rule ${r.id} blocks`));
    } else if (soft.length > 0 || evidence.length > 0) {
      status = "detected";
      because.push(
        ...soft.map((r) =>
          hits.indirect.includes(r) ? `rule ${r.id} catches known cases` : `rule ${r.id} ${r.action}s`,
        ),
      );
    }
    because.push(...evidence);
    if (because.length === 0) because.push("no rule or evidence covers it");
    return {
      id: t.id,
      title: t.title,
      stage: t.stage,
      status,
      because,
      attacks: counts.get(t.id) ?? 0,
      impact: t.impact,
    };
  });

  const nextSteps: NextStep[] = [];
  for (const tc of threats) {
    if (tc.status === "mitigated") continue;
    const t = kb.threats.find((x) => x.id === tc.id)!;
    // Frequency counts at least a little, so threats with no recorded attack still rank.
    const frequency = 0.25 + tc.attacks / maxCount;
    const gap = tc.status === "uncovered" ? 1 : 0.6;
    for (const c of t.controls) {
      nextSteps.push({
        threat: t.id,
        text: c.text,
        cost: c.cost,
        implements: c.signal
          ? `signal ${c.signal}`
          : c.capability
            ? `capability ${c.capability}`
            : `S2C2F ${c.s2c2f}`,
        score: Math.round(((frequency * t.impact * gap) / COST_WEIGHT[c.cost]) * 100) / 100,
      });
    }
  }
  nextSteps.sort((a, b) => b.score - a.score || a.threat.localeCompare(b.threat));

  const totals = { mitigated: 0, detected: 0, uncovered: 0 };
  for (const t of threats) totals[t.status]++;
  const report: CoverageReport = { threats, totals, nextSteps };
  if (input.policy) report.policy = input.policy.source;
  if (input.scan)
    report.scan = {
      targets: input.scan.targets,
      packages: input.scan.packages.length,
      generatedAt: input.scan.generatedAt,
    };
  return report;
}
