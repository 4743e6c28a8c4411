import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseWith } from "../../test/helpers/inventory-fixtures.ts";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
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

  const SOURCE = "osv-scanner-testdata/cmd/osv-scanner/scan/source";
  it(
    "finds as many packages as osv-scanner's recorded scans of the same files",
    skipUnlessShared(SOURCE),
    async () => {
      const root = sharedPath(SOURCE) as string;
      const snap = readFileSync(join(root, "__snapshots__/command_test.snap"), "utf8");
      const mine = new Set(CASES.map(([, id]) => id));
      const seen = new Set<string>();
      let compared = 0;
      for (const m of snap.matchAll(/Scanned <rootdir>\/(testdata\/\S+) file and found (\d+) package/g)) {
        const parser = parserForPath(m[1]);
        if (!parser || !mine.has(parser.id) || seen.has(m[1])) continue;
        seen.add(m[1]);
        const out = await parseWith(parser, join(root, m[1]));
        // osv-scanner lists each platform build of a gem separately (nokogiri twice in gems.locked);
        // Intake keeps one package per gem version with its platforms in meta.
        const platformVariants = out.packages
          .filter((p) => p.ecosystem === "RubyGems" && typeof p.meta?.platforms === "string")
          .reduce((n, p) => n + String(p.meta?.platforms).split(",").length - 1, 0);
        assert.equal(out.packages.length + platformVariants, Number(m[2]), m[1]);
        compared++;
      }
      assert.ok(compared >= 15, `compared ${compared} files`);
    },
  );
});
