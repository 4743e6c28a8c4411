import { readFileSync } from "node:fs";
import type { Action, Decision, Finding, ScanResult } from "../core/result.ts";
import { PolicyError } from "./errors.ts";

/** What a previous scan reported: the (purl, id) pairs of its findings and rule hits. */
export interface Baseline {
  file: string;
  findings: Set<string>;
  ruleHits: Set<string>;
}

const key = (purl: string, id: string) => `${purl}\u0000${id}`;

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyError("baseline-invalid", `cannot read the baseline: ${(e as Error).message}`, {
      file,
      cause: e,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyError(
      "baseline-invalid",
      `the baseline is not JSON (write it with --format json): ${(e as Error).message}`,
      {
        file,
        cause: e,
      },
    );
  }
  const d = doc as Partial<ScanResult>;
  if (typeof doc !== "object" || doc === null || !Array.isArray(d.findings) || !Array.isArray(d.decisions))
    throw new PolicyError("baseline-invalid", "not an Intake JSON result (no findings and decisions lists)", {
      file,
    });
  const baseline: Baseline = { file, findings: new Set(), ruleHits: new Set() };
  for (const f of d.findings) if (f?.package?.purl && f.id) baseline.findings.add(key(f.package.purl, f.id));
  for (const x of d.decisions)
    for (const h of x?.rules ?? [])
      if (x?.package?.purl && h?.ruleId) baseline.ruleHits.add(key(x.package.purl, h.ruleId));
  return baseline;
}

const RANK: Record<Action | "allow", number> = { allow: 0, info: 1, warn: 2, block: 3 };

/** Pull-request mode: keep only findings and rule hits that the baseline did not have. Pure. */
export function applyBaseline(
  findings: Finding[],
  decisions: Decision[],
  baseline: Baseline,
): { findings: Finding[]; decisions: Decision[]; notice: { level: "info"; message: string } } {
  const newFindings = findings.filter((f) => !baseline.findings.has(key(f.package.purl, f.id)));
  let hidden = 0;
  const newDecisions = decisions.map((d) => {
    const rules = d.rules.filter((h) => !baseline.ruleHits.has(key(d.package.purl, h.ruleId)));
    hidden += d.rules.length - rules.length;
    if (rules.length === d.rules.length) return d;
    let action: Action | "allow" = "allow";
    for (const h of rules) if (!h.waived && RANK[h.action] > RANK[action]) action = h.action;
    const out: Decision = { ...d, action, rules };
    if (action === "allow") delete out.remedy;
    return out;
  });
  return {
    findings: newFindings,
    decisions: newDecisions,
    notice: {
      level: "info",
      message: `baseline ${baseline.file}: ${findings.length - newFindings.length} finding(s) and ${hidden} rule hit(s) already reported there are left out; only what is new is shown`,
    },
  };
}
