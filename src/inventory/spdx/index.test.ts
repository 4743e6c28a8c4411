import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Package } from "../../core/package.ts";
import { readInput } from "../read-input.ts";
import { parserById, parserForPath } from "../registry.ts";
import { InventoryError } from "../types.ts";
import { parseSpdx, spdxParser } from "./index.ts";

const FIX = join(import.meta.dirname, "__fixtures__");

async function parse(name: string) {
  return parseSpdx(await readInput(join(FIX, name), { cwd: FIX }));
}

async function parseError(name: string): Promise<InventoryError> {
  try {
    await parse(name);
  } catch (e) {
    assert.ok(e instanceof InventoryError, `expected InventoryError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${name} parsed without error`);
}

function byName(pkgs: Package[], name: string): Package {
  const p = pkgs.find((x) => x.name === name);
  assert.ok(p, `package ${name} not found in ${pkgs.map((x) => x.name).join(", ")}`);
  return p;
}

describe("spdx parser", () => {
  it("matches SPDX names and is registered", () => {
    for (const name of ["sbom.spdx.json", "x.spdx", "a/b.spdx.tv", "X.SPDX.JSON"])
      assert.equal(spdxParser.matches(name), true, name);
    for (const name of ["spdx.txt", "bom.json", "sbom.cdx.json"])
      assert.equal(spdxParser.matches(name), false, name);
    assert.equal(parserById("spdx"), spdxParser);
    assert.equal(parserForPath("/x/app.spdx.json"), spdxParser);
  });

  for (const fixture of ["graph.spdx.json", "graph.spdx"]) {
    it(`reads packages, purls, checksums, licences and relationships (${fixture})`, async () => {
      const { packages, warnings } = await parse(fixture);
      assert.deepEqual(packages.map((p) => `${p.ecosystem} ${p.name} ${p.version}`).sort(), [
        "PyPI django 4.2.1",
        "npm express 4.18.2",
        "npm jest 29.7.0",
        "npm qs 6.11.0",
      ]);
      const express = byName(packages, "express");
      assert.equal(express.purl, "pkg:npm/express@4.18.2");
      assert.equal(express.direct, true);
      assert.deepEqual(express.scopes, ["prod"]);
      assert.equal(express.license, "MIT");
      assert.deepEqual(express.hashes, [{ alg: "sha1", value: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" }]);
      assert.deepEqual(express.dependencies, ["pkg:npm/qs@6.11.0"]);
      assert.ok(express.locations[0].line !== undefined && express.locations[0].line > 1);

      const qs = byName(packages, "qs");
      assert.equal(qs.direct, false);
      // licenseDeclared NOASSERTION → the concluded licence is used
      assert.equal(qs.license, "BSD-3-Clause");
      assert.equal(qs.repository, "git+https://github.com/ljharb/qs.git");

      const jest = byName(packages, "jest");
      assert.equal(jest.direct, true);
      assert.deepEqual(jest.scopes, ["dev"]);
      assert.equal(jest.license, undefined);

      assert.equal(byName(packages, "django").direct, true);

      // the described product is left out; the package without purl is reported, the FILE one is not
      assert.equal(
        packages.some((p) => p.name === "shop"),
        false,
      );
      assert.deepEqual(
        warnings?.map((w) => w.code),
        ["no-purl"],
      );
      assert.match(warnings?.[0].message ?? "", /1 package skipped \(no purl\): vendored-thing@1/);
    });
  }

  it("gives the package's line in tag-value", async () => {
    const { packages } = await parse("graph.spdx");
    assert.equal(byName(packages, "express").locations[0].line, 19);
  });

  it("refuses SPDX 3 and SPDX 1.x with unsupported-version", async () => {
    const three = await parseError("spdx-3.spdx.json");
    assert.equal(three.code, "unsupported-version");
    assert.match(three.message, /SPDX 3/);
    assert.equal((await parseError("spdx-1.2.spdx")).code, "unsupported-version");
  });

  it("gives typed errors for malformed input", async () => {
    const unclosed = await parseError("unclosed-text.spdx");
    assert.equal(unclosed.code, "malformed");
    assert.equal(unclosed.line, 2);
    const shape = await parseError("packages-not-array.spdx.json");
    assert.equal(shape.code, "schema-invalid");
    assert.match(shape.message, /\/packages: must be an array/);
    assert.equal((await parseError("not-spdx.spdx")).code, "wrong-format");
  });
});
