/**
 * Version ordering and range syntax per ecosystem: the API the advisory matcher, policy and
 * non-OSV sources use.
 */
import { findScheme, schemeFor } from "./registry.ts";
import { VersionError, type VersionRange } from "./types.ts";

export { allSchemes, findScheme, SCHEMES_BY_ECOSYSTEM, schemeFor } from "./registry.ts";
export { genericSemverScheme as osvSemverScheme } from "./semver/index.ts";
export { VersionError, type VersionErrorCode, type VersionRange, type VersionScheme } from "./types.ts";

/**
 * Order two versions of one ecosystem: -1, 0 or 1. Throws `VersionError` with code
 * `unknown-ecosystem` or `invalid-version`.
 */
export function compareVersions(ecosystem: string, a: string, b: string): -1 | 0 | 1 {
  return schemeFor(ecosystem).compare(a, b);
}

/** True when `v` is a valid version in the ecosystem (false for an unknown ecosystem). */
export function isValidVersion(ecosystem: string, v: string): boolean {
  return findScheme(ecosystem)?.isValid(v) ?? false;
}

const RANGE_CACHE_SIZE = 5_000;
const rangeCache = new Map<string, VersionRange>();

/**
 * Parse a range in the ecosystem's native syntax. Throws `invalid-range` when the ecosystem has no
 * range syntax or the range does not parse, `unknown-ecosystem` for an unknown ecosystem.
 */
export function parseRange(ecosystem: string, range: string): VersionRange {
  const scheme = schemeFor(ecosystem);
  const key = `${scheme.id}\u0000${range}`;
  const hit = rangeCache.get(key);
  if (hit) return hit;
  if (!scheme.parseRange) {
    throw new VersionError(
      "invalid-range",
      `ecosystem ${JSON.stringify(ecosystem)} has no native range syntax (${scheme.id})`,
    );
  }
  const parsed = scheme.parseRange(range);
  if (rangeCache.size >= RANGE_CACHE_SIZE) rangeCache.clear();
  rangeCache.set(key, parsed);
  return parsed;
}

/** True when `version` is inside `range` (native syntax of the ecosystem). */
export function satisfies(ecosystem: string, version: string, range: string): boolean {
  return parseRange(ecosystem, range).includes(version);
}
