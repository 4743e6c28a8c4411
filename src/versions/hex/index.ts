import { defineScheme } from "../cache.ts";
import { type Comparator, comparatorRange, type Op } from "../comparators.ts";
import { compareSemverParts, parseLenientSemver, type SemverParts } from "../semver/parse.ts";
import { invalidRange } from "../types.ts";

const CLAUSE = /^(==|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

/**
 * Elixir requirements as Hex uses them: `~> 2.0` (>= 2.0.0 and < 3.0.0), `~> 2.0.1` (>= 2.0.1 and
 * < 2.1.0), `== v`, `!= v`, `>`, `>=`, `<`, `<=`, combined with `and` / `or`; a bare version means
 * `==`. Pre-releases are ordered like any version, as Elixir's `Version.match?/3` does with
 * `allow_pre: true` (checked against Elixir 1.14: `__fixtures__/requirements-elixir-version.tsv`).
 */
export const hexScheme = defineScheme<SemverParts>({
  id: "hex",
  parse: parseLenientSemver,
  compareParsed: compareSemverParts,
  parseRange(range, scheme) {
    const groups: Comparator<SemverParts>[][] = [];
    for (const alt of range.split(/\s+or\s+/)) {
      const group: Comparator<SemverParts>[] = [];
      for (const clause of alt.split(/\s+and\s+/)) {
        const m = CLAUSE.exec(clause.trim());
        if (!m) throw invalidRange(scheme.id, range, `bad clause ${JSON.stringify(clause)}`);
        const op = m[1] ?? "==";
        const text = m[2] as string;
        if (!scheme.isValid(text))
          throw invalidRange(scheme.id, range, `bad version ${JSON.stringify(text)}`);
        const v = scheme.parsed(text);
        if (op === "~>") {
          const dots = text.replace(/[-+].*$/, "").split(".").length;
          const upper: SemverParts =
            dots <= 2
              ? { major: String(BigInt(v.major) + 1n), minor: "0", patch: "0", pre: ["0"], build: [] }
              : { major: v.major, minor: String(BigInt(v.minor) + 1n), patch: "0", pre: ["0"], build: [] };
          group.push({ op: ">=", v }, { op: "<", v: upper });
        } else {
          const map: Record<string, Op> = {
            "==": "=",
            "!=": "!=",
            ">": ">",
            ">=": ">=",
            "<": "<",
            "<=": "<=",
          };
          group.push({ op: map[op] as Op, v });
        }
      }
      groups.push(group);
    }
    return comparatorRange(range, scheme, groups);
  },
});
