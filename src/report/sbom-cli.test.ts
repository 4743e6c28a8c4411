import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";
import { parseCycloneDx } from "../inventory/cyclonedx/index.ts";
import { validateCdx } from "../inventory/cyclonedx/schema.ts";
import { parseSpdx } from "../inventory/spdx/index.ts";

/** `intake inventory --format cyclonedx|spdx` end to end, and reading the SBOMs back as inputs. */
describe("intake inventory --format cyclonedx / spdx", () => {
  const dir = mkdtempSync(join(tmpdir(), "intake-sbom-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(
    join(import.meta.dirname, "../inventory/package-lock/__fixtures__/workspaces.v3.json"),
    join(dir, "package-lock.json"),
  );

  it("writes a schema-valid CycloneDX 1.6 SBOM that reads back as the same packages", () => {
    const out = join(dir, "out.cdx.json");
    const r = runCli(["inventory", join(dir, "package-lock.json"), "--format", "cyclonedx", "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(out, "utf8");
    assert.equal(validateCdx("1.6", JSON.parse(text)), undefined);
    const expected = parseCycloneDx({ path: "x", absolutePath: "/x", text })
      .packages.map((p) => p.purl)
      .sort();
    const back = runCli(["inventory", `cyclonedx:${out}`, "--format", "json"]);
    assert.equal(back.code, 0, back.stderr);
    const got = (JSON.parse(back.stdout) as { packages: { purl: string }[] }).packages
      .map((p) => p.purl)
      .sort();
    assert.deepEqual(got, expected);
    assert.ok(got.length > 3);
  });

  it("writes SPDX 2.3 JSON that reads back as the same packages", () => {
    const r = runCli(["inventory", join(dir, "package-lock.json"), "--format", "spdx"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { spdxVersion: string };
    assert.equal(doc.spdxVersion, "SPDX-2.3");
    const back = parseSpdx({ path: "x.spdx.json", absolutePath: "/x.spdx.json", text: r.stdout });
    assert.ok(back.packages.length > 3);
    assert.equal(back.warnings, undefined);
  });

  it("--sbom-schema warn reads a schema-invalid SBOM with a warning instead", () => {
    const bad = join(import.meta.dirname, "../inventory/cyclonedx/__fixtures__/bad-hash-alg.cdx.json");
    const r = runCli(["inventory", bad, "--format", "json", "--sbom-schema", "warn"]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as {
      sources: { status: string; warnings?: { code: string }[] }[];
      packages: { purl: string }[];
    };
    assert.equal(result.sources[0].status, "partial");
    assert.equal(result.sources[0].warnings?.[0].code, "schema-invalid");
    assert.deepEqual(
      result.packages.map((p) => p.purl),
      ["pkg:npm/lodash@4.17.21"],
    );
  });

  it("reports a schema-invalid SBOM as a failed source (exit 3) with the JSON pointer", () => {
    const bad = join(import.meta.dirname, "../inventory/cyclonedx/__fixtures__/bad-hash-alg.cdx.json");
    const r = runCli(["inventory", bad, "--format", "json"]);
    assert.equal(r.code, 3);
    const result = JSON.parse(r.stdout) as {
      sources: { status: string; error?: { code: string; message: string } }[];
    };
    assert.equal(result.sources[0].status, "failed");
    assert.equal(result.sources[0].error?.code, "schema-invalid");
    assert.match(result.sources[0].error?.message ?? "", /\/components\/0\/hashes\/0/);
  });
});
