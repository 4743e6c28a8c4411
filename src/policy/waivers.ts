import type { PackageRef } from "../core/package.ts";
import type { Finding, Suppression } from "../core/result.ts";
import type { Waiver } from "./types.ts";

/** YYYY-MM-DD of `now` in UTC. */
export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A waiver applies through the whole of its `expires` day (UTC). */
export function isExpired(w: Waiver, now: Date): boolean {
  return w.expires < today(now);
}

export function daysLeft(w: Waiver, now: Date): number {
  return Math.round(
    (Date.parse(`${w.expires}T00:00:00Z`) - Date.parse(`${today(now)}T00:00:00Z`)) / 86_400_000,
  );
}

// Hand-written rather than a glob library: only `*` is special, and it must match `/` and `@` in purls.
function wildcard(pattern: string): RegExp {
  const re = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}$`, "i");
}

function stripPurl(purl: string): { base: string; version?: string } {
  let p = purl;
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep as is
  }
  const slash = p.lastIndexOf("/");
  const at = p.indexOf("@", slash + 1);
  if (at < 0) return { base: p };
  return { base: p.slice(0, at), version: p.slice(at + 1) };
}

const patternCache = new Map<string, (pkg: PackageRef) => boolean>();

/** `pkg:npm/lodash` (any version), `pkg:npm/lodash@4.*`, `lodash`, `@acme/*`. */
export function packageMatcher(pattern: string): (pkg: PackageRef) => boolean {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  let fn: (pkg: PackageRef) => boolean;
  if (pattern.startsWith("pkg:")) {
    const want = stripPurl(pattern);
    const base = wildcard(want.base);
    const version = want.version === undefined ? undefined : wildcard(want.version);
    fn = (pkg) => {
      const have = stripPurl(pkg.purl);
      return base.test(have.base) && (version === undefined || version.test(have.version ?? ""));
    };
  } else {
    const name = wildcard(pattern);
    fn = (pkg) => name.test(pkg.name) || name.test(`${pkg.name}@${pkg.version}`);
  }
  patternCache.set(pattern, fn);
  return fn;
}

export function findingMatches(w: Waiver, f: Finding): boolean {
  if (w.finding === undefined) return true;
  const want = w.finding.toLowerCase();
  return f.id.toLowerCase() === want || f.aliases.some((a) => a.toLowerCase() === want);
}

export function suppressionFor(w: Waiver): Suppression {
  return { by: "waiver", ref: w.id, reason: w.reason, owner: w.owner, expires: w.expires };
}

/** Waivers that suppress findings: those naming a finding (and maybe a package) but no rule. */
export function findingWaiver(waivers: Waiver[], f: Finding): Waiver | undefined {
  for (const w of waivers) {
    if (w.rule !== undefined || w.finding === undefined) continue;
    if (!findingMatches(w, f)) continue;
    if (w.package !== undefined && !packageMatcher(w.package)(f.package)) continue;
    return w;
  }
  return undefined;
}

/** Waivers that waive a rule hit: naming the rule, or only the package. */
export function ruleWaiver(waivers: Waiver[], pkg: PackageRef, ruleId: string): Waiver | undefined {
  for (const w of waivers) {
    if (w.rule !== undefined && w.rule !== ruleId) continue;
    if (w.rule === undefined && (w.finding !== undefined || w.package === undefined)) continue;
    if (w.package !== undefined && !packageMatcher(w.package)(pkg)) continue;
    return w;
  }
  return undefined;
}
