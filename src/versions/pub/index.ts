import { defineScheme } from "../cache.ts";
import {
  compareIdentifierLists,
  compareSemverParts,
  parseLenientSemver,
  type SemverParts,
} from "../semver/parse.ts";

/**
 * Pub (Dart): `pub_semver`'s `Version` ordering, written by hand (no JS port): semver 2.0
 * precedence, and then, unlike semver, build metadata counts: a version without build metadata
 * sorts before the same version with it, and build identifiers compare like pre-release ones.
 */
export function comparePub(a: SemverParts, b: SemverParts): number {
  const c = compareSemverParts(a, b);
  if (c !== 0) return c;
  if (a.build.length === 0) return b.build.length === 0 ? 0 : -1;
  if (b.build.length === 0) return 1;
  return compareIdentifierLists(a.build, b.build);
}

export const pubScheme = defineScheme<SemverParts>({
  id: "pub",
  parse: parseLenientSemver,
  compareParsed: comparePub,
});
