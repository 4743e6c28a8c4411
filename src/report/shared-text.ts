import type { Decision, Finding, ScanResult, Severity } from "../core/result.ts";

/** Small helpers shared by the sarif, markdown, junit and html reporters. */

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "none", "unknown"];

export function pkgLabel(p: { name: string; version: string }): string {
  return p.version ? `${p.name}@${p.version}` : p.name;
}

export function findingsByPurl(result: ScanResult): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = m.get(f.package.purl);
    if (list) list.push(f);
    else m.set(f.package.purl, [f]);
  }
  return m;
}

export function decisionsByAction(result: ScanResult, action: Decision["action"]): Decision[] {
  return result.decisions.filter((d) => d.action === action);
}

/** Decisions where a waiver or VEX statement was used. */
export function waivedDecisions(result: ScanResult): Decision[] {
  return result.decisions.filter((d) => d.rules.some((h) => h.waived));
}

export function outcomeLine(result: ScanResult): { status: "blocked" | "warnings" | "passed"; text: string } {
  const d = result.summary.decisions ?? { block: 0, warn: 0, info: 0, allow: 0 };
  if (d.block > 0)
    return { status: "blocked", text: `blocked: ${d.block} package${d.block === 1 ? "" : "s"}` };
  if (d.warn > 0)
    return { status: "warnings", text: `passed with ${d.warn} warning${d.warn === 1 ? "" : "s"}` };
  return { status: "passed", text: "passed" };
}

/** Licence of a package for charts: a signal's expression, the declared licence, or `unknown`. */
export function licenseOf(result: ScanResult): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of result.signals) {
    if (!/licen[cs]e/i.test(s.id)) continue;
    const e = s.evidence?.expression ?? s.evidence?.license;
    if (typeof e === "string" && e && !m.has(s.package.purl)) m.set(s.package.purl, e);
  }
  for (const p of result.packages) if (!m.has(p.purl)) m.set(p.purl, p.license || "unknown");
  return m;
}

/** Open (not suppressed) vulnerabilities by severity; malicious records are counted apart. */
export function openBySeverity(result: ScanResult): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 };
  for (const f of result.findings) if (!f.suppressed && f.kind !== "malicious") out[f.severity.rating]++;
  return out;
}
