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
import { gradleVerificationMetadataParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("Gradle verification-metadata.xml parser", () => {
  it("matches gradle/verification-metadata.xml only", () => {
    assert.ok(parser.matches("proj/gradle/verification-metadata.xml"));
    assert.ok(parser.matches("gradle/verification-metadata.xml"));
    assert.ok(!parser.matches("proj/verification-metadata.xml"));
  });

  it("reads components with the jar's checksums and lines", async () => {
    const out = await parseWith(parser, fx("two-packages.xml"));
    assert.deepEqual(ids(out), [
      "com.github.javaparser:javaparser-core@3.6.11",
      "org.apache.pdfbox:pdfbox@2.0.17",
    ]);
    const pdfbox = pkg(out, "org.apache.pdfbox:pdfbox");
    assert.equal(pdfbox.purl, "pkg:maven/org.apache.pdfbox/pdfbox@2.0.17");
    assert.deepEqual(pdfbox.locations, [{ path: "two-packages.xml", line: 10 }]);
    assert.deepEqual(pdfbox.hashes, [
      {
        alg: "sha512",
        value:
          "7e11e54a21c395d461e59552e88b0de0ebaf1bf9d9bcacadf17b240d9bbc29bf6beb8e36896c186fe405d287f5d517b02c89381aa0fcc5e0aa5814e44f0ab331",
      },
    ]);
    assert.equal(pdfbox.meta?.artifact, "pdfbox-2.0.17.jar");
    // Only a PGP key id: no hash.
    const jp = pkg(out, "com.github.javaparser:javaparser-core");
    assert.equal(jp.hashes, undefined);
    assert.equal(jp.locations[0].line, 18);
  });

  it("keeps unusual versions as written", async () => {
    const out = await parseWith(parser, fx("odd-versions.xml"));
    assert.equal(pkg(out, "com.google:google").version, "1");
    const javac = pkg(out, "com.google.errorprone:javac");
    assert.equal(javac.version, "9+181-r4173-1");
    assert.equal(javac.locations[0].line, 9);
    assert.equal(javac.hashes?.[0].value, "1d8d347a0e1579f3fc86ac04d1974e489afc66357f0009ac9804a7ac30912ed6");
    assert.ok(pkg(out, "com.google.guava:guava", "32.0.0-jre"));
    assert.ok(pkg(out, "com.google.guava:guava", "32.1.3-jre"));
    assert.equal(
      pkg(out, "com.google.apis:google-api-services-androidpublisher").version,
      "v3-rev20231115-2.0.0",
    );
  });

  it("takes the line of a component tag split over several lines", async () => {
    const out = await parseWith(parser, fx("multi-line.xml"));
    assert.equal(out.packages[0].locations[0].line, 5);
  });

  it("skips components missing an attribute, with a warning each", async () => {
    const out = await parseWith(parser, fx("missing-attribute.xml"));
    assert.deepEqual(out.packages, []);
    assert.deepEqual(
      out.warnings?.map((w) => w.line),
      [6, 12, 18],
    );
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-xml.txt")), "malformed", "not-xml.txt");
    await assertRejects(parseWith(parser, fx("pom-given.xml")), "wrong-format", "pom-given.xml");
  });

  it("conformance: every shared verification-metadata fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/java/gradleverificationmetadataxml"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/gradle-verification-metadata"),
    ];
    assert.ok(files.length >= 17, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 14 && r.rejected >= 2, JSON.stringify(r));
  });
});
