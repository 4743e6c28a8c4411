import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  ids,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { pubspecLockParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("pubspec.lock parser", () => {
  it("matches pubspec.lock only", () => {
    assert.ok(parser.matches("app/pubspec.lock"));
    assert.ok(!parser.matches("app/pubspec.yaml"));
  });

  it("reads direct main, direct dev and transitive packages with lines", async () => {
    const out = await parseWith(parser, fx("mixed-packages.lock"));
    assert.deepEqual(ids(out), [
      "back_button_interceptor@6.0.1",
      "build_runner@2.2.1",
      "shelf@1.3.2",
      "shelf_web_socket@1.0.2",
    ]);
    const bbi = pkg(out, "back_button_interceptor");
    assert.equal(bbi.ecosystem, "Pub");
    assert.equal(bbi.purl, "pkg:pub/back_button_interceptor@6.0.1");
    assert.equal(bbi.direct, true);
    assert.deepEqual(bbi.scopes, ["prod"]);
    assert.deepEqual(bbi.locations, [{ path: "mixed-packages.lock", line: 4 }]);
    assert.equal(bbi.source, "registry");
    assert.equal(bbi.meta?.hostedUrl, "https://pub.example.test");
    const br = pkg(out, "build_runner");
    assert.equal(br.direct, true);
    assert.deepEqual(br.scopes, ["dev"]);
    assert.equal(br.locations[0].line, 11);
    const shelf = pkg(out, "shelf");
    assert.equal(shelf.direct, false);
    assert.deepEqual(shelf.scopes, ["prod"]);
    assert.equal(pkg(out, "shelf_web_socket").locations[0].line, 25);
  });

  it("reads git sources with the resolved commit", async () => {
    const out = await parseWith(parser, fx("source-git.lock"));
    assert.equal(out.packages.length, 5);
    const frb = pkg(out, "flutter_rust_bridge");
    assert.equal(frb.source, "git");
    assert.equal(
      frb.resolved,
      "https://github.com/SoLongAndThanksForAllThePizza/flutter_rust_bridge#e5adce55eea0b74d3680e66a2c5252edf17b07e1",
    );
    assert.equal(frb.meta?.ref, "master");
    assert.equal(frb.meta?.path, "frb_dart");
    const sr = pkg(out, "screen_retriever");
    assert.equal(sr.direct, false);
    assert.equal(sr.meta?.commit, "406b9b038b2c1d779f1e7bf609c8c248be247372");
    assert.equal(sr.locations[0].line, 13);
    assert.equal(pkg(out, "toggle_switch").source, "registry");
  });

  it("reads path sources and leaves SDK packages out", async () => {
    const path = await parseWith(parser, fx("source-path.lock"));
    assert.deepEqual(ids(path), ["maa_core@0.0.1"]);
    assert.equal(path.packages[0].source, "file");
    assert.equal(path.packages[0].resolved, "..");
    assert.equal(path.packages[0].locations[0].line, 4);
    assert.deepEqual((await parseWith(parser, fx("source-sdk.lock"))).packages, []);
  });

  it("reads sha256 hashes and direct overridden", async () => {
    const out = await parseWith(parser, fx("hashes-and-override.lock"));
    assert.deepEqual(ids(out), ["collection@1.18.0", "meta@1.12.0"]);
    const c = pkg(out, "collection");
    assert.equal(c.direct, true);
    assert.deepEqual(c.hashes, [
      { alg: "sha256", value: "ee67cb0715911d28db6bf4af1026078bd6f0128b07a5f66fb2ed94ec6783c09a" },
    ]);
    assert.equal(pkg(out, "meta").locations[0].line, 16);
  });

  it("returns nothing for an empty packages map", async () => {
    assert.deepEqual((await parseWith(parser, fx("no-packages.lock"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-yaml.txt")), "wrong-format", "not-yaml.txt");
    const e = await assertRejects(parseWith(parser, fx("truncated.lock")), "malformed", "truncated.lock");
    assert.ok(e.line);
    await assertRejects(parseWith(parser, fx("pubspec-yaml-given.lock")), "wrong-format");
  });

  it("conformance: every shared pub fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/dart/pubspec"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/pub"),
    ];
    assert.ok(files.length >= 20, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 16, JSON.stringify(r));
  });
});
