import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Package } from "../../core/package.ts";
import { readInput } from "../read-input.ts";
import { parserById, parserForPath } from "../registry.ts";
import { InventoryError } from "../types.ts";
import { cyclonedxParser, parseCycloneDx } from "./index.ts";

const FIX = join(import.meta.dirname, "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name), { cwd: FIX });
  return parseCycloneDx(file);
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

describe("cyclonedx parser", () => {
  it("matches SBOM names and is registered", () => {
    for (const name of [
      "bom.json",
      "bom.xml",
      "app.cdx.json",
      "x/y.cdx.xml",
      "a.cyclonedx.json",
      "A.CycloneDX.xml",
    ])
      assert.equal(cyclonedxParser.matches(name), true, name);
    for (const name of ["package.json", "bom.txt", "sbom.spdx.json", "cdx.json"])
      assert.equal(cyclonedxParser.matches(name), false, name);
    assert.equal(parserById("cyclonedx"), cyclonedxParser);
    assert.equal(parserForPath("/tmp/x/bom.json"), cyclonedxParser);
  });

  it("reads nested components, purl names, hashes, licences, scopes, vcs and the graph", async () => {
    const { packages, warnings } = await parse("nested-with-graph.cdx.json");
    assert.deepEqual(packages.map((p) => `${p.ecosystem} ${p.name} ${p.version}`).sort(), [
      "Go golang.org/x/net v0.17.0",
      "Maven com.fasterxml.jackson.core:jackson-databind 2.13.2.1",
      "Maven org.example:shaded-util 1.0.0",
      "PyPI pytest 8.0.0",
      "npm @angular/core 17.0.1",
    ]);
    const ng = byName(packages, "@angular/core");
    assert.equal(ng.purl, "pkg:npm/%40angular/core@17.0.1");
    assert.equal(ng.direct, true);
    assert.deepEqual(ng.scopes, ["prod"]);
    assert.deepEqual(ng.hashes, [
      { alg: "sha256", value: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" },
    ]);
    assert.equal(ng.license, "MIT");
    assert.equal(ng.repository, "https://github.com/angular/angular");
    assert.deepEqual(ng.dependencies, ["pkg:golang/golang.org/x/net@v0.17.0"]);
    assert.equal(ng.locations[0].path, "nested-with-graph.cdx.json");
    assert.equal(ng.locations[0].line, 16);

    const jackson = byName(packages, "com.fasterxml.jackson.core:jackson-databind");
    assert.equal(jackson.direct, true);
    assert.deepEqual(jackson.scopes, ["optional"]);
    assert.equal(jackson.license, "Apache-2.0 OR MIT");
    assert.equal(jackson.cpe, "cpe:2.3:a:fasterxml:jackson-databind:2.13.2.1:*:*:*:*:*:*:*");
    // the edge to the component without a purl is dropped, the nested one kept
    assert.deepEqual(jackson.dependencies, ["pkg:maven/org.example/shaded-util@1.0.0"]);

    const shaded = byName(packages, "org.example:shaded-util");
    assert.equal(shaded.direct, false);
    assert.equal(shaded.meta?.partOf, jackson.purl);

    const net = byName(packages, "golang.org/x/net");
    assert.equal(net.direct, false);
    assert.equal(net.license, "BSD-3-Clause");

    assert.deepEqual(byName(packages, "pytest").scopes, ["dev"]);

    // one grouped warning per reason; the file component without a purl is not a package
    assert.deepEqual(
      warnings?.map((w) => w.code),
      ["no-purl", "unsupported-purl-type"],
    );
    assert.match(warnings?.[0].message ?? "", /1 component skipped \(no purl\): mystery-lib@0\.1/);
    assert.match(warnings?.[1].message ?? "", /pkg:generic\/vendored@3/);
  });

  it("without a graph, top-level components are direct and nested ones are not", async () => {
    const { packages, warnings } = await parse("flat-no-graph.1.4.cdx.json");
    assert.equal(warnings, undefined);
    assert.equal(byName(packages, "lodash").direct, true);
    assert.equal(byName(packages, "requests").direct, true);
    assert.equal(byName(packages, "urllib3").direct, false);
    const zlib = byName(packages, "zlib");
    assert.equal(zlib.ecosystem, "Alpine:v3.18");
    assert.equal(zlib.version, "1.2.13-r0");
  });

  it("names the JSON pointer and the schema message for a schema failure", async () => {
    const e = await parseError("bad-hash-alg.cdx.json");
    assert.equal(e.code, "schema-invalid");
    assert.equal(e.file, "bad-hash-alg.cdx.json");
    assert.match(e.message, /CycloneDX 1\.5 schema/);
    assert.match(e.message, /\/components\/0\/hashes\/0/);
  });

  it("gives typed errors for other bad input", async () => {
    assert.equal((await parseError("spec-1.1.cdx.json")).code, "unsupported-version");
    const spdx = await parseError("spdx-document.cdx.json");
    assert.equal(spdx.code, "wrong-format");
    assert.match(spdx.message, /SPDX/);
    const trunc = await parseError("truncated.cdx.json");
    assert.equal(trunc.code, "malformed");
    const bad = await parseError("trailing-comma.cdx.json");
    assert.equal(bad.code, "malformed");
    assert.equal(bad.line, 5); // the `}` after the trailing comma is where parsing fails
  });

  it("skips a component with an invalid purl with a warning", async () => {
    const { packages, warnings } = await parse("invalid-purl.cdx.json");
    assert.deepEqual(
      packages.map((p) => p.purl),
      ["pkg:cargo/ok@1.0.0"],
    );
    assert.equal(packages[0].ecosystem, "crates.io");
    assert.equal(warnings?.length, 1);
    assert.equal(warnings?.[0].code, "invalid-purl");
    assert.match(warnings?.[0].message ?? "", /broken@1\.0\.0.*not-a-purl/);
  });

  it("reads XML the same way: nested components, licences, scopes, vcs and the graph", async () => {
    const { packages, warnings } = await parse("nested-with-graph.cdx.xml");
    assert.deepEqual(packages.map((p) => `${p.ecosystem} ${p.name} ${p.version} ${p.direct}`).sort(), [
      "Go golang.org/x/net v0.17.0 false",
      "Maven com.fasterxml.jackson.core:jackson-databind 2.13.2.1 true",
      "Maven org.example:shaded-util 1.0.0 false",
      "PyPI pytest 8.0.0 true",
      "npm @angular/core 17.0.1 true",
    ]);
    const ng = byName(packages, "@angular/core");
    assert.equal(ng.license, "MIT");
    assert.equal(ng.repository, "https://github.com/angular/angular");
    assert.deepEqual(ng.dependencies, ["pkg:golang/golang.org/x/net@v0.17.0"]);
    assert.equal(ng.hashes?.[0].alg, "sha256");
    assert.equal(ng.locations[0].line, 20);
    const jackson = byName(packages, "com.fasterxml.jackson.core:jackson-databind");
    assert.equal(jackson.license, "Apache-2.0 OR MIT");
    assert.deepEqual(jackson.scopes, ["optional"]);
    assert.equal(
      jackson.purl,
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.2.1?classifier=sources&type=jar",
    );
    assert.equal(jackson.locations[0].line, 34);
    assert.equal(jackson.cpe, "cpe:2.3:a:fasterxml:jackson-databind:2.13.2.1:*:*:*:*:*:*:*");
    assert.deepEqual(byName(packages, "pytest").scopes, ["dev"]);
    assert.deepEqual(
      warnings?.map((w) => w.code),
      ["no-purl"],
    );
  });

  it("reads XML with a prefixed CycloneDX namespace and ignores other namespaces", async () => {
    const { packages } = await parse("prefixed-namespace.cdx.xml");
    assert.deepEqual(
      packages.map((p) => p.purl),
      ["pkg:npm/lodash@4.17.21"],
    );
  });

  it("gives typed errors for bad XML", async () => {
    const wrongNs = await parseError("wrong-namespace.cdx.xml");
    assert.equal(wrongNs.code, "wrong-format");
    assert.match(wrongNs.message, /namespace/);
    assert.equal((await parseError("spec-1.1.cdx.xml")).code, "unsupported-version");
    const trunc = await parseError("truncated.cdx.xml");
    assert.equal(trunc.code, "malformed");
    assert.ok(trunc.line !== undefined);
    const entities = await parseError("entity-expansion.cdx.xml");
    assert.equal(entities.code, "malformed");
    assert.match(entities.message, /ENTITY/);
    const unknown = await parseError("unknown-element.cdx.xml");
    assert.equal(unknown.code, "schema-invalid");
    assert.match(unknown.message, /\/components\/0.*flavour/);
  });
});
