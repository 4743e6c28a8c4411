/**
 * Ecosystem names follow the OSV schema (`ecosystems.json` in osv-schema), so that inventory,
 * advisories and policy all speak the same words. Distribution ecosystems may carry a release
 * suffix, as OSV does: `Debian:12`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`.
 */
export const ECOSYSTEMS = [
  "npm",
  "PyPI",
  "Go",
  "crates.io",
  "Maven",
  "RubyGems",
  "Packagist",
  "NuGet",
  "Pub",
  "Hex",
  "CRAN",
  "Bioconductor",
  "ConanCenter",
  "Hackage",
  "SwiftURL",
  "CocoaPods",
  "Julia",
  "opam",
  "GitHub Actions",
  "Debian",
  "Ubuntu",
  "Alpine",
  "Red Hat",
  "Rocky Linux",
  "AlmaLinux",
  "SUSE",
  "openSUSE",
  "Wolfi",
  "Chainguard",
] as const;

export type KnownEcosystem = (typeof ECOSYSTEMS)[number];
/** A known ecosystem, optionally with a `:release` suffix for distributions. */
export type Ecosystem = KnownEcosystem | `${KnownEcosystem}:${string}`;

const KNOWN = new Set<string>(ECOSYSTEMS);

/** `Debian:12` → `Debian`; `npm` → `npm`; unknown → undefined. */
export function baseEcosystem(ecosystem: string): KnownEcosystem | undefined {
  if (KNOWN.has(ecosystem)) return ecosystem as KnownEcosystem;
  const i = ecosystem.indexOf(":");
  if (i > 0) {
    const base = ecosystem.slice(0, i);
    if (KNOWN.has(base)) return base as KnownEcosystem;
  }
  return undefined;
}

export function isEcosystem(value: string): value is Ecosystem {
  return baseEcosystem(value) !== undefined;
}

/** The purl type for each ecosystem (purl-spec types). */
export const PURL_TYPE: Partial<Record<KnownEcosystem, string>> = {
  npm: "npm",
  PyPI: "pypi",
  Go: "golang",
  "crates.io": "cargo",
  Maven: "maven",
  RubyGems: "gem",
  Packagist: "composer",
  NuGet: "nuget",
  Pub: "pub",
  Hex: "hex",
  CRAN: "cran",
  // purl-spec has no Bioconductor type yet; this one keeps the ecosystem recoverable from the id.
  Bioconductor: "bioconductor",
  ConanCenter: "conan",
  Hackage: "hackage",
  SwiftURL: "swift",
  CocoaPods: "cocoapods",
  Julia: "julia",
  opam: "opam",
  "GitHub Actions": "githubactions",
  Debian: "deb",
  Ubuntu: "deb",
  Alpine: "apk",
  "Red Hat": "rpm",
  "Rocky Linux": "rpm",
  AlmaLinux: "rpm",
  SUSE: "rpm",
  openSUSE: "rpm",
  Wolfi: "apk",
  Chainguard: "apk",
};

/** The ecosystem for a purl type (the reverse of PURL_TYPE, first match wins; `deb` → Debian). */
export function ecosystemForPurlType(type: string, namespace?: string): KnownEcosystem | undefined {
  const t = type.toLowerCase();
  if (t === "deb") return namespace?.toLowerCase() === "ubuntu" ? "Ubuntu" : "Debian";
  if (t === "apk") {
    const ns = namespace?.toLowerCase();
    if (ns === "wolfi") return "Wolfi";
    if (ns === "chainguard") return "Chainguard";
    return "Alpine";
  }
  if (t === "rpm") {
    const ns = namespace?.toLowerCase();
    if (ns === "rocky" || ns === "rocky-linux") return "Rocky Linux";
    if (ns === "almalinux") return "AlmaLinux";
    if (ns === "suse") return "SUSE";
    if (ns === "opensuse") return "openSUSE";
    return "Red Hat";
  }
  if (t === "github") return "GitHub Actions";
  for (const [eco, pt] of Object.entries(PURL_TYPE)) if (pt === t) return eco as KnownEcosystem;
  return undefined;
}
