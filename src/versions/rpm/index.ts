import { compareDigitRuns, defineScheme } from "../cache.ts";

/**
 * RPM (Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE): `rpmvercmp` applied to epoch, version and
 * release, written by hand because no maintained JS library implements rpm's algorithm.
 *
 * `[epoch:]version[-release]`: the epoch is the leading digits before a `:` (0 when absent); the
 * release follows the last `-`. Each part is compared by `rpmvercmp`: separators (anything but
 * ASCII letters, digits, `~` and `^`) are skipped; `~` sorts before everything, even the end of
 * the string; `^` sorts after the end of the string but before anything else; digit runs compare
 * numerically and beat letter runs; letter runs compare as ASCII. A version without a release sorts
 * before the same version with one, as `rpm.vercmp` does. Checked against rpm 4.18
 * (`__fixtures__/crafted-rpm-vercmp.txt`, 800 comparisons).
 */
export interface RpmVersion {
  epoch: string;
  version: string;
  release: string | undefined;
}

export function parseRpmVersion(v: string): RpmVersion | undefined {
  if (v === "" || v.length > 512 || /\s/.test(v)) return undefined;
  let i = 0;
  while (i < v.length && isDigit(v.charCodeAt(i))) i++;
  let epoch = "0";
  let rest = v;
  if (v.charCodeAt(i) === 58 /* : */) {
    epoch = i === 0 ? "0" : v.slice(0, i);
    rest = v.slice(i + 1);
  }
  const dash = rest.lastIndexOf("-");
  if (dash < 0) return { epoch, version: rest, release: undefined };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
const TILDE = 126;
const CARET = 94;

/** `strcmp` of two letter runs, without allocating. */
function compareRuns(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  for (; as < ae && bs < be; as++, bs++) {
    const d = a.charCodeAt(as) - b.charCodeAt(bs);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return ae - as - (be - bs);
}

/** rpm's `rpmvercmp`. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while (i < la) {
      const c = a.charCodeAt(i);
      if (isDigit(c) || isAlpha(c) || c === TILDE || c === CARET) break;
      i++;
    }
    while (j < lb) {
      const c = b.charCodeAt(j);
      if (isDigit(c) || isAlpha(c) || c === TILDE || c === CARET) break;
      j++;
    }
    const ca = i < la ? a.charCodeAt(i) : 0;
    const cb = j < lb ? b.charCodeAt(j) : 0;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= la) return -1;
      if (j >= lb) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= la || j >= lb) break;
    const si = i;
    const sj = j;
    const num = isDigit(ca);
    const run = num ? isDigit : isAlpha;
    while (i < la && run(a.charCodeAt(i))) i++;
    while (j < lb && run(b.charCodeAt(j))) j++;
    if (sj === j) return num ? 1 : -1;
    const c = num ? compareDigitRuns(a, si, i, b, sj, j) : compareRuns(a, si, i, b, sj, j);
    if (c !== 0) return c;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}

export function compareRpm(a: RpmVersion, b: RpmVersion): number {
  const c = rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version);
  if (c !== 0) return c;
  if (a.release === undefined) return b.release === undefined ? 0 : -1;
  if (b.release === undefined) return 1;
  return rpmvercmp(a.release, b.release);
}

export const rpmScheme = defineScheme<RpmVersion>({
  id: "rpm",
  parse: parseRpmVersion,
  compareParsed: compareRpm,
});
