import { defineScheme } from "../cache.ts";
import { compareNumberLists, parseNumberList } from "../cran/index.ts";

/**
 * Hackage: the Haskell Package Versioning Policy's `Data.Version` ordering (dot-separated numbers,
 * compared as lists: `1.0` < `1.0.0`). Written by hand; it is a few lines and has no JS library.
 */
const PVP = /^\d+(?:\.\d+)*$/;

export const hackageScheme = defineScheme<string[]>({
  id: "hackage",
  parse: (v) => parseNumberList(v, PVP),
  compareParsed: compareNumberLists,
});
