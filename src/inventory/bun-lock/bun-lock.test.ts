import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Package } from "../../core/package.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { bunLockParser, jsoncToJson } from "./index.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name));
  return bunLockParser.parse(file, { readRelative: relativeReader(file) });
}

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

describe("bun.lock parser", () => {
  it("matches bun.lock but not the binary bun.lockb", () => {
    assert.equal(bunLockParser.matches("/p/bun.lock"), true);
    assert.equal(bunLockParser.matches("/p/bun.lockb"), false);
  });

  it("turns JSONC into JSON without touching strings, keeping lines", () => {
    const src = '{\n  "a": "http://x//y", // c\n  /* b\n */ "b": [1, 2, ],\n}';
    const out = jsoncToJson(src);
    assert.deepEqual(JSON.parse(out), { a: "http://x//y", b: [1, 2] });
    assert.equal(out.split("\n").length, src.split("\n").length);
    assert.equal(jsoncToJson('{"a": "x,}"}'), '{"a": "x,}"}');
    assert.deepEqual(JSON.parse(jsoncToJson("[1, // one\n , ]".replace(", ]", "]"))), [1]);
  });

  it("comments, trailing commas and workspaces", async () => {
    const { packages, warnings } = await parse("comments-and-workspaces.lock");
    assert.deepEqual(warnings, []);
    assert.deepEqual(facts(packages), {
      "debug@4.3.4": { direct: true, scopes: "prod", line: 29 },
      "ms@2.1.2": { direct: false, scopes: "prod", line: 31 },
      "ms@2.1.3": { direct: true, scopes: "prod", line: 35 },
      "typescript@5.4.5": { direct: true, scopes: "dev", line: 37 },
    });
    const debug = find(packages, "debug", "4.3.4");
    assert.deepEqual(debug.dependencies, ["pkg:npm/ms@2.1.2"]);
    assert.equal(debug.meta?.registry, "https://registry.example.test//debug");
    assert.match(debug.integrity ?? "", /^sha512-PRWF/);
  });

  it("aliases and nested install paths", async () => {
    const { packages } = await parse("alias.json5");
    assert.deepEqual(facts(packages), {
      "has-flag@4.0.0": { direct: false, scopes: "prod", line: 13 },
      "supports-color@7.2.0": { direct: true, scopes: "prod", line: 15 },
      "supports-color@6.1.0": { direct: true, scopes: "prod", line: 17 },
      "has-flag@3.0.0": { direct: false, scopes: "prod", line: 19 },
    });
    const old = find(packages, "supports-color", "6.1.0");
    assert.equal(old.meta?.alias, "supports-color-old");
    assert.deepEqual(old.dependencies, ["pkg:npm/has-flag@3.0.0"]);
    assert.deepEqual(find(packages, "supports-color", "7.2.0").dependencies, ["pkg:npm/has-flag@4.0.0"]);
  });

  it("git dependencies: the commit stands in for the version", async () => {
    const { packages } = await parse("commits.json5");
    const php = find(packages, "babel-preset-php", "1ae6dc1267500360b411ec711b8aeac8c68b2246");
    assert.equal(php.source, "git");
    assert.equal(php.direct, true);
    assert.deepEqual(php.scopes, ["dev"]);
    assert.equal(find(packages, "is-number", "98e8ff1").meta?.alias, "is-number-1");
    assert.deepEqual(find(packages, "lodash", "1.3.1").scopes, ["prod"]);
    assert.deepEqual(find(packages, "@babel/parser", "7.26.5").scopes, ["dev"]);
    assert.equal(packages.length, 18);
  });

  it("scopes propagate: dev-only, optional, and a package both prod and dev", async () => {
    assert.deepEqual(facts((await parse("nested-dependencies.json5")).packages), {
      "ansi-styles@4.3.0": { direct: false, scopes: "dev", line: 16 },
      "chalk@4.1.2": { direct: true, scopes: "dev", line: 18 },
      "color-convert@2.0.1": { direct: false, scopes: "dev", line: 20 },
      "color-name@1.1.4": { direct: false, scopes: "dev", line: 22 },
      "has-flag@2.0.0": { direct: true, scopes: "prod", line: 24 },
      "supports-color@5.5.0": { direct: true, scopes: "prod", line: 26 },
      "supports-color@7.2.0": { direct: false, scopes: "dev", line: 28 },
      "has-flag@3.0.0": { direct: false, scopes: "prod", line: 30 },
      "has-flag@4.0.0": { direct: false, scopes: "dev", line: 32 },
    });
    assert.deepEqual(facts((await parse("optional-package.json5")).packages), {
      "acorn@8.14.0": { direct: true, scopes: "prod", line: 15 },
      "fsevents@0.3.8": { direct: true, scopes: "optional", line: 17 },
      "nan@2.22.0": { direct: false, scopes: "optional", line: 19 },
    });
    assert.deepEqual(facts((await parse("same-package-different-groups.json5")).packages), {
      "has-flag@3.0.0": { direct: true, scopes: "prod,dev", line: 15 },
      "supports-color@5.5.0": { direct: true, scopes: "prod", line: 17 },
    });
  });

  it("file: folders are not listed; malformed tuples are skipped with a warning", async () => {
    assert.deepEqual(facts((await parse("files.json5")).packages), {
      "lodash@1.3.1": { direct: true, scopes: "prod", line: 17 },
    });
    const { packages, warnings } = await parse("bad-tuple.json5");
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}`),
      ["wrappy@1.0.2"],
    );
    assert.equal(warnings?.length, 2);
  });

  it("`{}` is an empty lockfile", async () => {
    assert.deepEqual((await parse("empty.json5")).packages, []);
  });

  describe("bad input", () => {
    const cases: [string, string, RegExp][] = [
      ["not-json.txt", "malformed", /not valid JSON/],
      ["package-json-given.lock", "wrong-format", /no lockfileVersion/],
      ["unsupported-version.lock", "unsupported-version", /lockfileVersion 7/],
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
