import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ScanResult } from "../../core/result.ts";
import { parseCycloneDx } from "../../inventory/cyclonedx/index.ts";
import { validateCdx } from "../../inventory/cyclonedx/schema.ts";
import { runScan } from "../../pipeline/scan.ts";
import { sampleFindings, sampleResult } from "../__fixtures__/sbom-result.ts";
import { cyclonedxReporter, renderCycloneDx } from "./index.ts";

// biome-ignore lint/suspicious/noExplicitAny: the assertions walk arbitrary SBOM JSON
type Json = Record<string, any>;

describe("cyclonedx reporter", () => {
  it("renders a CycloneDX 1.6 document that validates against the official schema", () => {
    const text = cyclonedxReporter.render(sampleResult(), {
      color: false,
      quiet: false,
      command: "inventory",
      deterministic: true,
    });
    const bom = JSON.parse(text) as Json;
    assert.equal(validateCdx("1.6", bom), undefined);
    assert.equal(bom.specVersion, "1.6");
    assert.equal(bom.metadata.timestamp, "1970-01-01T00:00:00Z");
    assert.equal(bom.metadata.tools.components[0].name, "Intake");
    assert.match(
      bom.serialNumber,
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(bom.vulnerabilities, undefined);

    const byRef = new Map((bom.components as Json[]).map((c) => [c["bom-ref"], c]));
    const express = byRef.get("pkg:npm/express@4.18.2")!;
    assert.equal(express.purl, "pkg:npm/express@4.18.2");
    assert.equal(express.scope, "required");
    assert.deepEqual(express.licenses, [{ license: { id: "MIT" } }]);
    // the SRI integrity becomes a hex SHA-512
    assert.equal(express.hashes[0].alg, "SHA-512");
    assert.match(
      express.hashes[0].content,
      /^e7f3ec2fa8863dd7d0fe528cd54ba27a5620bf7054a097f3d5a53053dbc767e27b832bf07505c510120421ac5e19fd0621cade013372044c6d6a58ac0dbb8ca9$/,
    );
    assert.ok(
      express.properties.some(
        (p: Json) => p.name === "intake:location" && p.value === "package-lock.json:12",
      ),
    );

    const types = byRef.get("pkg:npm/%40types/node@20.1.0")!;
    assert.equal(types.group, "@types");
    assert.equal(types.name, "node");
    assert.equal(types.scope, "excluded");
    const qs = byRef.get("pkg:npm/qs@6.11.0")!;
    assert.deepEqual(qs.licenses, [{ expression: "BSD-3-Clause OR (MIT AND Apache-2.0)" }]);
    assert.deepEqual(qs.externalReferences, [{ type: "vcs", url: "https://github.com/ljharb/qs" }]);
    const jackson = byRef.get("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.2.1")!;
    assert.equal(jackson.group, "com.fasterxml.jackson.core");
    assert.equal(jackson.name, "jackson-databind");
    assert.equal(jackson.scope, "optional");
    assert.deepEqual(jackson.licenses, [{ license: { name: "Some Custom Licence" } }]);
    assert.deepEqual(jackson.hashes, [{ alg: "SHA-1", content: "0123456789abcdef0123456789abcdef01234567" }]);

    const deps = new Map((bom.dependencies as Json[]).map((d) => [d.ref, d.dependsOn ?? []]));
    assert.deepEqual(deps.get("intake-root"), [
      "pkg:npm/express@4.18.2",
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.2.1",
    ]);
    assert.deepEqual(deps.get("pkg:npm/express@4.18.2"), [
      "pkg:npm/%40types/node@20.1.0",
      "pkg:npm/qs@6.11.0",
    ]);
    assert.deepEqual(deps.get("pkg:npm/qs@6.11.0"), []);
  });

  it("is deterministic with the deterministic option", () => {
    const a = renderCycloneDx(sampleResult(), { deterministic: true });
    const b = renderCycloneDx(sampleResult(), { deterministic: true });
    assert.deepEqual(a, b);
    const c = renderCycloneDx(sampleResult(), {}) as Json;
    assert.equal(c.metadata.timestamp, "2026-01-02T03:04:05Z");
  });

  it("adds vulnerabilities with ratings, affects and VEX/waiver analysis", () => {
    const bom = renderCycloneDx(sampleResult(sampleFindings()), { deterministic: true }) as Json;
    assert.equal(validateCdx("1.6", bom), undefined);
    const [qsVuln, jacksonVuln, mal] = bom.vulnerabilities as Json[];
    assert.equal(qsVuln.id, "GHSA-hrpp-h998-j3pp");
    assert.equal(qsVuln.source.name, "OSV");
    assert.deepEqual(qsVuln.references, [{ id: "CVE-2022-24999", source: { name: "NVD" } }]);
    assert.deepEqual(qsVuln.ratings, [
      {
        severity: "high",
        score: 7.5,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        method: "CVSSv31",
      },
    ]);
    assert.deepEqual(qsVuln.affects, [
      { ref: "pkg:npm/qs@6.11.0", versions: [{ version: "6.11.0", status: "affected" }] },
    ]);
    assert.equal(qsVuln.recommendation, "upgrade to 6.11.1");
    assert.equal(qsVuln.analysis, undefined);
    assert.equal(jacksonVuln.analysis.state, "not_affected");
    assert.equal(jacksonVuln.analysis.justification, "code_not_reachable");
    assert.match(jacksonVuln.analysis.detail, /VEX vex\/openvex\.json: not reachable/);
    assert.equal(mal.analysis.state, undefined);
    assert.deepEqual(mal.analysis.response, ["will_not_fix"]);
    assert.match(mal.analysis.detail, /waiver W-7.*owner sec-team/);
  });

  it("round-trips: lockfile inventory → CycloneDX → parsed again gives the same packages", async () => {
    const lock = join(import.meta.dirname, "../../inventory/package-lock/__fixtures__/workspaces.v3.json");
    const result = await runScan([`package-lock.json:${lock}`], { inventoryOnly: true });
    assert.equal(result.sources[0].status, "ok");
    assert.ok(result.packages.length > 3, `only ${result.packages.length} packages`);
    const text = cyclonedxReporter.render(result, { color: false, quiet: false, command: "inventory" });
    const back = parseCycloneDx({ path: "x.cdx.json", absolutePath: "/x.cdx.json", text });
    assert.equal(back.warnings, undefined);
    const key = (p: { ecosystem: string; name: string; version: string; purl: string }) =>
      `${p.ecosystem}|${p.name}|${p.version}|${p.purl}`;
    assert.deepEqual(back.packages.map(key).sort(), result.packages.map(key).sort());
    const directBefore = result.packages
      .filter((p) => p.direct)
      .map(key)
      .sort();
    assert.deepEqual(
      back.packages
        .filter((p) => p.direct)
        .map(key)
        .sort(),
      directBefore,
    );
  });

  it("renders the shared canonical scan result (findings, VEX, waivers) as a schema-valid 1.6 BOM", () => {
    const canonical = JSON.parse(
      readFileSync(join(import.meta.dirname, "../__fixtures__/canonical-scan.json"), "utf8"),
    ) as ScanResult;
    const bom = renderCycloneDx(canonical, { deterministic: true }) as Json;
    assert.equal(validateCdx("1.6", bom), undefined);
    assert.equal((bom.vulnerabilities as Json[]).length, canonical.findings.length);
    const refs = new Set((bom.components as Json[]).map((c) => c["bom-ref"]));
    for (const v of bom.vulnerabilities as Json[])
      for (const a of v.affects ?? []) assert.ok(refs.has(a.ref), a.ref);
  });
});
