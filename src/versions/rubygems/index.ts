import { compareDigits, compareStrings, defineScheme, type ParsedScheme } from "../cache.ts";
import { type Comparator, comparatorRange, type Op } from "../comparators.ts";
import { invalidRange, type VersionRange } from "../types.ts";

/**
 * RubyGems: `Gem::Version` ordering, written by hand (no maintained JS library implements it).
 *
 * A version is split into numeric and letter segments (`1.2.4.beta3` → 1, 2, 4, "beta", 3; a `-`
 * reads as `.pre.`). Trailing zeros are dropped from the release part and from the pre-release
 * part; then segments compare pairwise, padding with 0: numbers numerically, strings as bytes, and
 * any string sorts below any number (so `1.0.a` is a pre-release of `1.0`).
 */
type Segment = string | number | bigint;

export interface GemVersion {
  /** Canonical segments: numbers (or bigint for huge ones) and lower-level strings. */
  segments: Segment[];
  prerelease: boolean;
  /** The release part (segments before the first string), for `~>`. */
  release: Segment[];
}

// Gem::Version's pattern, relaxed to accept letters straight after the first number (`1beta`),
// which RubyGems rejects but which older gem metadata and advisories contain; they order as
// `1.beta` would.
const GEM_VERSION = /^\s*([0-9]+[0-9a-zA-Z]*(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

function num(s: string): number | bigint {
  return s.length > 15 ? BigInt(s) : Number(s);
}

function dropTrailingZeros(segs: Segment[]): Segment[] {
  let end = segs.length;
  while (end > 0 && segs[end - 1] === 0) end--;
  return segs.slice(0, end);
}

export function parseGemVersion(v: string): GemVersion | undefined {
  if (v.length > 256 || !GEM_VERSION.test(v)) return undefined;
  const text = v.trim() === "" ? "0" : v.trim().replaceAll("-", ".pre.");
  const raw: Segment[] = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d/.test(s) ? num(s) : s));
  const firstString = raw.findIndex((s) => typeof s === "string");
  const numeric = firstString < 0 ? raw : raw.slice(0, firstString);
  const strings = firstString < 0 ? [] : raw.slice(firstString);
  return {
    segments: [...dropTrailingZeros(numeric), ...dropTrailingZeros(strings)],
    prerelease: firstString >= 0,
    release: numeric,
  };
}

function compareSegment(l: Segment, r: Segment): number {
  const ls = typeof l === "string";
  const rs = typeof r === "string";
  if (ls && rs) return compareStrings(l, r);
  if (ls) return -1;
  if (rs) return 1;
  if (typeof l === "number" && typeof r === "number") return l - r;
  return compareDigits(String(l), String(r));
}

export function compareSegments(a: Segment[], b: Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegment(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareGem(a: GemVersion, b: GemVersion): number {
  return compareSegments(a.segments, b.segments);
}

const REQUIREMENT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/;

/**
 * `Gem::Requirement`: comma-separated clauses that must all hold (`~> 2.1`, `>= 1, < 2`, `!= 1.5`,
 * bare `1.2` meaning `= 1.2`). `~> X.Y` means `>= X.Y` and `< (X+1)` on the release part; `~> X.Y.Z`
 * means `>= X.Y.Z` and `< X.(Y+1)`.
 */
export function parseGemRequirement(range: string, scheme: ParsedScheme<GemVersion>): VersionRange {
  const clauses = range.split(",");
  const group: Comparator<GemVersion>[] = [];
  const tildes: { lower: GemVersion; bump: Segment[] }[] = [];
  for (const clause of clauses) {
    const m = REQUIREMENT.exec(clause);
    if (!m) throw invalidRange(scheme.id, range, `bad clause ${JSON.stringify(clause.trim())}`);
    const op = m[1] ?? "=";
    const text = m[2] as string;
    if (!scheme.isValid(text)) throw invalidRange(scheme.id, range, `bad version ${JSON.stringify(text)}`);
    const v = scheme.parsed(text);
    if (op === "~>") {
      // Gem::Version#bump: drop string segments, drop the last segment (unless only one), increment.
      const segs = [...v.release];
      if (segs.length > 1) segs.pop();
      const last = segs[segs.length - 1] ?? 0;
      segs[segs.length - 1] = typeof last === "bigint" ? last + 1n : Number(last) + 1;
      tildes.push({ lower: v, bump: segs });
    } else group.push({ op: op as Op, v });
  }
  const base = comparatorRange(range, scheme, [group]);
  return {
    raw: range,
    includes(version) {
      if (!base.includes(version)) return false;
      const p = scheme.parsed(version);
      return tildes.every(
        (t) => compareGem(p, t.lower) >= 0 && compareSegments(dropTrailingZeros(p.release), t.bump) < 0,
      );
    },
  };
}

export const rubygemsScheme = defineScheme<GemVersion>({
  id: "rubygems",
  parse: parseGemVersion,
  compareParsed: compareGem,
  parseRange: parseGemRequirement,
});
