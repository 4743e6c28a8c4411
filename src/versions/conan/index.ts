import { compareDigits, compareStrings, defineScheme } from "../cache.ts";

/**
 * ConanCenter: Conan 2's `Version` ordering, which is loose and semver-like. Written by hand (no JS
 * library). The main part is split on `.` into items; two numeric items compare as numbers, any
 * other pair as (lower-cased) text; trailing zero items are ignored (`1.2` = `1.2.0`) and otherwise
 * a list that is a prefix of another sorts first.
 * A `-pre` part makes a pre-release (below the version without it, compared item by item the same
 * way); a `+build` part only breaks ties. Leading `v` is not special, as in Conan.
 */
export interface ConanVersion {
  main: string[];
  pre: string[] | undefined;
  build: string[] | undefined;
}

const CONAN = /^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.-]+)?(?:\+[A-Za-z0-9_.-]+)?$/;

function items(s: string): string[] {
  const out = s.split(".");
  while (out.length > 1 && /^0+$/.test(out[out.length - 1] as string)) out.pop();
  return out;
}

export function parseConanVersion(v: string): ConanVersion | undefined {
  const s = v.trim();
  if (s === "" || s.length > 256 || !CONAN.test(s)) return undefined;
  const plus = s.indexOf("+");
  const core = plus >= 0 ? s.slice(0, plus) : s;
  const build = plus >= 0 ? s.slice(plus + 1).split(".") : undefined;
  const dash = core.indexOf("-");
  const main = dash >= 0 ? core.slice(0, dash) : core;
  const pre = dash >= 0 ? core.slice(dash + 1).split(".") : undefined;
  return { main: items(main), pre, build };
}

const NUMERIC = /^\d+$/;

function compareItem(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return compareDigits(a, b);
  // Conan compares an item that is not a number with anything as text.
  return compareStrings(a.toLowerCase(), b.toLowerCase());
}

function compareItems(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareItem(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function compareConan(a: ConanVersion, b: ConanVersion): number {
  const c = compareItems(a.main, b.main);
  if (c !== 0) return c;
  if (a.pre && !b.pre) return -1;
  if (!a.pre && b.pre) return 1;
  if (a.pre && b.pre) {
    const p = compareItems(a.pre, b.pre);
    if (p !== 0) return p;
  }
  if (a.build && !b.build) return 1;
  if (!a.build && b.build) return -1;
  if (a.build && b.build) return compareItems(a.build, b.build);
  return 0;
}

export const conanScheme = defineScheme<ConanVersion>({
  id: "conan",
  parse: parseConanVersion,
  compareParsed: compareConan,
});
