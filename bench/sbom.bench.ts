// SBOM benchmark: the largest real SBOMs in ../shared/data (CycloneDX JSON and XML) read by the
// cyclonedx parser (schema validation included) against a bare parse of the same text
// (JSON.parse / fast-xml-parser), the one-off cost of compiling a schema, and the SBOM reporters
// on the biggest inventory. Usage: npm run bench -- sbom   (results go into docs/benchmarks.md)
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import type { ScanResult } from "../src/core/result.ts";
import { parseCycloneDx } from "../src/inventory/cyclonedx/index.ts";
import { cdxValidator } from "../src/inventory/cyclonedx/schema.ts";
import { summarize } from "../src/pipeline/summary.ts";
import { renderCycloneDx } from "../src/report/cyclonedx/index.ts";
import { renderSpdx } from "../src/report/spdx/index.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"));

const FILES = [
  "cyclonedx-examples/SBOM/keycloak-10.0.2/bom.json",
  "cyclonedx-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.json",
  "cyclonedx-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.xml",
  "cyclonedx-examples/SBOM/protonmail-webclient-v4-0912dff/bom.xml",
  "osv-scanner-testdata/cmd/osv-scanner/scan/source/testdata/sbom-insecure/postgres-stretch.cdx.xml",
];

/** CPU time of this process in ms (unaffected by other processes holding the cores). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Best CPU time of `runs` runs after one warm-up. */
function best(fn: () => unknown, runs: number): number {
  fn();
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = cpuMs();
    fn();
    min = Math.min(min, cpuMs() - t);
  }
  return min;
}

const xml = new XMLParser({ ignoreAttributes: false, preserveOrder: true });

console.log(`load average ${(await import("node:os")).loadavg()[0].toFixed(1)}`);
for (const v of ["1.2", "1.4", "1.6", "1.7"] as const) {
  const t = cpuMs();
  cdxValidator(v);
  console.log(`compile CycloneDX ${v} JSON schema (once per process): ${(cpuMs() - t).toFixed(0)} ms`);
}

console.log("\n| file | size | packages | bare parse | Intake (parse + validate + extract) | ratio |");
console.log("|---|---:|---:|---:|---:|---:|");
let biggest: ScanResult | undefined;
for (const rel of FILES) {
  const path = join(DATA, rel);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    console.log(`| ${rel} | absent | | | | |`);
    continue;
  }
  const isXml = text.trimStart().startsWith("<");
  const bare = best(() => (isXml ? xml.parse(text) : JSON.parse(text)), 5);
  let count = 0;
  const ours = best(() => {
    const out = parseCycloneDx({ path: rel, absolutePath: path, text });
    count = out.packages.length;
    if (!biggest || out.packages.length > biggest.packages.length) {
      biggest = {
        schemaVersion: "1.0",
        tool: { name: "intake", version: "bench" },
        generatedAt: new Date(0).toISOString(),
        targets: [rel],
        sources: [],
        packages: out.packages,
        findings: [],
        signals: [],
        decisions: [],
        notices: [],
        summary: summarize([], out.packages.length, [], []),
      };
    }
  }, 3);
  const kb = `${Math.round(text.length / 1024)} KiB`;
  console.log(
    `| ${rel.split("/").slice(-3).join("/")} | ${kb} | ${count} | ${bare.toFixed(0)} ms | ${ours.toFixed(0)} ms | ${(ours / bare).toFixed(1)}× |`,
  );
}

if (biggest) {
  const result = biggest;
  const cdx = best(() => JSON.stringify(renderCycloneDx(result, { deterministic: true })), 5);
  const spdx = best(() => JSON.stringify(renderSpdx(result, { deterministic: true })), 5);
  console.log(
    `\nrender ${result.packages.length} packages: CycloneDX ${cdx.toFixed(0)} ms, SPDX ${spdx.toFixed(0)} ms`,
  );
}
