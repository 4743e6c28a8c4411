import { parse as parsePep440, satisfies as pep440Satisfies, validRange } from "@renovatebot/pep440";
import { compareStrings, defineScheme } from "../cache.ts";
import { invalidRange } from "../types.ts";

/**
 * PyPI (PEP 440). Parsing is done by `@renovatebot/pep440`; the ordering key below is the one
 * `packaging.version` builds (`_cmpkey`), computed once per parsed version and cached.
 *
 * Versions that are not PEP 440 but which older `packaging` accepted as `LegacyVersion` (they
 * still appear in old advisories) are ordered with the legacy key and always sort before every
 * PEP 440 version, as they did there. We only accept legacy strings made of the characters that
 * appear in package version strings (letters, digits, `.`, `-`, `_`, `+`, `!`, `:` as in timestamps), not arbitrary text.
 */

type Num = number;
/** One element of the local-version key: numbers sort above strings. */
type LocalPart = { n: Num } | { s: string };

export interface Pep440Key {
  legacy: false;
  epoch: Num;
  release: Num[];
  /** [phase, number]; phase -Inf (dev-only) / +Inf (no pre-release) encoded as -1 / 3. */
  pre: [Num, Num];
  post: Num; // -1 when absent
  dev: Num; // +Infinity when absent
  local: LocalPart[] | undefined;
}

export interface LegacyKey {
  legacy: true;
  parts: string[];
}

export type PyPIVersion = Pep440Key | LegacyKey;

const PRE_PHASE: Record<string, number> = { a: 0, b: 1, rc: 2 };

function pep440Key(v: string): Pep440Key | undefined {
  const p = parsePep440(v);
  if (!p) return undefined;
  const release = [...p.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  let pre: [Num, Num];
  if (!p.pre && !p.post && p.dev) pre = [-1, 0];
  else if (!p.pre) pre = [3, 0];
  else pre = [PRE_PHASE[String(p.pre[0])] ?? 2, Number(p.pre[1])];
  const local = (p.local as unknown as (string | number)[] | null)?.map(
    (x): LocalPart => (typeof x === "number" ? { n: x } : { s: x }),
  );
  return {
    legacy: false,
    epoch: p.epoch,
    release,
    pre,
    post: p.post ? Number(p.post[1]) : -1,
    dev: p.dev ? Number(p.dev[1]) : Number.POSITIVE_INFINITY,
    local,
  };
}

const LEGACY_CHARS = /^[A-Za-z0-9._+!:-]*[A-Za-z0-9][A-Za-z0-9._+!:-]*$/;
const LEGACY_SPLIT = /(\d+|[a-z]+|\.|-)/;
const LEGACY_REPLACE: Record<string, string> = {
  pre: "c",
  preview: "c",
  "-": "final-",
  rc: "c",
  dev: "@",
};

/** `packaging`'s `_legacy_cmpkey`: the version split into zero-padded numbers and `*`-marked words. */
function legacyKey(v: string): LegacyKey | undefined {
  if (v.length > 256 || !LEGACY_CHARS.test(v)) return undefined;
  const parts: string[] = [];
  const raw = v.toLowerCase().split(LEGACY_SPLIT);
  raw.push("*final*");
  for (let part of raw) {
    if (part === "*final*") part = "*final";
    else {
      part = LEGACY_REPLACE[part] ?? part;
      if (part === "" || part === ".") continue;
      const c = part.charCodeAt(0);
      part = c >= 48 && c <= 57 ? part.padStart(8, "0") : `*${part}`;
    }
    if (part.startsWith("*")) {
      if (part < "*final") while (parts.length && parts[parts.length - 1] === "*final-") parts.pop();
      while (parts.length && parts[parts.length - 1] === "00000000") parts.pop();
    }
    parts.push(part);
  }
  return { legacy: true, parts };
}

export function parsePyPIVersion(v: string): PyPIVersion | undefined {
  if (v.length > 1024) return undefined;
  return pep440Key(v) ?? legacyKey(v.trim() === v ? v : "");
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocal(a: LocalPart[] | undefined, b: LocalPart[] | undefined): number {
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as LocalPart;
    const y = b[i] as LocalPart;
    if ("n" in x) {
      if ("n" in y) {
        const c = cmpNum(x.n, y.n);
        if (c) return c;
      } else return 1;
    } else if ("n" in y) return -1;
    else {
      const c = compareStrings(x.s, y.s);
      if (c) return c;
    }
  }
  return a.length - b.length;
}

export function comparePyPI(a: PyPIVersion, b: PyPIVersion): number {
  if (a.legacy || b.legacy) {
    if (!b.legacy) return -1;
    if (!a.legacy) return 1;
    const n = Math.min(a.parts.length, b.parts.length);
    for (let i = 0; i < n; i++) {
      const c = compareStrings(a.parts[i] as string, b.parts[i] as string);
      if (c) return c;
    }
    return a.parts.length - b.parts.length;
  }
  let c = cmpNum(a.epoch, b.epoch);
  if (c) return c;
  const n = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    c = cmpNum(a.release[i] as number, b.release[i] as number);
    if (c) return c;
  }
  c = a.release.length - b.release.length;
  if (c) return c;
  return (
    cmpNum(a.pre[0], b.pre[0]) ||
    cmpNum(a.pre[1], b.pre[1]) ||
    cmpNum(a.post, b.post) ||
    cmpNum(a.dev, b.dev) ||
    compareLocal(a.local, b.local)
  );
}

export const pep440Scheme = defineScheme<PyPIVersion>({
  id: "pep440",
  parse: parsePyPIVersion,
  compareParsed: comparePyPI,
  parseRange(range, scheme) {
    const spec = range.trim();
    if (spec === "" || !validRange(spec)) throw invalidRange(scheme.id, range);
    return {
      raw: range,
      includes(v) {
        const p = scheme.parsed(v);
        // Specifiers only ever match PEP 440 versions.
        if (p.legacy) return false;
        return pep440Satisfies(v, spec, { prereleases: true });
      },
    };
  },
});
