import { defineScheme } from "../cache.ts";
import { compareSemverParts, parseLenientSemver, type SemverParts } from "../semver/parse.ts";

/**
 * Go modules: semver 2.0 with the `v` prefix (optional here, since OSV strips it). Pseudo-versions
 * (`v0.0.0-20191109021931-daa7c04131f5`, `v1.2.4-0.2019…`) are pre-releases and order correctly by
 * semver precedence; `+incompatible` is build metadata and ignored. `golang.org/x/mod/semver` has
 * no maintained JS port, and the rules are exactly semver precedence, so this reuses our parser.
 */
export const goScheme = defineScheme<SemverParts>({
  id: "go",
  parse: parseLenientSemver,
  compareParsed: compareSemverParts,
});
