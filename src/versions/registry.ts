import { baseEcosystem, type KnownEcosystem } from "../core/ecosystem.ts";
import { alpineScheme } from "./alpine/index.ts";
import { conanScheme } from "./conan/index.ts";
import { cranScheme } from "./cran/index.ts";
import { cratesScheme } from "./crates/index.ts";
import { debianScheme } from "./debian/index.ts";
import { goScheme } from "./go/index.ts";
import { hackageScheme } from "./hackage/index.ts";
import { hexScheme } from "./hex/index.ts";
import { mavenScheme } from "./maven/index.ts";
import { nugetScheme } from "./nuget/index.ts";
import { opamScheme } from "./opam/index.ts";
import { packagistScheme } from "./packagist/index.ts";
import { pep440Scheme } from "./pep440/index.ts";
import { pubScheme } from "./pub/index.ts";
import { rpmScheme } from "./rpm/index.ts";
import { rubygemsScheme } from "./rubygems/index.ts";
import { genericSemverScheme, npmScheme } from "./semver/index.ts";
import { VersionError, type VersionScheme } from "./types.ts";

/**
 * Which version scheme each ecosystem uses. Distribution variants (`Debian:12`,
 * `Alpine:v3.19`, `Ubuntu:22.04:LTS`) use their base ecosystem's scheme.
 */
export const SCHEMES_BY_ECOSYSTEM: Partial<Record<KnownEcosystem, VersionScheme>> = {
  npm: npmScheme,
  PyPI: pep440Scheme,
  Go: goScheme,
  Maven: mavenScheme,
  "crates.io": cratesScheme,
  NuGet: nugetScheme,
  Hex: hexScheme,
  RubyGems: rubygemsScheme,
  Packagist: packagistScheme,
  Pub: pubScheme,
  CRAN: cranScheme,
  Bioconductor: cranScheme,
  Hackage: hackageScheme,
  ConanCenter: conanScheme,
  SwiftURL: genericSemverScheme,
  CocoaPods: rubygemsScheme,
  Julia: genericSemverScheme,
  opam: opamScheme,
  "GitHub Actions": genericSemverScheme,
  Debian: debianScheme,
  Ubuntu: debianScheme,
  Alpine: alpineScheme,
  Wolfi: alpineScheme,
  Chainguard: alpineScheme,
  "Red Hat": rpmScheme,
  "Rocky Linux": rpmScheme,
  AlmaLinux: rpmScheme,
  SUSE: rpmScheme,
  openSUSE: rpmScheme,
};

/** Every distinct scheme (for docs and the registry test). */
export function allSchemes(): VersionScheme[] {
  return [...new Set(Object.values(SCHEMES_BY_ECOSYSTEM))];
}

/** The scheme for an ecosystem, or undefined when it has none. */
export function findScheme(ecosystem: string): VersionScheme | undefined {
  const base = baseEcosystem(ecosystem);
  return base === undefined ? undefined : SCHEMES_BY_ECOSYSTEM[base];
}

/** The scheme for an ecosystem; throws `VersionError("unknown-ecosystem")`. */
export function schemeFor(ecosystem: string): VersionScheme {
  const scheme = findScheme(ecosystem);
  if (!scheme) {
    throw new VersionError(
      "unknown-ecosystem",
      `no version ordering known for ecosystem ${JSON.stringify(ecosystem)}`,
    );
  }
  return scheme;
}
