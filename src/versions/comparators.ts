import type { ParsedScheme } from "./cache.ts";
import type { VersionRange } from "./types.ts";

export type Op = "<" | "<=" | ">" | ">=" | "=" | "!=";

export interface Comparator<P> {
  op: Op;
  v: P;
}

/** True when `c = compare(version, bound)` satisfies the operator. */
export function holds(op: Op, c: number): boolean {
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "=":
      return c === 0;
    case "!=":
      return c !== 0;
  }
}

/**
 * A range as alternatives (OR) of comparator sets (AND): the shape RubyGems requirements, Composer
 * constraints and Elixir requirements all reduce to.
 */
export function comparatorRange<P>(
  raw: string,
  scheme: ParsedScheme<P>,
  groups: Comparator<P>[][],
): VersionRange {
  return {
    raw,
    includes(v) {
      const p = scheme.parsed(v);
      return groups.some((g) => g.every((c) => holds(c.op, scheme.compareParsed(p, c.v))));
    },
  };
}
