import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { pipfileLockParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: {
  name: string;
  version: string;
  direct: boolean;
  scopes: string[];
  locations: { line?: number }[];
}) => `${p.name}@${p.version} direct=${p.direct} ${p.scopes.join("+")} :${p.locations[0].line}`;

describe("Pipfile.lock", () => {
  it("matches Pipfile.lock only", () => {
    assert.ok(parser.matches("app/Pipfile.lock"));
    assert.ok(!parser.matches("app/Pipfile"));
  });

  it("reads default as prod and develop as dev, with exact lines, hashes and markers", async () => {
    const out = await parseWith(parser, fx("default-and-develop.json"));
    assert.deepEqual(out.packages.map(view), [
      "itsdangerous@2.1.2 direct=false prod :19",
      "pluggy@1.0.1 direct=false prod :27",
      "markupsafe@2.1.1 direct=false prod :32",
      "itsdangerous@2.1.2 direct=false dev :80",
      "pluggy@1.0.0 direct=false dev :88",
    ]);
    const its = pkg(out, "itsdangerous");
    assert.deepEqual(its.hashes, [
      { alg: "sha256", value: "2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44" },
      { alg: "sha256", value: "5dbbc68b317e5e42f327f9021763545dc3fc3bfe22e6deb96aaf1fc38874156a" },
    ]);
    assert.equal(pkg(out, "pluggy", "1.0.1").meta?.marker, "python_version >= '3.6'");
    assert.equal(pkg(out, "markupsafe").hashes?.length, 40);
  });

  it("marks direct from the Pipfile beside it and skips the project itself", async () => {
    const out = await parseWith(parser, fx("with-pipfile", "Pipfile.lock"));
    assert.deepEqual(out.packages.map(view), [
      "certifi@2024.2.2 direct=false prod :19",
      "requests@2.31.0 direct=true prod :26",
      "certifi@2024.2.2 direct=false dev :40",
      "pytest@8.2.0 direct=true dev :44",
    ]);
    assert.equal(out.warnings, undefined);
  });

  it("keeps git entries without a version, with their commit", async () => {
    const out = await parseWith(parser, fx("git-editable.json"));
    assert.deepEqual(out.packages.map(view), [
      "markupsafe@ direct=false prod :19",
      "itsdangerous@ direct=false dev :26",
    ]);
    const m = pkg(out, "markupsafe");
    assert.equal(m.source, "git");
    assert.equal(m.meta?.commit, "b36054111bc1e8bbadb5d0d60158feb72926f467");
    assert.equal(
      m.resolved,
      "https://github.com/pallets/markupsafe@b36054111bc1e8bbadb5d0d60158feb72926f467",
    );
  });

  it("reads minified files (every package on line 1)", async () => {
    const out = await parseWith(parser, fx("minified.json"));
    assert.deepEqual(out.packages.map(view), ["markupsafe@2.1.1 direct=false prod :1"]);
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-json.txt")), "malformed", "not-json.txt");
    await assertRejects(parseText(parser, "[1, 2]", "Pipfile.lock"), "wrong-format", "Pipfile.lock");
    await assertRejects(parseText(parser, '{"name": "x"}', "Pipfile.lock"), "wrong-format", "Pipfile.lock");
    const e = await assertRejects(parseText(parser, '{\n  "default": {\n', "Pipfile.lock"), "malformed");
    assert.equal(e.file, "Pipfile.lock");
    const odd = await parseText(parser, '{"default": {"a": 3, "b": {"version": ">=1"}}}', "Pipfile.lock");
    assert.deepEqual(
      odd.warnings?.map((w) => w.code),
      ["invalid-entry", "unpinned"],
    );
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/pipfilelock/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/pipenv"),
    ];
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 14, JSON.stringify(r));
  });
});
