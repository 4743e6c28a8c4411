import { basename } from "node:path";
import { baseEcosystem } from "../../core/ecosystem.ts";
import type { Package } from "../../core/package.ts";
import { answer, no, type Signal, unknown, yes } from "../types.ts";

const FAMILY = "hygiene";

/** Characters that only appear in ranges, never in an exact version of any ecosystem we read. */
const RANGE = /[\^~<>*|=!]|\s-\s|\bx\b|\.x\b|\.\*|,|^latest$|^\s*$/i;

export const isUnpinned: Signal = {
  definition: {
    id: "isUnpinned",
    title: "Version not pinned",
    description:
      "The input gives a range or no version at all instead of one exact version, so what gets installed can change " +
      "from one day to the next, including to a release published an hour ago.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Commit a lockfile, or pin the exact version (with a hash where the ecosystem supports it).",
    threats: ["unpinned-dependency", "malicious-package"],
    family: FAMILY,
  },
  async collect(pkg) {
    const v = pkg.version ?? "";
    if (!v.trim()) return yes({ version: "", note: "no version given" });
    if (pkg.source === "git" && /^[0-9a-f]{40}$/i.test(v)) return no({ version: v, note: "git commit" });
    // `==1.2.3` (pip) and `=1.2.3` (npm, Cargo) are exact pins spelled with an operator.
    const exact = /^={1,3}\s*[^=<>~^*|,\s]+$/.test(v.trim());
    return answer(!exact && RANGE.test(v), { version: v });
  },
};

/** Where a package came from, from Package.source or, failing that, the resolved URL. */
export function sourceKind(pkg: Package): string | undefined {
  if (pkg.source && pkg.source !== "unknown") return pkg.source;
  const r = pkg.resolved;
  if (!r) return undefined;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(r) || /\.git(#|$)/.test(r)) return "git";
  if (/^(file:|link:|\.{0,2}\/)/.test(r)) return "file";
  if (/^https?:\/\//.test(r)) {
    // Registry tarballs follow each registry's own path shape; anything else is a bare URL.
    if (
      /\/-\/[^/]+\.tgz$/.test(r) ||
      /\/packages\/.+\.(whl|tar\.gz|zip)(#.*)?$/.test(r) ||
      /\/(api\/v1\/)?crates\//.test(r)
    )
      return "registry";
    return "url";
  }
  return undefined;
}

export const hasNonRegistrySource: Signal = {
  definition: {
    id: "hasNonRegistrySource",
    title: "Installed from outside a registry",
    description:
      "The package comes from a git repository, a plain URL, a tarball or a local path instead of a package registry. " +
      "Such sources skip the registry's malware scanning and immutability, and a URL's content can change underneath you.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Publish the dependency to your registry (or a private one) and depend on it by version.",
    threats: ["non-registry-source", "tampered-artifact"],
    family: FAMILY,
  },
  appliesTo: (pkg) => pkg.source !== "workspace",
  async collect(pkg) {
    const kind = sourceKind(pkg);
    if (!kind) return unknown("the input does not record where the package comes from");
    const ev: Record<string, unknown> = { source: kind };
    if (pkg.resolved) ev.resolved = redactResolved(pkg.resolved);
    return answer(kind !== "registry", ev);
  },
};

/** Strip credentials that private registries sometimes leave in resolved URLs. */
function redactResolved(u: string): string {
  return u.replace(/\/\/[^/@\s]*@/, "//");
}

/** Input files whose entries normally carry an integrity hash for registry packages. */
const INTEGRITY_FILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "Cargo.lock",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "pylock.toml",
  "go.sum",
  "packages.lock.json",
  "Package.resolved",
  "mix.lock",
  "pubspec.lock",
]);

function integrityFile(pkg: Package): string | undefined {
  for (const l of pkg.locations) {
    const b = basename(l.path);
    if (INTEGRITY_FILES.has(b) || /^pylock\..+\.toml$/.test(b)) return l.path;
  }
  return undefined;
}

export const lacksIntegrity: Signal = {
  definition: {
    id: "lacksIntegrity",
    title: "No integrity hash in the lockfile",
    description:
      "The lockfile entry has no checksum although the lockfile format normally records one. Without it the " +
      "installer cannot notice that the registry or a mirror served different bytes from those first locked.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Regenerate the lockfile with a current package manager so every entry gets its hash.",
    threats: ["tampered-artifact", "transport-tampering"],
    family: FAMILY,
  },
  // Only registry packages: git, URL and local sources have no registry checksum to record.
  appliesTo: (pkg) =>
    integrityFile(pkg) !== undefined &&
    (sourceKind(pkg) ?? "registry") === "registry" &&
    pkg.meta?.bundled !== true,
  async collect(pkg) {
    const file = integrityFile(pkg);
    const has = Boolean(pkg.integrity) || (pkg.hashes?.length ?? 0) > 0;
    const ev: Record<string, unknown> = { file };
    if (pkg.integrity) ev.integrity = pkg.integrity;
    else if (pkg.hashes?.length) ev.hashes = pkg.hashes.map((h) => h.alg);
    return answer(!has, ev);
  },
};

/** The name's scope (`@acme`) for npm names, else undefined. */
function scopeOf(name: string): string | undefined {
  return name.startsWith("@") && name.includes("/") ? name.slice(0, name.indexOf("/")) : undefined;
}

function matchesInternal(pkg: Package, scopes: string[], names: string[]): string | undefined {
  const scope = scopeOf(pkg.name);
  if (scope && scopes.some((s) => s.replace(/\/$/, "").toLowerCase() === scope.toLowerCase()))
    return `scope ${scope}`;
  for (const n of names) {
    if (n.endsWith("*") ? pkg.name.startsWith(n.slice(0, -1)) : n.toLowerCase() === pkg.name.toLowerCase())
      return `name ${n}`;
  }
  return undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

export const isDependencyConfusionRisk: Signal = {
  definition: {
    id: "isDependencyConfusionRisk",
    title: "Internal package resolved from a public registry",
    description:
      "The package's name or scope belongs to your organization (settings internalScopes / internalPackages), but " +
      "the lockfile resolved it from somewhere other than your internal registry. An attacker who registers the same " +
      "name publicly with a higher version gets their code installed this way.",
    risk: "critical",
    riskyAnswer: "yes",
    remediation:
      "Map the scope to the internal registry in .npmrc (@scope:registry=...), claim the names on the public registry, " +
      "and regenerate the lockfile.",
    threats: ["dependency-confusion"],
    family: FAMILY,
  },
  appliesTo: (pkg, ctx) =>
    matchesInternal(pkg, ctx.settings.internalScopes, ctx.settings.internalPackages) !== undefined,
  async collect(pkg, ctx) {
    const why = matchesInternal(pkg, ctx.settings.internalScopes, ctx.settings.internalPackages);
    if (!why) return no({ internal: false });
    if (!pkg.resolved)
      return unknown("the lockfile does not record where the package was resolved from", { internal: why });
    const resolvedHost = hostOf(pkg.resolved);
    if (!resolvedHost) {
      const kind = sourceKind(pkg);
      return no({ internal: why, source: kind ?? "local" });
    }
    const expected = new Set<string>();
    for (const r of ctx.settings.internalRegistries) {
      const h = hostOf(r);
      if (h) expected.add(h);
    }
    if (baseEcosystem(pkg.ecosystem) === "npm") {
      const scope = scopeOf(pkg.name);
      const scoped = scope ? ctx.registries.npm.scopes[scope] : undefined;
      const h = scoped ? hostOf(scoped) : undefined;
      if (h) expected.add(h);
    }
    if (expected.size === 0)
      return unknown(
        "no internal registry is configured for this name (internalRegistries or @scope:registry=)",
        {
          internal: why,
          resolvedHost,
        },
      );
    return answer(!expected.has(resolvedHost), { internal: why, resolvedHost, expected: [...expected] });
  },
};

export const HYGIENE_SIGNALS: Signal[] = [
  isUnpinned,
  hasNonRegistrySource,
  lacksIntegrity,
  isDependencyConfusionRisk,
];
