import { IntakeError } from "../core/errors.ts";
import type { Package } from "../core/package.ts";
import type { HttpClient } from "./http/http.ts";
import type { RegistryConfig } from "./registry-config.ts";

export type SignalRisk = "critical" | "high" | "medium" | "low" | "info";

/** What a signal asks, in words people and policies can use. Docs and `intake signals list` come from here. */
export interface SignalDefinition {
  /** A yes/no question in camelCase, e.g. `hasInstallScript`. */
  id: string;
  title: string;
  /** What the signal checks and why it matters (our own words). */
  description: string;
  risk: SignalRisk;
  /**
   * Which answer is the risky one: `yes` when a yes is worrying (`hasInstallScript`),
   * `no` when a yes is reassuring (`hasVerifiedProvenance`).
   */
  riskyAnswer: "yes" | "no";
  remediation: string;
  /** Threat ids from the threat knowledge base (src/threats). */
  threats: string[];
  /** OSV ecosystem names the signal applies to; absent = every ecosystem. */
  ecosystems?: string[];
  /** Needs the network (registry, Scorecard, deps.dev); offline it answers from the cache or `unknown`. */
  network?: boolean;
  /** The collector family (folder) it belongs to, for grouping in docs. */
  family: string;
}

export interface SignalOutcome {
  outcome: "yes" | "no" | "unknown" | "error";
  evidence: Record<string, unknown>;
  /** Why, for `unknown` and `error`. */
  reason?: string;
}

/** Settings every collector can read. All optional; defaults are documented in docs/signals.md. */
export interface SignalSettings {
  /** `publishedWithinDays`: a release younger than this many days is "recent" (default 7). */
  windowDays: number;
  /** `isRevivedAfterDormancy`: a release after this many silent days is a revival (default 730). */
  dormancyDays: number;
  /** Scopes (`@acme`) and names that belong to the organization and must never come from a public registry. */
  internalScopes: string[];
  internalPackages: string[];
  /** URLs of the organization's own registries: internal packages must resolve from one of these. */
  internalRegistries: string[];
  /** `hasLowScorecard`: aggregate score below this is low (default 4.0). */
  scorecardThreshold: number;
  /** Scorecard results older than this many days are flagged stale (default 90). */
  scorecardStaleDays: number;
  /** Scorecard API base URL (default the public OpenSSF API). */
  scorecardApiUrl: string;
  /** deps.dev API base URL for repository lookups (default the public v3 API). */
  depsDevUrl: string;
  /** Folder of Scorecard JSON results (`<host>/<owner>/<repo>.json` or any `*.json` with `repo.name`). */
  scorecardResultsDir?: string;
  /** Base URLs of the other registries' APIs. */
  cratesIoUrl: string;
  rubyGemsUrl: string;
  packagistUrl: string;
  nugetUrl: string;
  goProxyUrl: string;
  /** A Sigstore trusted_root.json to use instead of the one shipped with Intake. */
  sigstoreTrustedRoot?: string;
}

/** What a collector gets besides the package. */
export interface SignalContext {
  http: HttpClient;
  registries: RegistryConfig;
  settings: SignalSettings;
  now: Date;
  offline: boolean;
  /**
   * Share one piece of work (a registry document, a Scorecard result) between the signals that
   * need it: the first caller runs `fn`, later callers with the same key get the same promise.
   */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface Signal {
  definition: SignalDefinition;
  collect(pkg: Package, ctx: SignalContext): Promise<SignalOutcome>;
  /** When present and false, the question does not apply to the package and no result is recorded. */
  appliesTo?(pkg: Package, ctx: SignalContext): boolean;
}

export type SignalsErrorCode =
  | "offline"
  | "not-configured"
  | "http-timeout"
  | "http-network"
  | "http-status"
  | "malformed-response"
  | "unknown-signal"
  | "config-invalid"
  | "verification-failed";

export class SignalsError extends IntakeError<SignalsErrorCode> {}

export function yes(evidence: Record<string, unknown> = {}): SignalOutcome {
  return { outcome: "yes", evidence };
}
export function no(evidence: Record<string, unknown> = {}): SignalOutcome {
  return { outcome: "no", evidence };
}
export function unknown(reason: string, evidence: Record<string, unknown> = {}): SignalOutcome {
  return { outcome: "unknown", evidence, reason };
}
export function errorOutcome(reason: string, evidence: Record<string, unknown> = {}): SignalOutcome {
  return { outcome: "error", evidence, reason };
}
/** yes/no from a boolean. */
export function answer(value: boolean, evidence: Record<string, unknown> = {}): SignalOutcome {
  return { outcome: value ? "yes" : "no", evidence };
}

/**
 * Turn an exception from a collector into an outcome: offline and unconfigured sources are
 * `unknown` (we could not look), everything else is `error` (we looked and it failed).
 */
export function outcomeFromError(e: unknown): SignalOutcome {
  if (e instanceof SignalsError) {
    if (e.code === "offline" || e.code === "not-configured") return unknown(e.message, { code: e.code });
    return errorOutcome(e.message, { code: e.code });
  }
  return errorOutcome(`collector failed: ${e instanceof Error ? e.message : String(e)}`);
}
