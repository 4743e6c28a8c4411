import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Package } from "../../core/package.ts";
import { parseSource } from "../inventory.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { packageLockParser } from "./index.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name));
  return packageLockParser.parse(file, { readRelative: relativeReader(file) });
}

/** name@version → short facts, for readable expectations. */
function facts(pkgs: Package[]) {
  return Object.fromEntries(
    pkgs.map((p) => [
      `${p.name}@${p.version}`,
      { direct: p.direct, scopes: p.scopes.join(","), line: p.locations[0]?.line },
    ]),
  );
}

function find(pkgs: Package[], name: string, version: string): Package {
  const p = pkgs.find((x) => x.name === name && x.version === version);
  assert.ok(p, `${name}@${version} not found in ${pkgs.map((x) => `${x.name}@${x.version}`).join(" ")}`);
  return p;
}

describe("package-lock.json parser", () => {
  it("matches package-lock.json and npm-shrinkwrap.json by name", () => {
    assert.equal(packageLockParser.matches("/a/b/package-lock.json"), true);
    assert.equal(packageLockParser.matches("npm-shrinkwrap.json"), true);
    assert.equal(packageLockParser.matches("/a/package.json"), false);
    assert.equal(packageLockParser.matches("/a/yarn.lock"), false);
  });

  it("v2 aliases: the real package is consumed, the alias is kept", async () => {
    const { packages } = await parse("alias.v2.json");
    assert.deepEqual(facts(packages), {
      "@babel/code-frame@7.0.0": { direct: true, scopes: "prod", line: 13 },
      "string-width@5.1.2": { direct: true, scopes: "prod", line: 22 },
      "string-width@4.2.0": { direct: true, scopes: "prod", line: 32 },
    });
    const cf = find(packages, "@babel/code-frame", "7.0.0");
    assert.equal(cf.meta?.alias, "babel-code-frame");
    assert.equal(cf.purl, "pkg:npm/%40babel/code-frame@7.0.0");
    assert.equal(cf.source, "registry");
    assert.match(cf.integrity ?? "", /^sha512-OfC2/);
    assert.equal(cf.hashes, undefined, "integrity is not repeated as hashes");
    assert.equal(find(packages, "string-width", "4.2.0").meta?.alias, "string-width-cjs");
    assert.equal(find(packages, "string-width", "5.1.2").meta, undefined);
  });

  it("v1 aliases (`npm:name@version`)", async () => {
    const { packages } = await parse("alias.v1.json");
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.meta?.alias, p.locations[0].line]),
      [
        ["@babel/code-frame", "7.0.0", "babel-code-frame", 5],
        ["string-width", "5.1.2", undefined, 13],
        ["string-width", "4.2.0", "string-width-cjs", 23],
      ],
    );
  });

  it("v3 bundled dependencies and dev flags", async () => {
    const { packages } = await parse("bundled-dependencies.v3.json");
    assert.deepEqual(facts(packages), {
      "ansi-regex@6.2.2": { direct: false, scopes: "prod", line: 22 },
      "semver@7.7.2": { direct: true, scopes: "dev", line: 35 },
      "strip-ansi@7.1.2": { direct: true, scopes: "prod", line: 49 },
    });
    assert.equal(find(packages, "ansi-regex", "6.2.2").meta?.bundled, true);
    assert.equal(find(packages, "semver", "7.7.2").meta?.bundled, true);
    assert.equal(find(packages, "strip-ansi", "7.1.2").meta?.bundled, undefined);
    assert.deepEqual(find(packages, "strip-ansi", "7.1.2").dependencies, ["pkg:npm/ansi-regex@6.2.2"]);
    assert.equal(find(packages, "ansi-regex", "6.2.2").license, "MIT");
    assert.equal(find(packages, "semver", "7.7.2").license, "ISC");
  });

  it("install scripts and licences are kept", async () => {
    const { packages } = await parse("install-script.v3.json");
    assert.deepEqual(facts(packages), { "esbuild@0.19.12": { direct: true, scopes: "dev", line: 14 } });
    assert.equal(packages[0].meta?.hasInstallScript, true);
    assert.equal(packages[0].license, "MIT");
  });

  it("v1 nested dependencies resolve through node_modules nesting; direct inferred without package.json", async () => {
    const { packages } = await parse("nested-dependencies.v1.json");
    assert.deepEqual(facts(packages), {
      "postcss@6.0.23": { direct: true, scopes: "prod", line: 5 },
      "postcss-calc@7.0.1": { direct: true, scopes: "prod", line: 15 },
      "postcss@7.0.16": { direct: false, scopes: "prod", line: 26 },
      "supports-color@6.1.0": { direct: false, scopes: "prod", line: 36 },
      "supports-color@5.5.0": { direct: false, scopes: "prod", line: 46 },
    });
    assert.deepEqual(find(packages, "postcss-calc", "7.0.1").dependencies, ["pkg:npm/postcss@7.0.16"]);
    assert.deepEqual(find(packages, "postcss", "7.0.16").dependencies, ["pkg:npm/supports-color@6.1.0"]);
    assert.deepEqual(find(packages, "postcss", "6.0.23").dependencies, ["pkg:npm/supports-color@5.5.0"]);
  });

  it("v2 nested dependencies: root declares nothing, so nothing is direct", async () => {
    const { packages } = await parse("nested-dependencies.v2.json");
    assert.equal(packages.length, 5);
    assert.ok(packages.every((p) => !p.direct));
    assert.deepEqual(find(packages, "postcss-calc", "7.0.1").dependencies, ["pkg:npm/postcss@7.0.16"]);
  });

  it("v1 with a package.json beside it takes direct dependencies from the manifest", async () => {
    const { packages } = await parse("v1-with-manifest/package-lock.json");
    assert.deepEqual(facts(packages), {
      "a@1.0.0": { direct: true, scopes: "prod", line: 7 },
      "b@2.0.0": { direct: true, scopes: "dev", line: 13 },
      "c@3.0.0": { direct: false, scopes: "prod", line: 17 },
    });
  });

  it("the same package in several groups is merged into one with every scope and location", async () => {
    const { source, packages } = await parseSource(
      join(FIX, "same-package-different-groups.v1.json"),
      packageLockParser,
    );
    assert.equal(source.status, "ok");
    const ajv = find(packages, "ajv", "5.5.2");
    assert.deepEqual([...ajv.scopes].sort(), ["dev", "optional", "prod"]);
    assert.deepEqual(
      ajv.locations.map((l) => l.line),
      [5, 21, 33, 52, 63],
    );
    assert.deepEqual(find(packages, "eslint", "1.2.3").scopes, ["dev"]);
    assert.deepEqual(find(packages, "table", "1.0.0").scopes, ["prod"]);
  });

  it("optional and devOptional flags", async () => {
    const { packages } = await parse("optional-package.v2.json");
    assert.deepEqual(facts(packages), {
      "wrappy@1.0.2": { direct: true, scopes: "optional", line: 10 },
      "supports-color@5.5.0": { direct: false, scopes: "dev,optional", line: 16 },
    });
  });

  it("git dependencies keep their commit; entries with only a resolved commit use it as version", async () => {
    const { packages } = await parse("commits.v2.json");
    const pixel = find(packages, "@segment/analytics.js-integration-facebook-pixel", "2.4.1");
    assert.equal(pixel.source, "git");
    assert.equal(pixel.meta?.commit, "3b1bb80b302c2e552685dc8a029797ec832ea7c9");
    const raven = find(packages, "raven-js", "c2b377e7a254264fd4a1fe328e4e3cfc9e245570");
    assert.equal(raven.source, "git");
    assert.equal(find(packages, "ansi-styles", "1.0.0").source, "registry");
  });

  it("local folders (file: dependencies) are the project's own code and are not listed", async () => {
    const { packages } = await parse("files.v2.json");
    assert.deepEqual(facts(packages), {
      "abbrev@1.0.9": { direct: false, scopes: "dev", line: 36 },
      "abbrev@2.3.4": { direct: false, scopes: "dev", line: 42 },
    });
  });

  it("workspaces: members are skipped, their declared dependencies are direct, links are followed", async () => {
    const { packages, warnings } = await parse("workspaces.v3.json");
    assert.deepEqual(warnings, []);
    assert.deepEqual(facts(packages), {
      "debug@4.3.4": { direct: true, scopes: "prod", line: 25 },
      "ms@2.1.2": { direct: false, scopes: "prod", line: 32 },
      "fsevents@2.3.3": { direct: true, scopes: "optional", line: 36 },
      "loose-envify@1.4.0": { direct: false, scopes: "peer", line: 43 },
      "left-pad@1.3.0": { direct: true, scopes: "prod", line: 47 },
      "ms@2.1.3": { direct: true, scopes: "prod", line: 51 },
      "react@18.2.0": { direct: true, scopes: "peer", line: 54 },
      "typescript@5.4.5": { direct: true, scopes: "dev", line: 61 },
      "semver@7.6.0": { direct: false, scopes: "dev,optional", line: 87 },
    });
    assert.deepEqual(find(packages, "debug", "4.3.4").dependencies, ["pkg:npm/ms@2.1.2"]);
    assert.deepEqual(find(packages, "react", "18.2.0").dependencies, ["pkg:npm/loose-envify@1.4.0"]);
    assert.equal(find(packages, "left-pad", "1.3.0").meta?.alias, "lp");
  });

  it("paths are computed from the graph", async () => {
    const { packages } = await parseSource(join(FIX, "workspaces.v3.json"), packageLockParser);
    assert.deepEqual(find(packages, "ms", "2.1.2").paths, [["pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2"]]);
    assert.deepEqual(find(packages, "loose-envify", "1.4.0").paths, [
      ["pkg:npm/react@18.2.0", "pkg:npm/loose-envify@1.4.0"],
    ]);
  });

  describe("bad input", () => {
    const cases: [string, string, RegExp][] = [
      ["not-json.txt", "malformed", /not valid JSON/],
      ["truncated.v3.json", "malformed", /not valid JSON/],
      ["package-json-given.json", "wrong-format", /no lockfileVersion.*package\.json/],
      ["unsupported-version.v9.json", "unsupported-version", /lockfileVersion 9/],
      ["null.json", "wrong-format", /not a JSON object/],
    ];
    for (const [name, code, message] of cases) {
      it(`${name} → ${code}`, async () => {
        await assert.rejects(parse(name), (e: unknown) => {
          assert.ok(e instanceof InventoryError, `expected InventoryError, got ${e}`);
          assert.equal(e.code, code);
          assert.match(e.message, message);
          assert.match(e.file ?? "", new RegExp(name.replace(/\./g, "\\.")));
          return true;
        });
      });
    }
  });
});
