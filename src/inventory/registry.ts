import { bunLockParser } from "./bun-lock/index.ts";
import { cargoLockParser } from "./cargo-lock/index.ts";
import { composerLockParser } from "./composer-lock/index.ts";
import { conanLockParser } from "./conan-lock/index.ts";
import { cyclonedxParser } from "./cyclonedx/index.ts";
import { gemfileLockParser } from "./gemfile-lock/index.ts";
import { goModParser, goSumParser } from "./go-mod/index.ts";
import { gradleLockfileParser } from "./gradle-lockfile/index.ts";
import { gradleVerificationMetadataParser } from "./gradle-verification-metadata/index.ts";
import { mixLockParser } from "./mix-lock/index.ts";
import { nugetLockParser } from "./nuget-lock/index.ts";
import { packageJsonParser } from "./package-json/index.ts";
import { packageLockParser } from "./package-lock/index.ts";
import { packagesConfigParser } from "./packages-config/index.ts";
import { pdmLockParser } from "./pdm-lock/index.ts";
import { pipfileLockParser } from "./pipfile-lock/index.ts";
import { pnpmLockParser } from "./pnpm-lock/index.ts";
import { poetryLockParser } from "./poetry-lock/index.ts";
import { pomXmlParser } from "./pom-xml/index.ts";
import { pubspecLockParser } from "./pubspec-lock/index.ts";
import { pylockParser } from "./pylock-toml/index.ts";
import { renvLockParser } from "./renv-lock/index.ts";
import { requirementsTxtParser } from "./requirements-txt/index.ts";
import { spdxParser } from "./spdx/index.ts";
import type { InventoryParser } from "./types.ts";
import { uvLockParser } from "./uv-lock/index.ts";
import { yarnLockParser } from "./yarn-lock/index.ts";

/**
 * Every input format Intake reads, in discovery priority order. Explicit imports only:
 * to add a format, write `src/inventory/<format>/index.ts` exporting a parser and list it here.
 */
export const PARSERS: readonly InventoryParser[] = [
  // (parsers are added here)
  requirementsTxtParser,
  poetryLockParser,
  cargoLockParser,
  goModParser,
  goSumParser,
  uvLockParser,
  pipfileLockParser,
  pdmLockParser,
  pylockParser,
  packageLockParser,
  yarnLockParser,
  pnpmLockParser,
  bunLockParser,
  packageJsonParser,
  gemfileLockParser,
  composerLockParser,
  pomXmlParser,
  nugetLockParser,
  packagesConfigParser,
  gradleLockfileParser,
  gradleVerificationMetadataParser,
  pubspecLockParser,
  renvLockParser,
  mixLockParser,
  conanLockParser,
  cyclonedxParser,
  spdxParser,
];

/** Find a parser by its id or alias (`package-lock.json`, `npm-shrinkwrap.json`, `cyclonedx`). */
export function parserById(id: string): InventoryParser | undefined {
  const want = id.toLowerCase();
  return PARSERS.find((p) => p.id.toLowerCase() === want || p.aliases?.some((a) => a.toLowerCase() === want));
}

/** The first parser whose `matches` accepts the path, or undefined. */
export function parserForPath(path: string): InventoryParser | undefined {
  return PARSERS.find((p) => p.matches(path));
}
