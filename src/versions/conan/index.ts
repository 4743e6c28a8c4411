import { compareDigits, compareStrings, defineScheme } from "../cache.ts";

/**
 * ConanCenter: Conan 2's `Version` ordering (conan/internal/model/version.py), which is loose and
 * only semver-like. Written by hand (no JS library).
 *
 * `main[-pre][+build]`: the build is what follows the last `+`, the pre-release what follows the
 * first `-` of the rest; each part is a list of `.`-separated items with trailing zero items dropped
 * (`1.2` = `1.2.0`). Two numeric items compare as numbers; any other pair compares as text, case
 * sensitive, with numbers written without leading zeros (Python's `str(int(x))`). Lists compare
 * item by item, a prefix sorting first. A pre-release sorts before the same main version without
 * one; the build only breaks ties (none before any). Conan itself raises an error when it has to
 * compare a build with no build; we order "no build" first instead.
 */
export interface ConanVersion {
  main: string[];
  pre: string[] | undefined;
  build: string[] | undefined;
}

const CONAN = /^[A-Za-z0-9_.+-]+$/;
const NUMERIC = /^\d+$/;

function items(s: string): string[] {
  const out = s.split(".").map((x) => (NUMERIC.test(x) ? x.replace(/^0+(?=\d)/, "") : x));
  while (out.length > 0 && out[out.length - 1] === "0") out.pop();
  return out;
}

export function parseConanVersion(v: string): ConanVersion | undefined {
  const s = v.trim();
  if (s === "" || s.length > 256 || !CONAN.test(s)) return undefined;
  const plus = s.lastIndexOf("+");
  const value = plus >= 0 ? s.slice(0, plus) : s;
  const build = plus >= 0 ? items(s.slice(plus + 1)) : undefined;
  const dash = value.indexOf("-");
  const main = dash >= 0 ? value.slice(0, dash) : value;
  const pre = dash >= 0 ? items(value.slice(dash + 1)) : undefined;
  return { main: items(main), pre, build };
}

function compareItem(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return compareDigits(a, b);
  return compareStrings(a, b);
}

function compareItems(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareItem(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareOptional(a: string[] | undefined, b: string[] | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return compareItems(a, b);
}

export function compareConan(a: ConanVersion, b: ConanVersion): number {
  const c = compareItems(a.main, b.main);
  if (c !== 0) return c;
  if (a.pre && !b.pre) return -1;
  if (!a.pre && b.pre) return 1;
  return compareOptional(a.pre, b.pre) || compareOptional(a.build, b.build);
}

export const conanScheme = defineScheme<ConanVersion>({
  id: "conan",
  parse: parseConanVersion,
  compareParsed: compareConan,
});
