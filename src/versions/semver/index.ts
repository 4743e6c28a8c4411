import semver from "semver";
import { defineScheme, type ParsedScheme } from "../cache.ts";
import { invalidRange, type VersionRange } from "../types.ts";
import { canonicalSemver, compareSemverParts, parseNpmVersion, type SemverParts } from "./parse.ts";

/** npm ranges (`^1.2.3`, `>=1 <2 || 3.x`, `1.2 - 1.4`) through the `semver` package's `Range`. */
export function parseNpmRange(range: string, scheme: ParsedScheme<SemverParts>): VersionRange {
  let r: semver.Range;
  try {
    r = new semver.Range(range, { loose: true });
  } catch (e) {
    throw invalidRange(scheme.id, range, e instanceof Error ? e.message : undefined);
  }
  return {
    raw: range,
    includes(v) {
      return r.test(canonicalSemver(scheme.parsed(v)));
    },
  };
}

/**
 * npm: semver 2.0 precedence. Parsing is lenient (optional `v`, partial versions, loose forms npm
 * accepts, numbers beyond 2^53) because advisories and lockfiles contain all of these.
 */
export const npmScheme = defineScheme<SemverParts>({
  id: "semver",
  parse: parseNpmVersion,
  compareParsed: compareSemverParts,
  parseRange: parseNpmRange,
});
