import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ECOSYSTEMS } from "../core/ecosystem.ts";
import { compareVersions, isValidVersion, parseRange, satisfies, schemeFor, VersionError } from "../index.ts";
import { osvSemverScheme } from "./index.ts";
import { allSchemes, findScheme } from "./registry.ts";

/** Ecosystems with no version ordering of their own in OSV terms (listed so the gap is explicit). */
const WITHOUT_SCHEME = new Set<string>([]);

describe("versions API", () => {
  test("every ecosystem has a scheme, with a unique id", () => {
    for (const eco of ECOSYSTEMS) {
      if (WITHOUT_SCHEME.has(eco)) continue;
      assert.ok(findScheme(eco), `no version scheme for ${eco}`);
    }
    const ids = allSchemes().map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate scheme ids: ${ids.join(", ")}`);
  });

  test("distribution variants use the base ecosystem", () => {
    assert.equal(schemeFor("Debian:12"), schemeFor("Debian"));
    assert.equal(schemeFor("Ubuntu:22.04:LTS"), schemeFor("Debian"));
    assert.equal(schemeFor("Alpine:v3.19"), schemeFor("Alpine"));
    assert.equal(schemeFor("Rocky Linux:9"), schemeFor("Red Hat"));
    assert.equal(compareVersions("Debian:12", "1.0~rc1", "1.0"), -1);
  });

  test("compareVersions returns -1, 0, 1", () => {
    assert.equal(compareVersions("npm", "1.0.0", "1.0.1"), -1);
    assert.equal(compareVersions("PyPI", "1.0", "1.0.0"), 0);
    assert.equal(compareVersions("Maven", "1.0", "1.0-SNAPSHOT"), 1);
  });

  test("typed errors for unknown ecosystems and invalid versions", () => {
    assert.throws(
      () => compareVersions("Nope", "1", "2"),
      (e: unknown) => e instanceof VersionError && e.code === "unknown-ecosystem",
    );
    assert.throws(
      () => compareVersions("npm", "1.0.0", "not a version"),
      (e: unknown) =>
        e instanceof VersionError && e.code === "invalid-version" && /not a version/.test(e.message),
    );
    assert.equal(isValidVersion("npm", "1.2.3"), true);
    assert.equal(isValidVersion("npm", "x y"), false);
    assert.equal(isValidVersion("Nope", "1"), false);
  });

  test("ranges through the API", () => {
    assert.equal(satisfies("npm", "1.5.0", "^1.2.0"), true);
    assert.equal(satisfies("PyPI", "2.0", ">=1,<2"), false);
    assert.equal(satisfies("Maven", "1.5", "[1.0,2.0)"), true);
    assert.equal(satisfies("NuGet", "3.0.0", "2.0"), true);
    assert.equal(satisfies("RubyGems", "2.3.1", "~> 2.3"), true);
    assert.equal(satisfies("Packagist", "2.1.0", "^1.0 || ^2.0"), true);
    assert.equal(parseRange("npm", "^1.0.0"), parseRange("npm", "^1.0.0"), "ranges are cached");
    assert.throws(
      () => parseRange("Debian", ">= 1.0"),
      (e: unknown) => e instanceof VersionError && e.code === "invalid-range",
    );
    assert.throws(
      () => satisfies("npm", "1.0.0", ">=>1"),
      (e: unknown) => e instanceof VersionError && e.code === "invalid-range",
    );
  });

  test("the parse cache stays bounded and keeps answers right", () => {
    const scheme = schemeFor("npm");
    for (let i = 0; i < 60_000; i++) scheme.compare(`1.0.${i}`, `1.0.${i + 1}`);
    assert.equal(scheme.compare("1.0.3", "1.0.20"), -1);
  });
});

describe("OSV SEMVER ranges", () => {
  test("osvSemverScheme orders plain semver, ignores build metadata, reads OSV's `0`", () => {
    assert.equal(osvSemverScheme.compare("1.0.0-rc.1", "1.0.0"), -1);
    assert.equal(osvSemverScheme.compare("1.0.0+build", "1.0.0"), 0);
    assert.equal(osvSemverScheme.compare("0", "0.0.1"), -1);
    assert.equal(osvSemverScheme.isValid("1.2.3beta"), false);
  });

  test("`0` (OSV's introduced-from-the-start) is a valid version in every scheme", () => {
    for (const scheme of allSchemes()) assert.equal(scheme.isValid("0"), true, scheme.id);
  });
});
