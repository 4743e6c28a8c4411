import semver from "semver";
import { compareDigits, compareStrings } from "../cache.ts";

/**
 * A semantic version as the semver family of schemes orders it. Numbers are kept as digit
 * strings so that versions with components beyond 2^53 (they occur in advisories) still order.
 */
export interface SemverParts {
  major: string;
  minor: string;
  patch: string;
  /** Pre-release identifiers; empty for a release. */
  pre: string[];
  /** Build metadata identifiers (ignored by precedence; some schemes use them). */
  build: string[];
}

const NUMERIC = /^\d+$/;

// `v1.2.3-pre+build`, with missing minor/patch allowed (`1`, `1.2`, as advisories write them) and
// any further numeric components treated as build metadata, like the reference matcher does.
const LENIENT =
  /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:\.\d+)*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Lenient parse: full semver 2.0, an optional `v`, partial versions padded with zeros. */
export function parseLenientSemver(v: string): SemverParts | undefined {
  const m = LENIENT.exec(v);
  if (!m) return undefined;
  const extra = m[4] ? m[4].slice(1).split(".") : [];
  const build = m[6] ? m[6].split(".") : [];
  return {
    major: m[1] as string,
    minor: m[2] ?? "0",
    patch: m[3] ?? "0",
    pre: m[5] ? m[5].split(".") : [],
    build: extra.length ? [...extra, ...build] : build,
  };
}

/**
 * npm: the lenient form above, then whatever the `semver` package accepts in loose mode
 * (`=1.2.3`, `1.2.3beta`, surrounding spaces), as npm itself does.
 */
export function parseNpmVersion(v: string): SemverParts | undefined {
  const lenient = parseLenientSemver(v);
  if (lenient) return lenient;
  if (v.length > 256) return undefined;
  const sv = semver.parse(v, { loose: true });
  if (!sv) return undefined;
  return {
    major: String(sv.major),
    minor: String(sv.minor),
    patch: String(sv.patch),
    pre: sv.prerelease.map(String),
    build: [...sv.build],
  };
}

/** Semver 2.0 identifier precedence: numeric < alphanumeric, numbers by value, text by ASCII. */
export function compareIdentifier(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an) return -1;
  if (bn) return 1;
  return compareStrings(a, b);
}

export function compareIdentifierLists(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifier(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Semver 2.0 precedence (build metadata ignored). */
export function compareSemverParts(a: SemverParts, b: SemverParts): number {
  return (
    compareDigits(a.major, b.major) ||
    compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) ||
    comparePrerelease(a.pre, b.pre)
  );
}

export function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  if (b.length === 0) return -1;
  return compareIdentifierLists(a, b);
}

/** `1.2.3-pre` (no build): the form the `semver` package's range tests accept. */
export function canonicalSemver(p: SemverParts): string {
  const core = `${Number(p.major)}.${Number(p.minor)}.${Number(p.patch)}`;
  return p.pre.length ? `${core}-${p.pre.join(".")}` : core;
}
