import { compareDigits, defineScheme } from "../cache.ts";

/**
 * CRAN: R's `package_version` ordering, written by hand (no JS library implements it): numbers
 * separated by `.` or `-`, compared component by component numerically; when one is a prefix of
 * the other the longer one is greater (`0.1.0` < `0.1.0.0`). Leading zeros do not matter.
 */
const CRAN = /^\d+(?:[.-]\d+)*$/;

export function parseNumberList(v: string, pattern: RegExp): string[] | undefined {
  const s = v.trim();
  if (s.length > 256 || !pattern.test(s)) return undefined;
  return s.split(/[.-]/);
}

export function compareNumberLists(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export const cranScheme = defineScheme<string[]>({
  id: "cran",
  parse: (v) => parseNumberList(v, CRAN),
  compareParsed: compareNumberLists,
});
