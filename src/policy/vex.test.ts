import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import type { ScanResult } from "../core/result.ts";
import { cyclonedxReporter } from "../report/cyclonedx/index.ts";
import { PolicyError } from "./errors.ts";
import { pkg, vuln } from "./test-helpers.ts";
import { applyVex, parseVex, readVexFile } from "./vex.ts";

const FIX = join(import.meta.dirname, "__fixtures__", "vex");

describe("VEX in", () => {
  const lodash = pkg("lodash", "4.17.20");
  const minimist = pkg("minimist", "1.2.5");
  const findings = [
    vuln(lodash, "GHSA-1111-2222-3333", "high", { aliases: ["CVE-2026-1111"] }),
    vuln(minimist, "GHSA-fixd-fixd-fixd", "medium"),
    vuln(minimist, "GHSA-aff1-aff1-aff1", "high"),
    vuln(pkg("lodash", "4.17.19"), "GHSA-1111-2222-3333", "high", { aliases: ["CVE-2026-1111"] }),
  ];

  it("OpenVEX not_affected and fixed suppress matching findings, with the justification", () => {
    const doc = readVexFile(join(FIX, "openvex-not-affected.json"));
    assert.equal(doc.format, "openvex");
    assert.equal(doc.statements.length, 4);
    assert.equal(doc.warnings.length, 1);
    const out = applyVex(findings, [doc]);
    const [a, b, c, d] = out.findings;
    assert.equal(a.suppressed?.by, "vex");
    assert.equal(a.suppressed?.justification, "not_affected: vulnerable_code_not_in_execute_path");
    assert.equal(a.suppressed?.reason, "We never call the affected template function.");
    assert.equal(b.suppressed?.justification, "fixed");
    assert.equal(c.suppressed, undefined, "affected does not suppress");
    assert.equal(d.suppressed, undefined, "another version is not covered");
    assert.ok(out.notices.some((n) => /1 statement matched no finding/.test(n.message)));
    assert.ok(out.notices.some((n) => /no vulnerability name/.test(n.message)));
    assert.equal(findings[0].suppressed, undefined, "input untouched");
  });

  it("CSAF VEX: known_not_affected suppresses, with the flag as justification", () => {
    const doc = readVexFile(join(FIX, "csaf-vex-not-affected.json"));
    assert.equal(doc.format, "csaf");
    assert.equal(doc.statements.length, 2);
    assert.ok(doc.warnings.some((w) => /OPAQUE-1/.test(w)));
    const mm = vuln(minimist, "GHSA-xvch-5gv4-984h", "critical", { aliases: ["CVE-2021-44906"] });
    const lo = vuln(lodash, "GHSA-35jh-r3h4-6jhm", "high", { aliases: ["CVE-2021-23337"] });
    const out = applyVex([mm, lo], [doc]).findings;
    assert.equal(out[0].suppressed?.justification, "not_affected: vulnerable_code_not_in_execute_path");
    assert.equal(out[0].suppressed?.reason, "Only the build uses it.");
    assert.equal(out[1].suppressed, undefined, "known_affected does not suppress");
  });

  it("malformed documents give typed errors naming the file", () => {
    for (const f of ["openvex-statements-not-a-list.json", "not-json.txt"]) {
      assert.throws(
        () => readVexFile(join(FIX, f)),
        (e: unknown) => e instanceof PolicyError && e.code === "vex-invalid" && e.file?.endsWith(f) === true,
      );
    }
    assert.throws(
      () => readVexFile(join(FIX, "absent.json")),
      (e: unknown) => e instanceof PolicyError && e.code === "vex-unreadable",
    );
  });

  it(
    "CycloneDX VEX example: not_affected via a BOM-Link to a purl",
    skipUnlessShared("cyclonedx-examples", "VEX", "vex.json"),
    () => {
      const doc = readVexFile(sharedPath("cyclonedx-examples", "VEX", "vex.json") as string);
      assert.equal(doc.format, "cyclonedx");
      const jackson = {
        ...pkg("x"),
        ecosystem: "Maven" as const,
        name: "com.fasterxml.jackson.core:jackson-databind",
        version: "2.10.0",
        purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
      };
      const out = applyVex(
        [vuln(jackson, "GHSA-288c-cq4h-88gq", "high", { aliases: ["CVE-2020-25649"] })],
        [doc],
      );
      assert.equal(out.findings[0].suppressed?.justification, "not_affected: code_not_reachable");
      const other = {
        ...jackson,
        version: "2.12.0",
        purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.0",
      };
      assert.equal(
        applyVex([vuln(other, "CVE-2020-25649", "high")], [doc]).findings[0].suppressed,
        undefined,
      );
    },
  );

  it(
    "CISA use case 1: fixed / not_affected / affected for a product",
    skipUnlessShared("cyclonedx-examples", "VEX", "CISA-Use-Cases", "Case-1"),
    () => {
      const dir = sharedPath("cyclonedx-examples", "VEX", "CISA-Use-Cases", "Case-1") as string;
      const log4j = {
        ...pkg("x"),
        ecosystem: "Maven" as const,
        name: "org.apache.logging.log4j:log4j-core",
        version: "2.14.1",
        purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      };
      const f = vuln(log4j, "GHSA-jfh8-c2jp-5v3q", "critical", { aliases: ["CVE-2021-44228"] });
      const fixed = applyVex([f], [readVexFile(join(dir, "vex-fixed.json"))]).findings[0];
      assert.equal(fixed.suppressed?.justification, "fixed");
      const na = applyVex([f], [readVexFile(join(dir, "vex-not_affected.json"))]).findings[0];
      assert.match(na.suppressed?.justification ?? "", /^not_affected/);
      assert.equal(
        applyVex([f], [readVexFile(join(dir, "vex-affected.json"))]).findings[0].suppressed,
        undefined,
      );
    },
  );

  it(
    "every CISA and CycloneDX use-case document parses",
    skipUnlessShared("cyclonedx-examples", "VEX"),
    async () => {
      const { readdirSync, statSync } = await import("node:fs");
      const root = sharedPath("cyclonedx-examples", "VEX") as string;
      let n = 0;
      const walk = (d: string) => {
        for (const e of readdirSync(d)) {
          const p = join(d, e);
          if (statSync(p).isDirectory()) walk(p);
          else if (/vex.*\.json$/.test(e)) {
            const doc = readVexFile(p);
            assert.equal(doc.format, "cyclonedx", p);
            n++;
          }
        }
      };
      walk(root);
      assert.ok(n >= 10, `only ${n} documents`);
    },
  );

  it("round trip: our CycloneDX VEX out suppresses the same findings when read back in", () => {
    const result: ScanResult = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "report", "__fixtures__", "canonical-scan.json"), "utf8"),
    );
    const text = cyclonedxReporter.render(result, {
      color: false,
      quiet: false,
      command: "scan",
      deterministic: true,
    });
    const doc = parseVex("out.cdx.json", text);
    assert.equal(doc.format, "cyclonedx");
    const fresh = result.findings.map(({ suppressed: _, ...f }) => f);
    const out = applyVex(fresh, [doc]).findings;
    const minimist = out.find((f) => f.id === "GHSA-xvch-5gv4-984h");
    assert.equal(minimist?.suppressed?.justification, "not_affected: code_not_reachable");
    // A waiver is an accepted risk, not a VEX claim: it does not travel as a suppression.
    assert.equal(out.find((f) => f.id === "GHSA-67hx-6x53-jw92")?.suppressed, undefined);
    assert.equal(out.filter((f) => f.suppressed).length, 1);
  });
});
