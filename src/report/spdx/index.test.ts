import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isSpdxExpression } from "../../inventory/sbom-common.ts";
import { parseSpdx } from "../../inventory/spdx/index.ts";
import { runScan } from "../../pipeline/scan.ts";
import { sampleResult } from "../__fixtures__/sbom-result.ts";
import { renderSpdx, spdxReporter } from "./index.ts";

type Json = Record<string, unknown>;

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const CHECKSUM_ALGS = new Set([
  "SHA1",
  "SHA224",
  "SHA256",
  "SHA384",
  "SHA512",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "BLAKE2b-256",
  "BLAKE2b-384",
  "BLAKE2b-512",
  "BLAKE3",
  "MD2",
  "MD4",
  "MD5",
  "MD6",
  "ADLER32",
]);

/**
 * The required fields and value rules of the SPDX 2.3 JSON schema that apply to what the
 * reporter writes (no official 2.3 schema is installed): returns every problem found.
 */
function spdxProblems(doc: Json): string[] {
  const problems: string[] = [];
  const need = (obj: Json, key: string, where: string) => {
    if (obj[key] === undefined || obj[key] === "") problems.push(`${where}: ${key} is required`);
  };
  for (const k of ["spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace", "creationInfo"])
    need(doc, k, "document");
  if (doc.spdxVersion !== "SPDX-2.3") problems.push("spdxVersion must be SPDX-2.3");
  if (doc.dataLicense !== "CC0-1.0") problems.push("dataLicense must be CC0-1.0");
  if (doc.SPDXID !== "SPDXRef-DOCUMENT") problems.push("document SPDXID must be SPDXRef-DOCUMENT");
  if (typeof doc.documentNamespace !== "string" || !/^[a-z]+:\/\/[^#\s]+$/.test(doc.documentNamespace))
    problems.push("documentNamespace must be a URI without #");
  const ci = doc.creationInfo as Json;
  if (!ci || typeof ci.created !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(ci.created))
    problems.push("creationInfo.created must be YYYY-MM-DDThh:mm:ssZ");
  if (
    !Array.isArray(ci?.creators) ||
    ci.creators.length === 0 ||
    !ci.creators.every((c) => /^(Tool|Organization|Person): /.test(String(c)))
  )
    problems.push("creationInfo.creators must list Tool:/Organization:/Person: entries");
  const ids = new Set<string>(["SPDXRef-DOCUMENT"]);
  const refs = new Set(((doc.hasExtractedLicensingInfos as Json[]) ?? []).map((x) => String(x.licenseId)));
  for (const [i, p] of ((doc.packages as Json[]) ?? []).entries()) {
    const where = `packages/${i}`;
    for (const k of ["SPDXID", "name", "downloadLocation"]) need(p, k, where);
    if (!SPDX_ID.test(String(p.SPDXID))) problems.push(`${where}: bad SPDXID ${String(p.SPDXID)}`);
    if (ids.has(String(p.SPDXID))) problems.push(`${where}: duplicate SPDXID`);
    ids.add(String(p.SPDXID));
    if (p.filesAnalyzed !== false) problems.push(`${where}: filesAnalyzed must be false (no files listed)`);
    for (const k of ["licenseConcluded", "licenseDeclared"]) {
      const v = String(p[k] ?? "NOASSERTION");
      if (v === "NOASSERTION" || v === "NONE") continue;
      if (!isSpdxExpression(v) && !refs.has(v))
        problems.push(`${where}: ${k} '${v}' is not an SPDX expression`);
      for (const m of v.matchAll(/LicenseRef-[A-Za-z0-9.-]+/g))
        if (!refs.has(m[0])) problems.push(`${where}: ${m[0]} is not in hasExtractedLicensingInfos`);
    }
    for (const c of (p.checksums as Json[]) ?? []) {
      if (!CHECKSUM_ALGS.has(String(c.algorithm)))
        problems.push(`${where}: checksum algorithm ${String(c.algorithm)}`);
      if (!/^[0-9a-f]+$/.test(String(c.checksumValue)))
        problems.push(`${where}: checksum value must be lower hex`);
    }
    for (const r of (p.externalRefs as Json[]) ?? [])
      for (const k of ["referenceCategory", "referenceType", "referenceLocator"])
        need(r, k, `${where}/externalRefs`);
  }
  for (const [i, r] of ((doc.relationships as Json[]) ?? []).entries()) {
    for (const k of ["spdxElementId", "relationshipType", "relatedSpdxElement"])
      need(r, k, `relationships/${i}`);
    for (const k of ["spdxElementId", "relatedSpdxElement"])
      if (!ids.has(String(r[k]))) problems.push(`relationships/${i}: ${k} ${String(r[k])} does not exist`);
  }
  return problems;
}

describe("spdx reporter", () => {
  it("renders SPDX 2.3 JSON with every required field", () => {
    const text = spdxReporter.render(sampleResult(), {
      color: false,
      quiet: false,
      command: "inventory",
      deterministic: true,
    });
    const doc = JSON.parse(text) as Json;
    assert.deepEqual(spdxProblems(doc), []);
    assert.equal((doc.creationInfo as Json).created, "1970-01-01T00:00:00Z");
    const pkgs = doc.packages as Json[];
    assert.equal(pkgs.length, 5);
    const express = pkgs.find((p) => p.name === "express")!;
    assert.deepEqual(express.externalRefs, [
      {
        referenceCategory: "PACKAGE-MANAGER",
        referenceType: "purl",
        referenceLocator: "pkg:npm/express@4.18.2",
      },
    ]);
    assert.equal(express.licenseDeclared, "MIT");
    assert.equal((express.checksums as Json[])[0].algorithm, "SHA512");
    const jackson = pkgs.find((p) => p.name === "com.fasterxml.jackson.core:jackson-databind")!;
    assert.equal(jackson.licenseDeclared, "LicenseRef-Some-Custom-Licence");
    assert.deepEqual(doc.hasExtractedLicensingInfos, [
      {
        licenseId: "LicenseRef-Some-Custom-Licence",
        extractedText: "Some Custom Licence",
        name: "Some Custom Licence",
      },
    ]);
    const rel = (doc.relationships as Json[]).map(
      (r) => `${String(r.spdxElementId)} ${String(r.relationshipType)} ${String(r.relatedSpdxElement)}`,
    );
    assert.ok(rel.includes("SPDXRef-DOCUMENT DESCRIBES SPDXRef-intake-root"));
    assert.ok(rel.includes(`SPDXRef-intake-root DEPENDS_ON ${String(express.SPDXID)}`));
    assert.ok(rel.includes(`SPDXRef-intake-root DEPENDS_ON ${String(jackson.SPDXID)}`));
    assert.ok(rel.includes(`${String(express.SPDXID)} DEPENDS_ON SPDXRef-Package-npm-qs-6.11.0`));
    assert.equal(rel.length, 5);
  });

  it("derives the namespace from the content: same inventory, same namespace; different, different", () => {
    const a = renderSpdx(sampleResult(), { deterministic: true });
    const b = renderSpdx(sampleResult(), {});
    assert.equal(a.documentNamespace, b.documentNamespace);
    const other = sampleResult();
    other.packages = other.packages.slice(1);
    assert.notEqual(renderSpdx(other, {}).documentNamespace, a.documentNamespace);
    assert.deepEqual(renderSpdx(sampleResult(), { deterministic: true }), a);
  });

  it("round-trips: lockfile inventory → SPDX → parsed again gives the same packages", async () => {
    const lock = join(import.meta.dirname, "../../inventory/package-lock/__fixtures__/workspaces.v3.json");
    const result = await runScan([`package-lock.json:${lock}`], { inventoryOnly: true });
    const text = spdxReporter.render(result, { color: false, quiet: false, command: "inventory" });
    assert.deepEqual(spdxProblems(JSON.parse(text) as Json), []);
    const back = parseSpdx({ path: "x.spdx.json", absolutePath: "/x.spdx.json", text });
    assert.equal(back.warnings, undefined);
    const key = (p: { ecosystem: string; name: string; version: string; purl: string }) =>
      `${p.ecosystem}|${p.name}|${p.version}|${p.purl}`;
    assert.deepEqual(back.packages.map(key).sort(), result.packages.map(key).sort());
    assert.deepEqual(
      back.packages
        .filter((p) => p.direct)
        .map(key)
        .sort(),
      result.packages
        .filter((p) => p.direct)
        .map(key)
        .sort(),
    );
  });
});
