import { makePackage } from "../../core/package.ts";
import type { Finding, ScanResult } from "../../core/result.ts";
import { summarize } from "../../pipeline/summary.ts";

/** A small scan result for the SBOM reporters' tests: npm and Maven packages, a graph, findings. */
export function sampleResult(findings: Finding[] = []): ScanResult {
  const express = makePackage({
    ecosystem: "npm",
    name: "express",
    version: "4.18.2",
    direct: true,
    integrity:
      "sha512-5/PsL6iGPdfQ/lKM1UuielYgv3BUoJfz1aUwU9vHZ+J7gyvwdQXFEBIEIaxeGf0GIcreATNyBExtalisDbuMqQ==",
    license: "MIT",
    locations: [{ path: "package-lock.json", line: 12 }],
    dependencies: ["pkg:npm/%40types/node@20.1.0", "pkg:npm/qs@6.11.0"],
  });
  const types = makePackage({
    ecosystem: "npm",
    name: "@types/node",
    version: "20.1.0",
    scopes: ["dev"],
    locations: [{ path: "package-lock.json", line: 40 }],
  });
  const qs = makePackage({
    ecosystem: "npm",
    name: "qs",
    version: "6.11.0",
    license: "BSD-3-Clause OR (MIT AND Apache-2.0)",
    repository: "https://github.com/ljharb/qs",
    locations: [{ path: "package-lock.json", line: 60 }],
  });
  const jackson = makePackage({
    ecosystem: "Maven",
    name: "com.fasterxml.jackson.core:jackson-databind",
    version: "2.13.2.1",
    direct: true,
    scopes: ["optional"],
    hashes: [{ alg: "sha1", value: "0123456789abcdef0123456789abcdef01234567" }],
    license: "Some Custom Licence",
    locations: [{ path: "pom.xml", line: 30 }],
  });
  const packages = [express, types, qs, jackson];
  const sources = [
    { path: "package-lock.json", format: "package-lock.json", status: "ok" as const, packageCount: 3 },
    { path: "pom.xml", format: "pom.xml", status: "ok" as const, packageCount: 1 },
  ];
  return {
    schemaVersion: "1.0",
    tool: { name: "intake", version: "0.1.0" },
    generatedAt: "2026-01-02T03:04:05.678Z",
    targets: ["."],
    sources,
    packages,
    findings,
    signals: [],
    decisions: [],
    notices: [],
    summary: summarize(sources, packages.length, findings, []),
  };
}

export function sampleFindings(): Finding[] {
  const qs = { ecosystem: "npm" as const, name: "qs", version: "6.11.0", purl: "pkg:npm/qs@6.11.0" };
  const jackson = {
    ecosystem: "Maven" as const,
    name: "com.fasterxml.jackson.core:jackson-databind",
    version: "2.13.2.1",
    purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.2.1",
  };
  return [
    {
      kind: "vulnerability",
      id: "GHSA-hrpp-h998-j3pp",
      aliases: ["CVE-2022-24999"],
      package: qs,
      summary: "prototype pollution in qs",
      severity: { rating: "high", score: 7.5, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" },
      fixed: ["6.11.1"],
      upgradeTo: "6.11.1",
      source: "osv-store",
      published: "2022-11-26T00:30:50Z",
    },
    {
      kind: "vulnerability",
      id: "GHSA-57j2-w4cx-62h2",
      aliases: ["CVE-2020-36518"],
      package: jackson,
      severity: { rating: "medium" },
      fixed: [],
      suppressed: {
        by: "vex",
        ref: "vex/openvex.json",
        reason: "not reachable from our code",
        justification: "not_affected: vulnerable_code_not_in_execute_path",
      },
    },
    {
      kind: "malicious",
      id: "MAL-2025-1",
      aliases: [],
      package: qs,
      severity: { rating: "critical" },
      fixed: [],
      suppressed: { by: "waiver", ref: "W-7", reason: "false positive being reviewed", owner: "sec-team" },
    },
  ];
}

