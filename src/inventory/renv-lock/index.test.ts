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
import { renvLockParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("renv.lock parser", () => {
  it("matches renv.lock only", () => {
    assert.ok(parser.matches("analysis/renv.lock"));
    assert.ok(!parser.matches("analysis/renv/activate.R"));
  });

  it("reads CRAN packages with lines; renv's Hash is not an artifact hash", async () => {
    const out = await parseWith(parser, fx("two-packages.lock"));
    assert.deepEqual(ids(out), ["markdown@1.0", "mime@0.7"]);
    const md = pkg(out, "markdown");
    assert.equal(md.ecosystem, "CRAN");
    assert.equal(md.purl, "pkg:cran/markdown@1.0");
    assert.deepEqual(md.locations, [{ path: "two-packages.lock", line: 12 }]);
    assert.equal(md.source, "registry");
    assert.equal(md.meta?.repository, "CRAN");
    assert.equal(md.meta?.renvHash, "4584a57f565dd7987d59dda3a02cfb41");
    assert.equal(md.hashes, undefined);
    // No Requirements anywhere: direct cannot be told.
    assert.equal(md.direct, false);
  });

  it("maps Bioconductor packages to the Bioconductor ecosystem", async () => {
    const out = await parseWith(parser, fx("bioconductor.lock"));
    assert.equal(pkg(out, "BH").ecosystem, "CRAN");
    assert.equal(pkg(out, "BH").version, "1.75.0-0");
    const bs = pkg(out, "BSgenome");
    assert.equal(bs.ecosystem, "Bioconductor");
    assert.equal(bs.purl, "pkg:bioconductor/BSgenome@1.60.0");
    assert.equal(bs.locations[0].line, 22);
  });

  it("reads GitHub sources with the commit", async () => {
    const out = await parseWith(parser, fx("mixed-sources.lock"));
    const mime = pkg(out, "mime");
    assert.equal(mime.ecosystem, "CRAN");
    assert.equal(mime.source, "git");
    assert.equal(mime.resolved, "https://github.com/yihui/mime#1763e0dcb72fb58d97bab97bb834fc71f1e012bc");
    assert.equal(mime.meta?.ref, "main");
    assert.equal(mime.locations[0].line, 19);
  });

  it("builds the graph from Requirements and marks unrequired packages direct", async () => {
    const out = await parseWith(parser, fx("graph.lock"));
    assert.deepEqual(ids(out), ["Biobase@2.64.0", "R6@2.5.1", "httr@1.4.7", "mylocal@0.0.1"]);
    const httr = pkg(out, "httr");
    assert.deepEqual(httr.dependencies, ["pkg:cran/R6@2.5.1"]);
    assert.equal(httr.direct, false);
    assert.equal(httr.locations[0].line, 22);
    const local = pkg(out, "mylocal");
    assert.equal(local.direct, true);
    assert.equal(local.source, "file");
    assert.equal(local.resolved, "~/src/mylocal");
    assert.deepEqual(local.dependencies, ["pkg:cran/httr@1.4.7"]);
    assert.equal(local.locations[0].line, 37);
    const biobase = pkg(out, "Biobase");
    assert.equal(biobase.ecosystem, "Bioconductor");
    assert.equal(biobase.direct, true);
    assert.equal(pkg(out, "R6").direct, false);
    assert.equal(pkg(out, "R6").dependencies, undefined);
  });

  it("keeps a package whose requirements are not locked", async () => {
    const out = await parseWith(parser, fx("requirements-only.lock"));
    assert.deepEqual(ids(out), ["morning@0.1.0"]);
    assert.equal(out.packages[0].direct, true);
    assert.equal(out.packages[0].source, "unknown");
    assert.equal(out.packages[0].locations[0].line, 7);
  });

  it("reads an empty object as an empty lock", async () => {
    assert.deepEqual((await parseWith(parser, fx("empty-object.lock"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-json.txt")), "malformed", "not-json.txt");
    await assertRejects(parseWith(parser, fx("packages-not-an-object.lock")), "malformed");
  });

  it("conformance: every shared renv fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/r/renvlock"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/renv"),
    ];
    assert.ok(files.length >= 14, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 10 && r.rejected >= 2, JSON.stringify(r));
  });
});
