import type { VersionRange, VersionScheme } from "./types.ts";
import { invalidVersion } from "./types.ts";

/** How many parsed versions each scheme keeps (oldest evicted first). */
export const PARSE_CACHE_SIZE = 50_000;

/**
 * A bounded memo for a parse function. Invalid inputs are remembered too (as `null`), so a bad
 * version seen a million times is parsed once.
 */
export function boundedMemo<P>(parse: (v: string) => P | undefined, max = PARSE_CACHE_SIZE) {
  const cache = new Map<string, P | null>();
  return (v: string): P | undefined => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const parsed = parse(v);
    if (cache.size >= max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(v, parsed === undefined ? null : parsed);
    return parsed;
  };
}

export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compare two strings of decimal digits by numeric value, without size limits. */
export function compareDigits(a: string, b: string): number {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Compare the digit runs `a[as..ae)` and `b[bs..be)` by numeric value without allocating
 * (an empty run counts as 0).
 */
export function compareDigitRuns(
  a: string,
  as: number,
  ae: number,
  b: string,
  bs: number,
  be: number,
): number {
  while (as < ae && a.charCodeAt(as) === 48) as++;
  while (bs < be && b.charCodeAt(bs) === 48) bs++;
  const la = ae - as;
  const lb = be - bs;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; as < ae; as++, bs++) {
    const d = a.charCodeAt(as) - b.charCodeAt(bs);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit string comparison (the `strcmp` most reference implementations use). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SchemeSpec<P> {
  id: string;
  /** Parse a version, or undefined when it is not valid in this scheme. */
  parse(v: string): P | undefined;
  /** Order two parsed versions (any sign-carrying number). */
  compareParsed(a: P, b: P): number;
  parseRange?(range: string, scheme: ParsedScheme<P>): VersionRange;
  cacheSize?: number;
}

/** A scheme plus access to its cached parser, for range implementations. */
export interface ParsedScheme<P> extends VersionScheme {
  /** Cached parse; throws `invalid-version`. */
  parsed(v: string): P;
  compareParsed(a: P, b: P): number;
}

/** Build a scheme from a parser and a comparator, with a bounded parse cache. */
export function defineScheme<P>(spec: SchemeSpec<P>): ParsedScheme<P> {
  const memo = boundedMemo(spec.parse, spec.cacheSize);
  const parsed = (v: string): P => {
    const p = typeof v === "string" ? memo(v) : undefined;
    if (p === undefined) throw invalidVersion(spec.id, v);
    return p;
  };
  const scheme: ParsedScheme<P> = {
    id: spec.id,
    isValid: (v) => typeof v === "string" && memo(v) !== undefined,
    compare: (a, b) => {
      if (a === b) {
        parsed(a);
        return 0;
      }
      return sign(spec.compareParsed(parsed(a), parsed(b)));
    },
    parsed,
    compareParsed: spec.compareParsed,
  };
  if (spec.parseRange) {
    const pr = spec.parseRange;
    scheme.parseRange = (range) => pr(range, scheme);
  }
  return scheme;
}
