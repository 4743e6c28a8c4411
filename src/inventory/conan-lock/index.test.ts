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
import { parseConanRef, conanLockParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("conan.lock parser", () => {
  it("matches conan.lock only", () => {
    assert.ok(parser.matches("cpp/conan.lock"));
    assert.ok(!parser.matches("cpp/conanfile.py"));
  });

  it("splits references into name, version, user/channel, revisions and package id", () => {
    assert.deepEqual(parseConanRef("zlib/1.2.11"), { name: "zlib", version: "1.2.11" });
    assert.deepEqual(
      parseConanRef(
        "zlib/1.2.11@bincrafters/testing#5f4917ce0a630b102f472afd00102d40:19729b9559f3ae196cad45cb2b97468ccb75dcd1#58846c4ed127f63e9c88c5be5190a6d9",
      ),
      {
        name: "zlib",
        version: "1.2.11",
        user: "bincrafters",
        channel: "testing",
        recipeRevision: "5f4917ce0a630b102f472afd00102d40",
        packageId: "19729b9559f3ae196cad45cb2b97468ccb75dcd1",
        packageRevision: "58846c4ed127f63e9c88c5be5190a6d9",
      },
    );
    assert.equal(parseConanRef("brotli/1.0.9#4bfb%1661519995.45")?.recipeRevision, "4bfb");
    assert.equal(parseConanRef("1.2.3#ffa7"), undefined);
  });

  it("v1: walks the graph from the consumer for direct flags, scopes, edges and lines", async () => {
    const out = await parseWith(parser, fx("nested-dependencies.v1.revisions.json"));
    assert.deepEqual(ids(out), [
      "brotli@1.0.9",
      "bzip2@1.0.8",
      "freetype@2.12.1",
      "libpng@1.6.39",
      "zlib@1.2.13",
    ]);
    const freetype = pkg(out, "freetype");
    assert.equal(freetype.ecosystem, "ConanCenter");
    assert.equal(freetype.purl, "pkg:conan/freetype@2.12.1");
    assert.equal(freetype.direct, true);
    assert.deepEqual(freetype.scopes, ["prod"]);
    assert.deepEqual(freetype.locations, [{ path: "nested-dependencies.v1.revisions.json", line: 13 }]);
    assert.equal(freetype.meta?.recipeRevision, "7e1b67634f54f38a979bbad44fd09a2c");
    assert.equal(freetype.meta?.packageId, "bca7b8880d98719d556dd526ce612be20a815922");
    assert.deepEqual(freetype.dependencies, [
      "pkg:conan/libpng@1.6.39",
      "pkg:conan/zlib@1.2.13",
      "pkg:conan/bzip2@1.0.8",
      "pkg:conan/brotli@1.0.9",
    ]);
    const zlib = pkg(out, "zlib");
    assert.equal(zlib.direct, false);
    assert.equal(zlib.locations[0].line, 36);
    assert.deepEqual(pkg(out, "libpng").dependencies, ["pkg:conan/zlib@1.2.13"]);
  });

  it("v1: build_requires of the consumer are build scope", async () => {
    const out = await parseWith(parser, fx("one-package-dev.v1.json"));
    assert.deepEqual(ids(out), ["ninja@1.11.1"]);
    assert.deepEqual(out.packages[0].scopes, ["build"]);
    assert.equal(out.packages[0].direct, true);
    assert.equal(out.packages[0].locations[0].line, 13);
  });

  it("v1: old lock formats with pref and user/channel", async () => {
    const old0 = await parseWith(parser, fx("old-format-0.0.json"));
    assert.deepEqual(ids(old0), ["zlib@1.2.11"]);
    const z = old0.packages[0];
    assert.equal(z.purl, "pkg:conan/bincrafters/zlib@1.2.11?channel=testing");
    assert.equal(z.direct, true);
    assert.equal(z.meta?.packageRevision, "58846c4ed127f63e9c88c5be5190a6d9");
    const old3 = await parseWith(parser, fx("old-format-0.3.json"));
    assert.deepEqual(ids(old3), ["zlib@1.2.11"]);
    assert.equal(old3.packages[0].locations[0].line, 13);
  });

  it("skips references without a name, with a warning", async () => {
    const v1 = await parseWith(parser, fx("no-name.v1.json"));
    assert.deepEqual(ids(v1), ["zlib@1.2.11"]);
    assert.deepEqual(
      v1.warnings?.map((w) => w.line),
      [20],
    );
    const v2 = await parseWith(parser, fx("no-name.v2.json"));
    assert.deepEqual(ids(v2), ["zlib@1.2.11"]);
    assert.deepEqual(
      v2.warnings?.map((w) => w.line),
      [5],
    );
  });

  it("v2: requires are prod, build and python requires are build; lines of each reference", async () => {
    const nested = await parseWith(parser, fx("nested-dependencies.v2.json"));
    assert.deepEqual(ids(nested), [
      "brotli@1.0.9",
      "bzip2@1.0.8",
      "freetype@2.12.1",
      "libpng@1.6.39",
      "zlib@1.2.13",
    ]);
    assert.equal(pkg(nested, "zlib").locations[0].line, 4);
    assert.equal(pkg(nested, "brotli").locations[0].line, 8);
    assert.equal(pkg(nested, "zlib").direct, false);
    assert.deepEqual(pkg(nested, "zlib").scopes, ["prod"]);

    const dev = await parseWith(parser, fx("one-package-dev.v2.json"));
    assert.deepEqual(dev.packages[0].scopes, ["build"]);

    const mixed = await parseWith(parser, fx("build-context-and-python-requires.v2.json"));
    const openssl = pkg(mixed, "openssl");
    assert.equal(openssl.purl, "pkg:conan/acme/openssl@3.2.1?channel=stable");
    assert.deepEqual(openssl.scopes, ["prod"]);
    assert.deepEqual(pkg(mixed, "cmake").scopes, ["build"]);
    const pyreq = pkg(mixed, "pyreq");
    assert.deepEqual(pyreq.scopes, ["build"]);
    assert.equal(pyreq.meta?.kind, "python_requires");
    assert.equal(pyreq.locations[0].line, 10);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-json.txt")), "malformed", "not-json.txt");
    await assertRejects(parseWith(parser, fx("null.json")), "wrong-format", "null.json");
    await assertRejects(parseWith(parser, fx("unknown-shape.json")), "wrong-format", "unknown-shape.json");
  });

  it("conformance: every shared conan fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/cpp/conanlock"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/conan"),
    ];
    assert.ok(files.length >= 47, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 42 && r.rejected >= 3, JSON.stringify(r));
  });
});
