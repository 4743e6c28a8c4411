import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parserById, parserForPath } from "./registry.ts";

// Discovery must pick these parsers for the standard file names, and FORMAT: must accept their ids.
const CASES: [path: string, id: string][] = [
  ["app/Gemfile.lock", "Gemfile.lock"],
  ["app/gems.locked", "Gemfile.lock"],
  ["app/composer.lock", "composer.lock"],
  ["svc/pom.xml", "pom.xml"],
  ["svc/gradle.lockfile", "gradle.lockfile"],
  ["svc/buildscript-gradle.lockfile", "gradle.lockfile"],
  ["svc/gradle/dependency-locks/runtimeClasspath.lockfile", "gradle.lockfile"],
  ["svc/gradle/verification-metadata.xml", "verification-metadata.xml"],
  ["src/App/packages.lock.json", "packages.lock.json"],
  ["src/Web/packages.config", "packages.config"],
  ["mobile/pubspec.lock", "pubspec.lock"],
  ["ex/mix.lock", "mix.lock"],
  ["analysis/renv.lock", "renv.lock"],
  ["native/conan.lock", "conan.lock"],
];

describe("ecosystem parsers in the registry", () => {
  for (const [path, id] of CASES) {
    it(`${path} → ${id}`, () => {
      assert.equal(parserForPath(path)?.id, id);
      assert.equal(parserById(id)?.id, id);
    });
  }

  it("accepts the aliases", () => {
    assert.equal(parserById("gems.locked")?.id, "Gemfile.lock");
    assert.equal(parserById("gradle-verification-metadata")?.id, "verification-metadata.xml");
    assert.equal(parserById("buildscript-gradle.lockfile")?.id, "gradle.lockfile");
  });

  it("leaves look-alike names alone", () => {
    for (const path of [
      "Gemfile",
      "composer.json",
      "build.gradle",
      "verification-metadata.xml",
      "pubspec.yaml",
      "mix.exs",
    ]) {
      const p = parserForPath(path);
      assert.ok(
        !p ||
          ![
            "Gemfile.lock",
            "composer.lock",
            "gradle.lockfile",
            "verification-metadata.xml",
            "pubspec.lock",
            "mix.lock",
          ].includes(p.id),
        `${path} was matched by ${p?.id}`,
      );
    }
  });
});
