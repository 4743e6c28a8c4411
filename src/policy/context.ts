import type { Package } from "../core/package.ts";
import type { Finding, SignalResult } from "../core/result.ts";

/**
 * The CEL context of one package. Documented in docs/policy.md ("CEL context reference");
 * change both together.
 */
export interface PackageContext {
  pkg: {
    ecosystem: string;
    name: string;
    version: string;
    purl: string;
    direct: boolean;
    scopes: string[];
    /** Used only for development, tests or builds (never in production). */
    dev: boolean;
  };
  vulns: VulnContext[];
  malicious: boolean;
  signals: Record<string, string>;
  license: { expression: string; category: string };
  scorecard: number | null;
  provenance: { verified: boolean; outcome: string };
}

export interface VulnContext {
  id: string;
  aliases: string[];
  severity: string;
  /** CVSS base score; 0.0 when none is known (check `hasScore`). */
  score: number;
  hasScore: boolean;
  fixed: string[];
  hasFix: boolean;
  kind: string;
}

const DEV_SCOPES = new Set(["dev", "test", "build"]);
const NO_VULNS: VulnContext[] = [];

export function isDevOnly(pkg: Package): boolean {
  return pkg.scopes.length > 0 && pkg.scopes.every((s) => DEV_SCOPES.has(s));
}

export function vulnContext(f: Finding): VulnContext {
  return {
    id: f.id,
    aliases: f.aliases,
    severity: f.severity.rating,
    score: f.severity.score ?? 0,
    hasScore: f.severity.score !== undefined,
    fixed: f.fixed,
    hasFix: f.fixed.length > 0,
    kind: f.kind,
  };
}

/**
 * Build the context. `findings` are the package's findings that are not suppressed; `signals`
 * its signal results; `defaults` maps every signal id a rule reads to `unknown`, so a signal that
 * was never collected reads as unknown rather than failing the expression.
 */
export function buildContext(
  pkg: Package,
  findings: Finding[],
  signals: SignalResult[],
  defaults: Record<string, string>,
): PackageContext {
  // Shared (never copied) when the package has no signal answers: CEL does not modify its input.
  const sig: Record<string, string> = signals.length ? { ...defaults } : defaults;
  let scorecard: number | null = null;
  let licenseExpression = pkg.license ?? "";
  let licenseCategory = "unknown";
  for (const s of signals) {
    sig[s.id] = s.outcome;
    const ev = s.evidence ?? {};
    if (scorecard === null && /scorecard/i.test(s.id)) {
      const score = ev.score ?? ev.aggregateScore;
      if (typeof score === "number" && Number.isFinite(score)) scorecard = score;
    }
    // Licence signals carry the analysed licence in their evidence (category, expression, license).
    if (typeof ev.category === "string" && ("expression" in ev || "license" in ev)) {
      if (licenseCategory === "unknown") licenseCategory = ev.category;
      const expr = ev.expression ?? ev.license;
      if (typeof expr === "string" && !licenseExpression) licenseExpression = expr;
    }
  }
  const provenanceOutcome = sig.hasVerifiedProvenance ?? "unknown";
  return {
    pkg: {
      ecosystem: pkg.ecosystem,
      name: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      direct: pkg.direct,
      scopes: pkg.scopes,
      dev: isDevOnly(pkg),
    },
    vulns: findings.length ? findings.map(vulnContext) : NO_VULNS,
    malicious: findings.some((f) => f.kind === "malicious"),
    signals: sig,
    license: { expression: licenseExpression, category: licenseCategory },
    scorecard,
    provenance: { verified: provenanceOutcome === "yes", outcome: provenanceOutcome },
  };
}
