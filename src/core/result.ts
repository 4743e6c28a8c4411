import type { Package, PackageRef } from "./package.ts";

/**
 * The scan result: the one shape every front door produces and every reporter consumes.
 * Its JSON rendering is the documented, versioned schema (docs/json-schema.md).
 * Bump SCHEMA_VERSION's minor for additions, major for anything that changes or removes a field.
 */
export const SCHEMA_VERSION = "1.0";

export type SourceStatus = "ok" | "partial" | "failed";

export interface ErrorInfo {
  code: string;
  message: string;
  line?: number;
  column?: number;
}

/** One input that was read (a lockfile, manifest or SBOM). */
export interface SourceInfo {
  path: string;
  /** Format id, e.g. `package-lock.json`, `cyclonedx`. */
  format: string;
  status: SourceStatus;
  error?: ErrorInfo;
  /** Problems that did not stop the parse (entries skipped, with reason). */
  warnings?: ErrorInfo[];
  packageCount: number;
}

export type Severity = "critical" | "high" | "medium" | "low" | "none" | "unknown";

export interface SeverityInfo {
  rating: Severity;
  /** CVSS base score, when a vector was given. */
  score?: number;
  /** The vector string it came from, e.g. `CVSS:3.1/AV:N/...`. */
  vector?: string;
}

export type FindingKind = "vulnerability" | "malicious";

/** A known vulnerability or malicious-package record that applies to a consumed package. */
export interface Finding {
  kind: FindingKind;
  /** The primary id (OSV id), e.g. `GHSA-...`, `MAL-2025-...`. */
  id: string;
  /** Every other id of the same issue (CVE, PYSEC, other GHSA copies). */
  aliases: string[];
  package: PackageRef;
  summary?: string;
  severity: SeverityInfo;
  /** Versions that fix it, in the ecosystem's order. Empty when no fix is known. */
  fixed: string[];
  /** The smallest version of this package that fixes every finding on it, if one is known. */
  upgradeTo?: string;
  /** Dependency paths that bring the package in (package ids). */
  paths?: string[][];
  /** Where the record came from (`osv-store`, `osv-api`). */
  source?: string;
  published?: string;
  modified?: string;
  references?: string[];
  /** Set when a waiver or VEX statement suppresses the finding; suppressed findings stay in the result. */
  suppressed?: Suppression;
}

export interface Suppression {
  by: "waiver" | "vex";
  /** Waiver id or VEX document path. */
  ref: string;
  reason: string;
  /** VEX status or justification, e.g. `not_affected: vulnerable_code_not_in_execute_path`. */
  justification?: string;
  owner?: string;
  expires?: string;
}

export type Outcome = "yes" | "no" | "unknown" | "error";

/** One signal's answer for one package. */
export interface SignalResult {
  id: string;
  package: PackageRef;
  outcome: Outcome;
  /** What the answer rests on: values, URLs, timestamps; free-form but JSON. */
  evidence: Record<string, unknown>;
  /** For `error` and `unknown`: why. */
  reason?: string;
}

export type Action = "block" | "warn" | "info";

export interface RuleHit {
  ruleId: string;
  action: Action;
  message: string;
  threats?: string[];
  s2c2f?: string[];
  /** Finding ids or signal ids the rule looked at. */
  evidence?: string[];
  waived?: Suppression;
}

/** The policy's decision for one package. */
export interface Decision {
  package: PackageRef;
  /** The strongest action among the rules that fired and were not waived; `allow` when none. */
  action: Action | "allow";
  rules: RuleHit[];
  /** What to do: `upgrade to 1.2.3`, `replace`, `waive`. */
  remedy?: string;
  /** Input files the package came from (for monorepo policies and SARIF locations). */
  locations?: { path: string; line?: number }[];
}

export interface ScanSummary {
  sources: { total: number; ok: number; partial: number; failed: number };
  packages: number;
  findings: { total: number; suppressed: number; bySeverity: Record<Severity, number>; malicious: number };
  decisions?: { block: number; warn: number; info: number; allow: number };
}

export interface ScanResult {
  schemaVersion: string;
  tool: { name: "intake"; version: string };
  generatedAt: string;
  /** The paths the user asked to scan. */
  targets: string[];
  sources: SourceInfo[];
  /** Every package, merged across sources (locations lists every place it was found). */
  packages: Package[];
  findings: Finding[];
  signals: SignalResult[];
  decisions: Decision[];
  /** Which policy was applied (path, or `default`), and what it says about itself. */
  policy?: { source: string; name?: string; rules: number; notes?: string[] };
  /** Expired waivers, unused waivers, VEX problems: things the user should tidy up. */
  notices: { level: "info" | "warning"; message: string }[];
  summary: ScanSummary;
}
