import { baseEcosystem } from "../core/ecosystem.ts";
import { type Package, toRef } from "../core/package.ts";
import type { Finding, FindingKind, Severity, SeverityInfo } from "../core/result.ts";
import { findScheme, type VersionScheme } from "../versions/index.ts";
import type { OsvEvent } from "./osv-model.ts";
import type { CandidateRow } from "./osv-store.ts";

/** Anything that can list the affected entries for packages: the store, or the online OSV API. */
export interface CandidateSource {
  candidates(keys: { baseEcosystem: string; name: string }[]): Promise<CandidateRow[]>;
}

/** Why part of a record could not be evaluated (kept so users can see what was not checked). */
export interface SkippedRange {
  advisoryId: string;
  package: string;
  reason: string;
}

export interface MatchOutput {
  findings: Finding[];
  skipped: SkippedRange[];
  /** Packages not checked because they carry no version (manifests without a lockfile). */
  unversioned: number;
}

type Verdict = "affected" | "unaffected";

interface ParsedRange {
  /** Undefined when the range cannot be evaluated (reason in `skip`). */
  events?: OsvEvent[];
  limits?: string[];
  scheme?: VersionScheme;
  skip?: string;
}

const SEMVER = findScheme("npm");
/** Parsed ranges per affected entry: rows are parsed once however many versions are checked. */
const rangeCache = new WeakMap<CandidateRow, ParsedRange[]>();

/**
 * Distribution variants: a package of `Debian:12` matches records for `Debian:12` (and records for
 * bare `Debian`, which speak for every release) but not `Debian:11`. A package with a bare
 * `Debian` (release unknown) matches records of every release: we cannot rule any out, and
 * missing a vulnerability is worse than a finding the user can dismiss. `Ubuntu:22.04` matches
 * `Ubuntu:22.04:LTS`. In general: equal, or one is the other plus `:suffix`.
 */
export function ecosystemApplies(packageEcosystem: string, recordEcosystem: string): boolean {
  if (packageEcosystem === recordEcosystem) return true;
  return (
    recordEcosystem.startsWith(`${packageEcosystem}:`) || packageEcosystem.startsWith(`${recordEcosystem}:`)
  );
}

function schemeForRange(type: string, ecosystem: string): VersionScheme | string {
  if (type === "SEMVER") return SEMVER ?? "no semver ordering available";
  if (type === "ECOSYSTEM") return findScheme(ecosystem) ?? `no version ordering known for ${ecosystem}`;
  if (type === "GIT") return "GIT range: matched by commit, not by version";
  return `unknown range type ${type}`;
}

function parseRanges(row: CandidateRow): ParsedRange[] {
  const cached = rangeCache.get(row);
  if (cached) return cached;
  const out = row.data.ranges.map((r): ParsedRange => {
    const scheme = schemeForRange(r.type, row.ecosystem);
    if (typeof scheme === "string") return { skip: scheme };
    const limits: string[] = [];
    const events: OsvEvent[] = [];
    for (const e of r.events) {
      const v = e.introduced ?? e.fixed ?? e.last_affected ?? e.limit;
      if (v === undefined) continue;
      if (!(e.introduced === "0" || (e.limit !== undefined && v === "*") || scheme.isValid(v)))
        return { skip: `invalid ${r.type === "SEMVER" ? "semver" : scheme.id} version in range: ${v}` };
      if (e.limit !== undefined) limits.push(v);
      else events.push(e);
    }
    const key = (e: OsvEvent) => (e.introduced ?? e.fixed ?? e.last_affected)!;
    events.sort((a, b) => {
      if (a.introduced === "0") return b.introduced === "0" ? 0 : -1;
      if (b.introduced === "0") return 1;
      return scheme.compare(key(a), key(b));
    });
    return { events, limits, scheme };
  });
  rangeCache.set(row, out);
  return out;
}

/**
 * The OSV evaluation: a version is affected when it is in `versions`, or when, walking a range's
 * events in version order, the last applicable event is an `introduced` (a `fixed` at or below the
 * version, or a `last_affected` below it, ends the affected span), and it is below a `limit` if the
 * range has any.
 */
export function evaluate(row: CandidateRow, version: string, skipped?: (reason: string) => void): Verdict {
  const ecoScheme = findScheme(row.ecosystem);
  for (const v of row.data.versions) {
    if (v === version) return "affected";
    if (ecoScheme?.isValid(v) && ecoScheme.isValid(version) && ecoScheme.compare(v, version) === 0)
      return "affected";
  }
  for (const r of parseRanges(row)) {
    if (!r.events || !r.scheme) {
      skipped?.(r.skip ?? "range not evaluable");
      continue;
    }
    const scheme = r.scheme;
    if (!scheme.isValid(version)) {
      skipped?.(`package version ${version} is not a valid ${scheme.id} version`);
      continue;
    }
    let affected = false;
    for (const e of r.events) {
      if (e.introduced !== undefined) {
        if (e.introduced === "0" || scheme.compare(version, e.introduced) >= 0) affected = true;
      } else if (e.fixed !== undefined) {
        if (scheme.compare(version, e.fixed) >= 0) affected = false;
      } else if (e.last_affected !== undefined) {
        if (scheme.compare(version, e.last_affected) > 0) affected = false;
      }
    }
    if (affected && r.limits!.length > 0)
      affected = r.limits!.some((l) => l === "*" || scheme.compare(version, l) < 0);
    if (affected) return "affected";
  }
  return "unaffected";
}

/** Fixed versions named by a row's evaluable ranges. */
function fixedVersions(row: CandidateRow): { version: string; scheme: VersionScheme }[] {
  const out: { version: string; scheme: VersionScheme }[] = [];
  for (const r of parseRanges(row)) {
    if (!r.events || !r.scheme) continue;
    for (const e of r.events) if (e.fixed !== undefined) out.push({ version: e.fixed, scheme: r.scheme });
  }
  return out;
}

/** Look up and evaluate every package against a candidate source (the store or the OSV API). */
export async function matchPackages(source: CandidateSource, packages: Package[]): Promise<MatchOutput> {
  const keys = new Map<string, { baseEcosystem: string; name: string }>();
  for (const p of packages) {
    if (!p.version) continue;
    const base = baseEcosystem(p.ecosystem) ?? p.ecosystem;
    keys.set(`${base}\0${p.normalizedName}`, { baseEcosystem: base, name: p.normalizedName });
  }
  const rows = keys.size ? await source.candidates([...keys.values()]) : [];
  return matchCandidates(packages, rows);
}

const SEVERITY_RANK: Record<Severity, number> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  none: 1,
  unknown: 0,
};

/** The pure part of matching: packages × candidate rows → merged findings. */
export function matchCandidates(packages: Package[], rows: CandidateRow[]): MatchOutput {
  const byKey = new Map<string, CandidateRow[]>();
  for (const r of rows) {
    const k = `${r.baseEcosystem}\0${r.name}`;
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  const findings: Finding[] = [];
  const skipped: SkippedRange[] = [];
  const skippedSeen = new Set<string>();
  let unversioned = 0;
  for (const pkg of packages) {
    if (!pkg.version) {
      unversioned++;
      continue;
    }
    const base = baseEcosystem(pkg.ecosystem) ?? pkg.ecosystem;
    const all = (byKey.get(`${base}\0${pkg.normalizedName}`) ?? []).filter((r) =>
      ecosystemApplies(pkg.ecosystem, r.ecosystem),
    );
    if (!all.length) continue;
    const hit = new Map<string, CandidateRow[]>();
    for (const row of all) {
      const verdict = evaluate(row, pkg.version, (reason) => {
        const k = `${row.advisoryId}\0${pkg.purl}\0${reason}`;
        if (skippedSeen.has(k)) return;
        skippedSeen.add(k);
        skipped.push({ advisoryId: row.advisoryId, package: pkg.purl, reason });
      });
      if (verdict === "affected") {
        const list = hit.get(row.advisoryId);
        if (list) list.push(row);
        else hit.set(row.advisoryId, [row]);
      }
    }
    if (!hit.size) continue;
    const pkgFindings = mergeAliases(pkg, hit);
    const upgrade = upgradeTarget(pkg, all);
    for (const f of pkgFindings) {
      if (upgrade) f.upgradeTo = upgrade;
      findings.push(f);
    }
  }
  findings.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity.rating] - SEVERITY_RANK[a.severity.rating] ||
      (a.kind === b.kind ? 0 : a.kind === "malicious" ? -1 : 1) ||
      (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
      cmpStr(a.package.name, b.package.name) ||
      cmpStr(a.package.version, b.package.version) ||
      cmpStr(a.id, b.id),
  );
  return { findings, skipped, unversioned };
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Preferred primary id: MAL- for malicious, then GHSA, then other databases' ids, CVE last. */
function idRank(id: string): number {
  if (id.startsWith("MAL-")) return 0;
  if (id.startsWith("GHSA-")) return 1;
  if (id.startsWith("CVE-")) return 3;
  return 2;
}

/**
 * One finding per real issue: records that name each other (directly or through a shared alias,
 * e.g. GHSA-x and PYSEC-y both aliasing CVE-z) are one finding. The primary id is chosen among the
 * matched records' own ids by `idRank`, then alphabetically, so the choice is deterministic.
 */
function mergeAliases(pkg: Package, hit: Map<string, CandidateRow[]>): Finding[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(hi, lo);
  };
  for (const [id, rows] of hit) for (const alias of rows[0].aliases) union(id, alias);
  const groups = new Map<string, string[]>();
  for (const id of hit.keys()) {
    const root = find(id);
    const g = groups.get(root);
    if (g) g.push(id);
    else groups.set(root, [id]);
  }
  const out: Finding[] = [];
  for (const ids of groups.values()) {
    ids.sort((a, b) => idRank(a) - idRank(b) || cmpStr(a, b));
    const rows = ids.map((id) => hit.get(id)!);
    const primary = rows[0][0];
    const kind: FindingKind = rows.some((r) => r[0].kind === "malicious") ? "malicious" : "vulnerability";
    const primaryId = kind === "malicious" ? ids.find((id) => hit.get(id)![0].kind === "malicious")! : ids[0];
    const aliasSet = new Set<string>();
    for (const id of ids) {
      aliasSet.add(id);
      for (const a of hit.get(id)![0].aliases) aliasSet.add(a);
    }
    aliasSet.delete(primaryId);
    let severity: SeverityInfo = primary.severity;
    for (const r of rows) {
      const s = r[0].severity;
      if (
        SEVERITY_RANK[s.rating] > SEVERITY_RANK[severity.rating] ||
        (s.rating === severity.rating && (s.score ?? -1) > (severity.score ?? -1))
      )
        severity = s;
    }
    const fixed = new Map<string, VersionScheme>();
    for (const r of rows.flat())
      for (const f of fixedVersions(r))
        if (isAbove(f.scheme, f.version, pkg.version)) fixed.set(f.version, f.scheme);
    const fixedList = [...fixed.entries()].sort((a, b) => safeCompare(a[1], a[0], b[0])).map(([v]) => v);
    const chosen = hit.get(primaryId)![0];
    const finding: Finding = {
      kind,
      id: primaryId,
      aliases: [...aliasSet].sort(),
      package: toRef(pkg),
      severity: { ...severity },
      fixed: fixedList,
      source: chosen.source.startsWith("osv-api") ? "osv-api" : "osv-store",
    };
    const summary = chosen.summary ?? rows.map((r) => r[0].summary).find((s) => s);
    if (summary) finding.summary = summary;
    if (pkg.paths?.length) finding.paths = pkg.paths;
    const modified = rows
      .map((r) => r[0].modified)
      .sort()
      .at(-1);
    if (modified) finding.modified = modified;
    const published = rows
      .map((r) => r[0].published)
      .filter((p): p is string => !!p)
      .sort()[0];
    if (published) finding.published = published;
    out.push(finding);
  }
  return out;
}

function isAbove(scheme: VersionScheme, candidate: string, current: string): boolean {
  try {
    return scheme.compare(candidate, current) > 0;
  } catch {
    return false;
  }
}

function safeCompare(scheme: VersionScheme, a: string, b: string): number {
  try {
    return scheme.compare(a, b);
  } catch {
    return cmpStr(a, b);
  }
}

/**
 * The smallest version above the current one that no known record (of every record on this
 * package, not only the ones that matched) says is affected. Candidates are the fixed versions the
 * records name; undefined when none of them clears everything (e.g. a malicious package with no
 * clean release, or a record without a fix).
 */
function upgradeTarget(pkg: Package, rows: CandidateRow[]): string | undefined {
  const candidates = new Map<string, VersionScheme>();
  for (const r of rows)
    for (const f of fixedVersions(r))
      if (isAbove(f.scheme, f.version, pkg.version)) candidates.set(f.version, f.scheme);
  const sorted = [...candidates.entries()].sort((a, b) => safeCompare(a[1], a[0], b[0]));
  for (const [candidate] of sorted) {
    if (rows.every((r) => evaluate(r, candidate) === "unaffected")) return candidate;
  }
  return undefined;
}
