import { compareDigitRuns, compareDigits, defineScheme } from "../cache.ts";

/**
 * Debian and Ubuntu: dpkg's version comparison (`dpkg --compare-versions`, lib/dpkg/version.c),
 * written by hand because no maintained JS library implements it exactly.
 *
 * `[epoch:]upstream[-revision]`: the epoch is compared numerically, then upstream and revision
 * with `verrevcmp`: alternating non-digit and digit runs; in non-digit runs `~` sorts before
 * everything (even the end of the string), then the end, then letters, then other characters;
 * digit runs compare numerically. A missing revision equals `0`.
 */
export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
  /** Sort keys of upstream and revision (see `verrevKey`), computed once at parse time. */
  upstreamKey: string[];
  revisionKey: string[];
}

const EPOCH = /^\d+$/;
const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

export function parseDebianVersion(v: string): DebianVersion | undefined {
  const s = v.trim();
  if (s === "" || s.length > 512) return undefined;
  let epoch = "0";
  let rest = s;
  const colon = s.indexOf(":");
  if (colon >= 0) {
    epoch = s.slice(0, colon);
    if (!EPOCH.test(epoch)) return undefined;
    rest = s.slice(colon + 1);
  }
  let upstream = rest;
  let revision = "";
  const dash = rest.lastIndexOf("-");
  if (dash >= 0) {
    upstream = rest.slice(0, dash);
    revision = rest.slice(dash + 1);
    if (!REVISION.test(revision)) return undefined;
  }
  if (!UPSTREAM.test(upstream)) return undefined;
  if (colon < 0 && upstream.includes(":")) return undefined;
  return { epoch, upstream, revision, upstreamKey: verrevKey(upstream), revisionKey: verrevKey(revision) };
}

const END_OF_RUN = "\u0002";

/**
 * `verrevcmp` precomputed: the string as alternating [non-digit run, digit run, ...]. Non-digit runs
 * are re-encoded so that plain string comparison gives dpkg's character order (`~` < end of run <
 * letters < everything else) and end with an end-of-run mark; digit runs lose their leading zeros
 * ("" → "0") so that comparing length, then text, compares numbers.
 */
export function verrevKey(s: string): string[] {
  const key: string[] = [];
  let i = 0;
  while (i < s.length) {
    let run = "";
    while (i < s.length && !isDigit(s.charCodeAt(i))) {
      const c = s.charCodeAt(i);
      run += c === 126 ? "\u0001" : String.fromCharCode(isAlpha(c) ? 0x100 + c : 0x200 + c);
      i++;
    }
    key.push(run + END_OF_RUN);
    const start = i;
    while (i < s.length && s.charCodeAt(i) === 48) i++;
    const digitsStart = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    key.push(i > digitsStart ? s.slice(digitsStart, i) : i > start ? "0" : "0");
  }
  return key;
}

function compareVerrevKeys(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i += 2) {
    const ra = a[i] ?? END_OF_RUN;
    const rb = b[i] ?? END_OF_RUN;
    if (ra !== rb) return ra < rb ? -1 : 1;
    const da = a[i + 1] ?? "0";
    const db = b[i + 1] ?? "0";
    if (da !== db) return da.length !== db.length ? da.length - db.length : da < db ? -1 : 1;
  }
  return 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** dpkg's `order()`: the weight of one character in a non-digit run (NaN past the end → 0). */
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

/** dpkg's `verrevcmp`. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    const si = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = compareDigitRuns(a, si, i, b, sj, j);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDebian(a: DebianVersion, b: DebianVersion): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareVerrevKeys(a.upstreamKey, b.upstreamKey) ||
    compareVerrevKeys(a.revisionKey, b.revisionKey)
  );
}

export const debianScheme = defineScheme<DebianVersion>({
  id: "debian",
  parse: parseDebianVersion,
  compareParsed: compareDebian,
});
