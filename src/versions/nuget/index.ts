import { compareDigits, compareStrings, defineScheme } from "../cache.ts";
import { parseBracketRange } from "../interval.ts";

/**
 * NuGet: `NuGetVersion` ordering (SemVer 2.0 with an optional fourth "revision" number, legacy
 * leading zeros, case-insensitive pre-release labels, build metadata ignored). Written by hand:
 * no maintained JS library implements NuGet's comparer. Numbers have no size limit.
 */
export interface NuGetVersion {
  /** Exactly four numeric parts (missing ones are 0). */
  nums: [string, string, string, string];
  /** Lower-cased pre-release labels. */
  pre: string[];
}

const NUGET =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseNuGetVersion(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v.trim());
  if (!m) return undefined;
  return {
    nums: [m[1] as string, m[2] ?? "0", m[3] ?? "0", m[4] ?? "0"],
    pre: m[5] ? m[5].toLowerCase().split(".") : [],
  };
}

const NUMERIC = /^\d+$/;

function compareLabel(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an) return -1;
  if (bn) return 1;
  return compareStrings(a, b);
}

export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.nums[i] as string, b.nums[i] as string);
    if (c) return c;
  }
  if (a.pre.length === 0) return b.pre.length === 0 ? 0 : 1;
  if (b.pre.length === 0) return -1;
  const n = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a.pre[i] as string, b.pre[i] as string);
    if (c) return c;
  }
  return a.pre.length - b.pre.length;
}

export const nugetScheme = defineScheme<NuGetVersion>({
  id: "nuget",
  parse: parseNuGetVersion,
  compareParsed: compareNuGet,
  // NuGet version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `(1.0,)`; a bare `1.0` means `>= 1.0`.
  parseRange: (range, scheme) => parseBracketRange(range, scheme, { unions: false, bare: "minimum" }),
});
