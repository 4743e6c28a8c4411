import { defineScheme } from "../cache.ts";
import { verrevcmp } from "../debian/index.ts";

/**
 * opam: OCaml's package manager orders versions with the Debian `verrevcmp` algorithm applied to
 * the whole string (no epoch or revision split): `~` sorts first, digit runs numerically, letters
 * before other characters.
 */
const OPAM = /^[A-Za-z0-9+._~-]+$/;

export const opamScheme = defineScheme<string>({
  id: "opam",
  parse: (v) => (v.length <= 256 && OPAM.test(v) ? v : undefined),
  compareParsed: verrevcmp,
});
