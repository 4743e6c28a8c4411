import { defineScheme, type ParsedScheme } from "../cache.ts";
import { type Comparator, comparatorRange, type Op } from "../comparators.ts";
import {
  compareIdentifierLists,
  compareSemverParts,
  parseLenientSemver,
  type SemverParts,
} from "../semver/parse.ts";
import { invalidRange, type VersionRange } from "../types.ts";

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

const CLAUSE = /^(>=|<=|>|<|\^)?(\S+)$/;

/**
 * Pub version constraints (pubspec): `any`, `^1.2.3` (up to the next breaking version: the next
 * major, or the next minor below 1.0.0), `>=1.2.0 <2.0.0`, `>1.0.0`, `<=1.5.0`, a bare version
 * (exact). As pub does, `<V` for a release V also excludes V's own pre-releases.
 */
export function parsePubConstraint(range: string, scheme: ParsedScheme<SemverParts>): VersionRange {
  const text = range.trim();
  const group: Comparator<SemverParts>[] = [];
  if (text !== "any") {
    const tokens = text.split(/\s+/).reduce<string[]>((acc, tok) => {
      const prev = acc[acc.length - 1];
      if (prev !== undefined && /^(>=|<=|>|<|\^)$/.test(prev)) acc[acc.length - 1] = prev + tok;
      else acc.push(tok);
      return acc;
    }, []);
    for (const tok of tokens) {
      const m = CLAUSE.exec(tok);
      const vText = m?.[2];
      if (!m || vText === undefined || !/^\d+\.\d+\.\d+/.test(vText) || !scheme.isValid(vText)) {
        throw invalidRange(scheme.id, range, `bad clause ${JSON.stringify(tok)}`);
      }
      const v = scheme.parsed(vText);
      const op = m[1];
      if (op === "^") {
        const breaking: SemverParts =
          v.major !== "0"
            ? { major: String(BigInt(v.major) + 1n), minor: "0", patch: "0", pre: ["0"], build: [] }
            : { major: "0", minor: String(BigInt(v.minor) + 1n), patch: "0", pre: ["0"], build: [] };
        group.push({ op: ">=", v }, { op: "<", v: breaking });
      } else if (op === "<" && v.pre.length === 0) {
        group.push({ op: "<", v: { ...v, pre: ["0"], build: [] } });
      } else group.push({ op: (op ?? "=") as Op, v });
    }
  }
  return comparatorRange(range, scheme, [group]);
}

export const pubScheme = defineScheme<SemverParts>({
  id: "pub",
  parse: parseLenientSemver,
  compareParsed: comparePub,
  parseRange: parsePubConstraint,
});
