import type { Decision, Finding, ScanSummary, Severity, SourceInfo } from "../core/result.ts";

export function summarize(
  sources: SourceInfo[],
  packageCount: number,
  findings: Finding[],
  decisions: Decision[],
): ScanSummary {
  const bySeverity: Record<Severity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    none: 0,
    unknown: 0,
  };
  let suppressed = 0;
  let malicious = 0;
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    if (f.kind === "malicious") malicious++;
    bySeverity[f.severity.rating]++;
  }
  const summary: ScanSummary = {
    sources: {
      total: sources.length,
      ok: sources.filter((s) => s.status === "ok").length,
      partial: sources.filter((s) => s.status === "partial").length,
      failed: sources.filter((s) => s.status === "failed").length,
    },
    packages: packageCount,
    findings: { total: findings.length, suppressed, bySeverity, malicious },
  };
  if (decisions.length > 0) {
    const d = { block: 0, warn: 0, info: 0, allow: 0 };
    for (const x of decisions) d[x.action]++;
    summary.decisions = d;
  }
  return summary;
}
