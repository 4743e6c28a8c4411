import type { ParsedScheme } from "./cache.ts";
import { invalidRange, type VersionRange } from "./types.ts";

/** One interval of a bracket range: bounds are versions or open-ended. */
export interface Interval<P> {
  lower?: { v: P; inclusive: boolean };
  upper?: { v: P; inclusive: boolean };
}

export interface BracketOptions {
  /** Several `[a,b)` groups separated by commas (Maven); NuGet allows only one. */
  unions: boolean;
  /** What a bare version without brackets means. */
  bare: "exact" | "minimum";
}

/**
 * The bracket interval syntax Maven and NuGet share: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `(1.0,)`,
 * and with `unions`, `(,1.0],[1.2,)`. Versions inside are parsed with the scheme.
 */
export function parseBracketRange<P>(
  range: string,
  scheme: ParsedScheme<P>,
  opts: BracketOptions,
): VersionRange {
  const text = range.trim();
  const fail = (why: string) => invalidRange(scheme.id, range, why);
  const version = (s: string): P => {
    const t = s.trim();
    if (!scheme.isValid(t)) throw fail(`bad version ${JSON.stringify(t)}`);
    return scheme.parsed(t);
  };
  const intervals: Interval<P>[] = [];
  if (text === "") throw fail("empty");
  if (text[0] !== "[" && text[0] !== "(") {
    const v = version(text);
    intervals.push(
      opts.bare === "exact"
        ? { lower: { v, inclusive: true }, upper: { v, inclusive: true } }
        : { lower: { v, inclusive: true } },
    );
  } else {
    let rest = text;
    while (rest.length > 0) {
      const open = rest[0];
      if (open !== "[" && open !== "(") throw fail(`expected [ or ( at ${JSON.stringify(rest)}`);
      const close = rest.search(/[\])]/);
      if (close < 0) throw fail("missing closing bracket");
      const inner = rest.slice(1, close);
      const lowerInclusive = open === "[";
      const upperInclusive = rest[close] === "]";
      const comma = inner.indexOf(",");
      if (comma < 0) {
        if (!lowerInclusive || !upperInclusive) throw fail("a single version needs [v]");
        const v = version(inner);
        intervals.push({ lower: { v, inclusive: true }, upper: { v, inclusive: true } });
      } else {
        if (inner.indexOf(",", comma + 1) >= 0) throw fail("more than two bounds in one interval");
        const lo = inner.slice(0, comma).trim();
        const hi = inner.slice(comma + 1).trim();
        const iv: Interval<P> = {};
        if (lo !== "") iv.lower = { v: version(lo), inclusive: lowerInclusive };
        else if (lowerInclusive && opts.unions) throw fail("an open lower bound must use (");
        if (hi !== "") iv.upper = { v: version(hi), inclusive: upperInclusive };
        else if (upperInclusive && opts.unions) throw fail("an open upper bound must use )");
        if (!iv.lower && !iv.upper && opts.unions) throw fail("an interval needs at least one bound");
        if (iv.lower && iv.upper) {
          const c = scheme.compareParsed(iv.lower.v, iv.upper.v);
          if (c > 0 || (c === 0 && !(iv.lower.inclusive && iv.upper.inclusive))) {
            throw fail("lower bound is above the upper bound");
          }
        }
        intervals.push(iv);
      }
      rest = rest.slice(close + 1).trim();
      if (rest.startsWith(",")) {
        if (!opts.unions) throw fail("only one interval is allowed");
        rest = rest.slice(1).trim();
        if (rest === "") throw fail("trailing comma");
      } else if (rest !== "") throw fail(`unexpected ${JSON.stringify(rest)}`);
    }
  }
  return {
    raw: range,
    includes(v) {
      const p = scheme.parsed(v);
      return intervals.some((iv) => {
        if (iv.lower) {
          const c = scheme.compareParsed(p, iv.lower.v);
          if (c < 0 || (c === 0 && !iv.lower.inclusive)) return false;
        }
        if (iv.upper) {
          const c = scheme.compareParsed(p, iv.upper.v);
          if (c > 0 || (c === 0 && !iv.upper.inclusive)) return false;
        }
        return true;
      });
    },
  };
}
