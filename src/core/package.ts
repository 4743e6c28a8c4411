import { PackageURL } from "packageurl-js";
import { baseEcosystem, type Ecosystem, PURL_TYPE } from "./ecosystem.ts";
import { purlToString } from "./purl.ts";

/** Why a package is in the tree. A package may have several scopes (dev in one place, prod in another). */
export type Scope = "prod" | "dev" | "optional" | "peer" | "build" | "test";

/** Where a package was declared: the input file and, where the format allows, the line (1-based). */
export interface Location {
  path: string;
  line?: number;
  column?: number;
}

/** Where the package's bits come from. `registry` is the normal case. */
export type SourceKind = "registry" | "git" | "url" | "file" | "link" | "workspace" | "unknown";

export interface Hash {
  /** Algorithm as in CycloneDX / SRI: sha1, sha256, sha384, sha512, md5 ... (lower case). */
  alg: string;
  /** Hex digest where the input has hex, or the SRI base64 string otherwise. */
  value: string;
}

/** The short identity of a package, carried by findings, signals and decisions. */
export interface PackageRef {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  purl: string;
}

/**
 * One consumed package as every stage after inventory sees it. Parsers fill what their format
 * records and leave the rest undefined; they never guess.
 */
export interface Package extends PackageRef {
  /** The name normalized for matching advisories (see `normalizeName`). */
  normalizedName: string;
  /** True when the project itself declares it; false when it only comes in through another package. */
  direct: boolean;
  scopes: Scope[];
  locations: Location[];
  /** Integrity as the lockfile spells it (`sha512-...` SRI, `sha256:...`, hex). */
  integrity?: string;
  hashes?: Hash[];
  /** Where the package was resolved from (a tarball URL, a git URL with commit, a path). */
  resolved?: string;
  source?: SourceKind;
  /** Dependency paths from a root (each path lists package ids from the root's child to this package). */
  paths?: string[][];
  /** Ids (purls) of the packages this one depends on, where the format records the graph. */
  dependencies?: string[];
  /** Declared licence (SPDX expression or free text) where the input records one, e.g. SBOMs. */
  license?: string;
  cpe?: string;
  /** Source repository URL where the input records one (SBOM external references). */
  repository?: string;
  /** Format-specific facts worth keeping (e.g. `{ alias: "foo" }`, `{ bundled: true }`). */
  meta?: Record<string, string | number | boolean>;
}

export function toRef(p: PackageRef): PackageRef {
  return { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl };
}

/**
 * The name as advisories index it:
 * - PyPI: PEP 503 (lower case, runs of `-_.` become `-`)
 * - npm, crates.io, RubyGems, Pub, Hex, Go: as written (case matters to those registries)
 * - Maven: `group:artifact` as written
 * - NuGet, Packagist, CRAN... : NuGet and Packagist are case-insensitive, so lower case
 */
export function normalizeName(ecosystem: Ecosystem | string, name: string): string {
  const base = baseEcosystem(ecosystem);
  switch (base) {
    case "PyPI":
      return name.toLowerCase().replace(/[-_.]+/g, "-");
    case "NuGet":
    case "Packagist":
      return name.toLowerCase();
    case "Maven":
      return name.replace(/\s+/g, "");
    default:
      return name;
  }
}

/**
 * Build a purl for an ecosystem package. Maven names are `group:artifact`, npm scoped names
 * `@scope/name`, Go and Packagist names carry their path as namespace.
 */
export function buildPurl(
  ecosystem: Ecosystem | string,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string {
  const base = baseEcosystem(ecosystem);
  const type = base ? PURL_TYPE[base] : undefined;
  if (!type)
    return `pkg:generic/${encodeURIComponent(name)}${version ? `@${encodeURIComponent(version)}` : ""}`;
  let namespace: string | undefined;
  let short = name;
  if (type === "maven") {
    const i = name.indexOf(":");
    if (i >= 0) {
      namespace = name.slice(0, i);
      short = name.slice(i + 1);
    }
  } else if (type === "npm") {
    if (name.startsWith("@") && name.includes("/")) {
      const i = name.indexOf("/");
      namespace = name.slice(0, i);
      short = name.slice(i + 1);
    }
  } else if (type === "golang" || type === "composer" || type === "swift" || type === "githubactions") {
    const i = name.lastIndexOf("/");
    if (i >= 0) {
      namespace = name.slice(0, i);
      short = name.slice(i + 1);
    }
  } else if (type === "pypi") {
    short = normalizeName("PyPI", name);
  } else if (type === "deb" || type === "apk" || type === "rpm") {
    const distro =
      base === "Ubuntu"
        ? "ubuntu"
        : base === "Debian"
          ? "debian"
          : base === "Alpine"
            ? "alpine"
            : base === "Wolfi"
              ? "wolfi"
              : base === "Chainguard"
                ? "chainguard"
                : "redhat";
    namespace = distro;
    const release =
      typeof ecosystem === "string" && ecosystem.includes(":")
        ? ecosystem.slice(ecosystem.indexOf(":") + 1)
        : undefined;
    if (release && !qualifiers?.distro) qualifiers = { ...qualifiers, distro: `${distro}-${release}` };
  }
  try {
    // purlToString: the purl-spec canonical encoding (packageurl-js leaves `+` unencoded), so that
    // purls built here equal the ones SBOM parsers read back.
    return purlToString(new PackageURL(type, namespace, short, version || undefined, qualifiers, undefined));
  } catch {
    return `pkg:${type}/${namespace ? `${encodeURIComponent(namespace)}/` : ""}${encodeURIComponent(short)}${version ? `@${encodeURIComponent(version)}` : ""}`;
  }
}

/** A stable key for de-duplicating packages within one source: ecosystem, normalized name, version. */
export function packageKey(p: {
  ecosystem: string;
  normalizedName?: string;
  name: string;
  version: string;
}): string {
  return `${p.ecosystem}\u0000${p.normalizedName ?? normalizeName(p.ecosystem, p.name)}\u0000${p.version}`;
}

/** Convenience constructor with sensible defaults; parsers may build the object by hand instead. */
export function makePackage(
  init: Omit<Package, "purl" | "normalizedName" | "scopes" | "locations" | "direct"> &
    Partial<Pick<Package, "purl" | "normalizedName" | "scopes" | "locations" | "direct">>,
): Package {
  const pkg: Package = {
    ...init,
    purl: init.purl ?? buildPurl(init.ecosystem, init.name, init.version),
    normalizedName: init.normalizedName ?? normalizeName(init.ecosystem, init.name),
    direct: init.direct ?? false,
    scopes: init.scopes ?? ["prod"],
    locations: init.locations ?? [],
  };
  return pkg;
}
