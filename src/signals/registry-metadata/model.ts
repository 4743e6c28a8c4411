import semver from "semver";
import { compareVersions, isValidVersion } from "../../versions/index.ts";

/** One release as every registry's fetcher reduces it (only what the signals need). */
export interface ReleaseInfo {
  version: string;
  /** ISO time of publication. */
  published?: string;
  license?: string;
  /** Maintainer names (or e-mails) with publish rights for this release. */
  maintainers?: string[];
  /** Who published this release (npm `_npmUser`), when the registry says. */
  publisher?: string;
  /** Install-time hooks found: `preinstall`, `install`, `postinstall`, `binding.gyp`, `sdist-only` ... */
  installScripts?: string[];
  /** Deprecation message (npm) — `true` when deprecated without a message. */
  deprecated?: string | true;
  /** Yanked (PyPI, crates.io, RubyGems) with its reason when given. */
  yanked?: string | true;
  repository?: string;
  /** npm: `dist.attestations.url` when the release has provenance attestations. */
  attestationsUrl?: string;
  /** npm: the attestation predicate type (SLSA provenance). */
  attestationsPredicate?: string;
  /** SRI integrity of the published artifact (npm `dist.integrity`). */
  integrity?: string;
  tarball?: string;
}

/** A package's registry document, reduced. */
export interface RegistryDocument {
  ecosystem: string;
  name: string;
  /** The registry asked (credentials stripped), for evidence. */
  source: string;
  /** false when the registry says the package does not exist (404) or was unpublished. */
  exists: boolean;
  unpublished?: string;
  releases: Map<string, ReleaseInfo>;
  /** Package-level repository and maintainers where the registry keeps them apart from releases. */
  repository?: string;
  maintainers?: string[];
  /** Answered from the cache past its TTL (offline). */
  stale?: boolean;
  /** The registry's API cannot tell some things (e.g. PyPI has no maintainer list). */
  lacks?: string[];
}

/**
 * Normalize a repository reference to `https://host/owner/repo` (lower case host, no `.git`,
 * no `git+`, shorthand `github:o/r` and `o/r` expanded) so two spellings compare equal.
 */
const REPO_CACHE = new Map<string, string | undefined>();

export function normalizeRepositoryUrl(raw: unknown): string | undefined {
  const key = typeof raw === "string" ? raw : (raw as { url?: unknown } | null)?.url;
  if (typeof key === "string") {
    if (REPO_CACHE.has(key)) return REPO_CACHE.get(key);
    const v = normalizeRepositoryUrlUncached(key);
    if (REPO_CACHE.size > 20_000) REPO_CACHE.clear();
    REPO_CACHE.set(key, v);
    return v;
  }
  return normalizeRepositoryUrlUncached(raw);
}

function normalizeRepositoryUrlUncached(raw: unknown): string | undefined {
  let s: string | undefined;
  if (typeof raw === "string") s = raw;
  else if (raw && typeof raw === "object" && typeof (raw as { url?: unknown }).url === "string")
    s = (raw as { url: string }).url;
  if (!s) return undefined;
  s = s.trim();
  if (!s) return undefined;
  const short = /^(github|gitlab|bitbucket):([^/\s]+\/[^/\s#]+)/.exec(s);
  if (short) {
    const host = short[1] === "bitbucket" ? "bitbucket.org" : `${short[1]}.com`;
    return `https://${host}/${short[2].replace(/\.git$/, "")}`.toLowerCase();
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(s)) return `https://github.com/${s.replace(/\.git$/, "")}`.toLowerCase();
  s = s.replace(/^git\+/, "").replace(/^git:\/\//, "https://");
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)([^\s]+)$/.exec(s);
  if (scp && !s.includes("://")) s = `https://${scp[1]}/${scp[2]}`;
  try {
    const u = new URL(s.replace(/^ssh:\/\/(?:[\w.-]+@)?/, "https://"));
    const parts = u.pathname.split("/").filter(Boolean);
    if (parts.length === 0) return undefined;
    // GitHub/GitLab links often point inside the repo (`/tree/main/packages/x`): keep owner/repo.
    const host = u.hostname.toLowerCase();
    const keep = host === "github.com" || host === "bitbucket.org" ? parts.slice(0, 2) : parts;
    const cut = keep.indexOf("-");
    const path = (cut >= 0 ? keep.slice(0, cut) : keep).join("/").replace(/\.git$/, "");
    return `https://${host}/${path}`.toLowerCase();
  } catch {
    return undefined;
  }
}

function compareFor(ecosystem: string): (a: string, b: string) => number {
  return (a, b) => {
    if (ecosystem === "npm" && semver.valid(a) && semver.valid(b)) return semver.compare(a, b);
    try {
      if (isValidVersion(ecosystem, a) && isValidVersion(ecosystem, b))
        return compareVersions(ecosystem, a, b);
    } catch {
      // fall through to string order
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

function isPre(ecosystem: string, v: string): boolean {
  if (ecosystem === "npm" || ecosystem === "crates.io") return (semver.prerelease(v)?.length ?? 0) > 0;
  if (ecosystem === "PyPI") return /(a|b|rc|dev)\d*/i.test(v);
  return /-/.test(v);
}

/** Each document's versions in ascending order, computed once (documents are shared per run). */
const SORTED = new WeakMap<RegistryDocument, { version: string; pre: boolean }[]>();

function sortedVersions(doc: RegistryDocument): { version: string; pre: boolean }[] {
  let list = SORTED.get(doc);
  if (!list || list.length !== doc.releases.size) {
    if (doc.ecosystem === "npm") {
      // Parse each version once; valid semver sorts by semver, anything else after, by text.
      const parsed = [...doc.releases.keys()].map((version) => ({
        version,
        sv: semver.parse(version),
        pre: false,
      }));
      for (const x of parsed) x.pre = (x.sv?.prerelease.length ?? 0) > 0;
      parsed.sort((a, b) =>
        a.sv && b.sv ? a.sv.compare(b.sv) : a.sv ? -1 : b.sv ? 1 : a.version < b.version ? -1 : 1,
      );
      list = parsed.map(({ version, pre }) => ({ version, pre }));
    } else {
      const cmp = compareFor(doc.ecosystem);
      list = [...doc.releases.keys()]
        .map((version) => ({ version, pre: isPre(doc.ecosystem, version) }))
        .sort((a, b) => cmp(a.version, b.version));
    }
    SORTED.set(doc, list);
  }
  return list;
}

/**
 * The release before `version`: the highest lower version in the ecosystem's order (pre-releases
 * only count when `version` itself is one).
 */
export function previousRelease(doc: RegistryDocument, version: string): ReleaseInfo | undefined {
  const list = sortedVersions(doc);
  const at = list.findIndex((x) => x.version === version);
  if (at < 0) return undefined;
  const pre = list[at].pre;
  for (let i = at - 1; i >= 0; i--) {
    if (!pre && list[i].pre) continue;
    return doc.releases.get(list[i].version);
  }
  return undefined;
}

/** Releases published before `version` was (by time; those without a time are left out). */
export function releasesBefore(doc: RegistryDocument, version: string): ReleaseInfo[] {
  const cur = doc.releases.get(version)?.published;
  if (!cur) return [];
  return [...doc.releases.values()].filter((r) => r.published && r.published < cur);
}
