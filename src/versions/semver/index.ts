import semver from "semver";
import { defineScheme, type ParsedScheme } from "../cache.ts";
import { invalidRange, type VersionRange } from "../types.ts";
import {
  canonicalSemver,
  compareSemverParts,
  parseLenientSemver,
  parseNpmVersion,
  type SemverParts,
} from "./parse.ts";

// The `semver` package silently drops what it cannot read (`1.2.3 ~~ 2` becomes `1.2.3`), which
// would make a policy mean something else than written; so the grammar is checked first.
const VER = "[vV=]?\\s*(?:\\d+|[xX*])(?:\\.(?:\\d+|[xX*])){0,2}(?:-?[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
const COMP = `(?:(?:<=|>=|<|>|=|~>|~|\\^)\\s*)?${VER}`;
const NPM_PART = new RegExp(`^(?:${VER}\\s+-\\s+${VER}|${COMP}(?:\\s+${COMP})*)$`);

/** True when every `||` alternative is a hyphen range or a list of comparators. */
export function isWellFormedNpmRange(range: string): boolean {
  const text = range.trim();
  if (text === "") return true; // npm reads an empty range as "*"
  return text.split("||").every((part) => NPM_PART.test(part.trim()));
}

/** npm ranges (`^1.2.3`, `>=1 <2 || 3.x`, `1.2 - 1.4`) through the `semver` package's `Range`. */
export function parseNpmRange(range: string, scheme: ParsedScheme<SemverParts>): VersionRange {
  if (range.length > 1024 || !isWellFormedNpmRange(range)) throw invalidRange(scheme.id, range);
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

/**
 * Plain semver 2.0 precedence (build metadata ignored), for OSV ranges of type `SEMVER` (exported as
 * `osvSemverScheme`) and for ecosystems whose versions are semver tags without a range syntax
 * of their own in Intake (SwiftURL, Julia, GitHub Actions): lenient parsing as for Go.
 */
export const genericSemverScheme = defineScheme<SemverParts>({
  id: "semver-lenient",
  parse: parseLenientSemver,
  compareParsed: compareSemverParts,
});
