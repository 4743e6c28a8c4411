import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { sharedPath, skipUnlessShared } from "../../../test/helpers/shared-data.ts";
import { InventoryError } from "../types.ts";
import { parseSpdx } from "./index.ts";

/**
 * Conformance on ../shared/data/spdx-examples: every SPDX 2.x JSON or tag-value document parses
 * (or fails with a typed error), every SPDX 3.0 document is refused with `unsupported-version`;
 * plus hand-checked package lists for a few documents.
 */

function parseFile(path: string) {
  return parseSpdx({ path, absolutePath: path, text: readFileSync(path, "utf8") });
}

describe("spdx-examples", skipUnlessShared("spdx-examples"), () => {
  const root = sharedPath("spdx-examples");
  if (!root) return;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(json|spdx)$/.test(f)) files.push(p);
    }
  };
  walk(root);
  it("finds the documents", () => assert.ok(files.length >= 50, `only ${files.length}`));
  for (const p of files) {
    const rel = relative(root, p);
    const isV3 = /spdx3\.0\//.test(rel) || /\.spdx3\.json$/.test(rel);
    it(`${isV3 ? "refuses" : "reads"} ${rel}`, () => {
      if (isV3) {
        assert.throws(
          () => parseFile(p),
          (e: unknown) => e instanceof InventoryError && e.code === "unsupported-version",
        );
        return;
      }
      try {
        const out = parseFile(p);
        for (const pkg of out.packages) assert.ok(pkg.purl.startsWith("pkg:"));
      } catch (e) {
        assert.ok(e instanceof InventoryError, `untyped error: ${String(e)}`);
      }
    });
  }

  it("hand-checked: example9 appbomination (4 Maven packages, junit a test dependency)", () => {
    const p = sharedPath("spdx-examples", "software", "example9", "spdx2.2", "appbomination.spdx.json");
    assert.ok(p);
    const { packages, warnings } = parseFile(p);
    const rows = packages.map(
      (x) => `${x.ecosystem} ${x.name} ${x.version} ${x.direct ? "direct" : "transitive"}`,
    );
    assert.deepEqual(rows.sort(), [
      "Maven junit:junit 4.12 direct",
      "Maven org.apache.commons:commons-lang3 3.4 direct",
      "Maven org.hamcrest:hamcrest-core 1.3 transitive",
      "Maven org.slf4j:slf4j-api 1.7.21 direct",
    ]);
    assert.deepEqual(packages.find((x) => x.name === "junit:junit")?.scopes, ["test"]);
    assert.deepEqual(packages.find((x) => x.name === "junit:junit")?.dependencies, [
      "pkg:maven/org.hamcrest/hamcrest-core@1.3",
    ]);
    // Gradle and the proprietary file have no purl
    assert.match(
      warnings?.[0].message ?? "",
      /2 packages skipped \(no purl\): Gradle, Faust Proprietary File/,
    );
  });

  it("hand-checked: example11 (3 crates)", () => {
    const p = sharedPath("spdx-examples", "software", "example11", "spdx2.3", "sbom.spdx.json");
    assert.ok(p);
    const { packages } = parseFile(p);
    assert.deepEqual(packages.map((x) => `${x.ecosystem} ${x.name} ${x.version}`).sort(), [
      "crates.io hyper 0.14",
      "crates.io pretty_env_logger 0.4.0",
      "crates.io tokio 1.19.2",
    ]);
  });

  it("hand-checked: example6-lib tag-value (Go distribution without purls: 0 packages, 4 skipped)", () => {
    const p = sharedPath("spdx-examples", "software", "example6", "spdx2.2", "example6-lib.spdx");
    assert.ok(p);
    const { packages, warnings } = parseFile(p);
    assert.equal(packages.length, 0);
    assert.match(warnings?.[0].message ?? "", /^4 packages skipped \(no purl\)/);
  });
});

const SBOM_INSECURE = [
  "osv-scanner-testdata",
  "cmd",
  "osv-scanner",
  "scan",
  "source",
  "testdata",
  "sbom-insecure",
];

describe("osv-scanner sbom-insecure (SPDX)", skipUnlessShared(...SBOM_INSECURE), () => {
  it("only-unimportant.spdx.json: one Ubuntu package", () => {
    const p = sharedPath(...SBOM_INSECURE, "only-unimportant.spdx.json");
    assert.ok(p);
    const { packages, warnings } = parseFile(p);
    assert.equal(warnings, undefined);
    assert.equal(packages.length, 1);
    assert.equal(packages[0].ecosystem, "Ubuntu");
    assert.equal(packages[0].name, "pcre3");
    assert.equal(packages[0].version, "2:8.39-12ubuntu0.1");
    assert.equal(
      packages[0].purl,
      "pkg:deb/ubuntu/pcre3@2:8.39-12ubuntu0.1?arch=amd64&distro=focal&source=pcre3",
    );
  });
});
