import { buildPurl, normalizeName } from "../core/package.ts";

/**
 * purls for the Go, crates.io and PyPI parsers, on the hot path of large lockfiles. When every
 * character is one purl never encodes (`A-Z a-z 0-9 . _ ~ -`, and `/` between Go path segments)
 * the purl is a plain concatenation; anything else goes through the full `buildPurl`. A test
 * checks both give the same string on every shared fixture.
 */
const SAFE_NAME = /^[A-Za-z0-9._~-]+$/;
const SAFE_PATH = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;
const SAFE_VERSION = /^[A-Za-z0-9._~-]*$/;

export function simplePurl(ecosystem: "Go" | "crates.io" | "PyPI", name: string, version: string): string {
  if (ecosystem === "Go") {
    if (SAFE_PATH.test(name) && SAFE_VERSION.test(version))
      return version ? `pkg:golang/${name}@${version}` : `pkg:golang/${name}`;
  } else if (ecosystem === "crates.io") {
    if (SAFE_NAME.test(name) && SAFE_VERSION.test(version))
      return version ? `pkg:cargo/${name}@${version}` : `pkg:cargo/${name}`;
  } else {
    const n = normalizeName("PyPI", name);
    if (SAFE_NAME.test(n) && SAFE_VERSION.test(version))
      return version ? `pkg:pypi/${n}@${version}` : `pkg:pypi/${n}`;
  }
  return buildPurl(ecosystem, name, version);
}
