import semver from "semver";
import { defineScheme } from "../cache.ts";
import { parseNpmRange } from "../semver/index.ts";
import { compareSemverParts, parseLenientSemver, type SemverParts } from "../semver/parse.ts";
import { invalidRange } from "../types.ts";

const OPERATOR = /^(=|>=|<=|>|<|~|\^)/;

/**
 * Cargo version requirements (`1.2.3`, `^1.2`, `~1.2.3`, `>=1.2, <1.5`, `1.*`, `*`) translated into
 * the equivalent npm range: a bare version is a caret requirement, commas mean "and". Caret, tilde
 * and wildcard semantics (including for 0.x) are the same in both; pre-releases only match a
 * comparator with the same major.minor.patch in both, as Cargo documents.
 */
export function cargoToNpmRange(req: string): string | undefined {
  const parts = req.split(",").map((p) => p.trim());
  const out: string[] = [];
  for (const part of parts) {
    if (part === "") return undefined;
    if (OPERATOR.test(part) || part === "*" || /[*xX]/.test(part)) {
      out.push(part.replace(/^(=|>=|<=|>|<|~|\^)\s+/, "$1"));
    } else out.push(`^${part}`);
  }
  return out.join(" ");
}

/**
 * crates.io: semver 2.0 precedence, as Cargo orders versions (build metadata does not affect
 * which version is newer). Uses the same lenient parser as Go and npm.
 */
export const cratesScheme = defineScheme<SemverParts>({
  id: "cargo",
  parse: parseLenientSemver,
  compareParsed: compareSemverParts,
  parseRange(range, scheme) {
    const npm = cargoToNpmRange(range);
    if (npm === undefined || semver.validRange(npm) === null) throw invalidRange(scheme.id, range);
    const r = parseNpmRange(npm, scheme);
    return { raw: range, includes: (v) => r.includes(v) };
  },
});
