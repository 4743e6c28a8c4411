import { makePackage, type Package } from "../core/package.ts";
import type { Finding, Severity, SignalResult } from "../core/result.ts";

/** Small builders for policy tests (not shipped in the public API). */
export function pkg(name: string, version = "1.0.0", extra: Partial<Package> = {}): Package {
  return makePackage({ ecosystem: "npm", name, version, ...extra });
}

export function vuln(
  p: Package,
  id: string,
  rating: Severity,
  extra: Partial<Finding> & { score?: number } = {},
): Finding {
  const { score, ...rest } = extra;
  return {
    kind: "vulnerability",
    id,
    aliases: [],
    package: { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl },
    severity: score === undefined ? { rating } : { rating, score },
    fixed: [],
    ...rest,
  };
}

export function signal(
  p: Package,
  id: string,
  outcome: SignalResult["outcome"],
  evidence: Record<string, unknown> = {},
): SignalResult {
  return {
    id,
    package: { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl },
    outcome,
    evidence,
  };
}
