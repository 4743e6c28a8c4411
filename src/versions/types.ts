import { IntakeError } from "../core/errors.ts";

/**
 * Version ordering and range syntax for one ecosystem family.
 *
 * `compare` is called millions of times by the advisory matcher, so every scheme caches parsed
 * versions in a bounded map (see `cache.ts`).
 */
export interface VersionScheme {
  /** Stable id: "semver", "pep440", "maven", ... */
  readonly id: string;
  /** True when `v` is a version this scheme can order. Never throws. */
  isValid(v: string): boolean;
  /** -1, 0 or 1. Throws `VersionError("invalid-version")` when either side is not a valid version. */
  compare(a: string, b: string): -1 | 0 | 1;
  /**
   * The ecosystem's native range syntax (npm ranges, PEP 440 specifiers, Maven brackets, ...).
   * Absent when the ecosystem has no syntax users write ranges in. Throws `VersionError("invalid-range")`.
   */
  parseRange?(range: string): VersionRange;
}

/** A parsed range. `includes` throws `VersionError("invalid-version")` for an invalid version. */
export interface VersionRange {
  readonly raw: string;
  includes(v: string): boolean;
}

export type VersionErrorCode = "invalid-version" | "unknown-ecosystem" | "invalid-range";

/** A version, range or ecosystem that cannot be handled. */
export class VersionError extends IntakeError<VersionErrorCode> {}

export function invalidVersion(scheme: string, v: string): VersionError {
  return new VersionError("invalid-version", `not a valid ${scheme} version: ${JSON.stringify(v)}`);
}

export function invalidRange(scheme: string, range: string, why?: string): VersionError {
  return new VersionError(
    "invalid-range",
    `not a valid ${scheme} range: ${JSON.stringify(range)}${why ? ` (${why})` : ""}`,
  );
}
