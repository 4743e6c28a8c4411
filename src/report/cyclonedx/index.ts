import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Package } from "../../core/package.ts";
import { tryParsePurl } from "../../core/purl.ts";
import type { Finding, ScanResult, Severity, Suppression } from "../../core/result.ts";
import { cdxHashAlg, isSpdxExpression } from "../../inventory/sbom-common.ts";
import {
  hexHashes,
  inventoryFingerprint,
  rootName,
  sbomTimestamp,
  uuidFromContent,
} from "../sbom-helpers.ts";
import type { RenderOptions, Reporter } from "../types.ts";

/**
 * CycloneDX 1.6 JSON: the inventory as components (bom-ref = purl), the dependency graph from
 * Package.dependencies with a root component for the scanned targets, and, when the result has
 * findings, a `vulnerabilities` array whose `analysis` carries VEX statements and waivers.
 * The output validates against the official 1.6 schema (tested).
 */

const require = createRequire(import.meta.url);
let spdxIds: Set<string> | undefined;

/** The licence ids the CycloneDX schema accepts in `license.id` (its own SPDX enum). */
function knownLicenseIds(): Set<string> {
  if (spdxIds) return spdxIds;
  try {
    const dir = join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");
    const schema = JSON.parse(readFileSync(join(dir, "spdx.SNAPSHOT.schema.json"), "utf8")) as {
      enum?: string[];
    };
    spdxIds = new Set(schema.enum ?? []);
  } catch {
    spdxIds = new Set();
  }
  return spdxIds;
}

type Json = Record<string, unknown>;

function licensesOf(license: string | undefined): Json[] | undefined {
  const l = license?.trim();
  if (!l) return undefined;
  if (/^[A-Za-z0-9.+-]+$/.test(l) && knownLicenseIds().has(l)) return [{ license: { id: l } }];
  if (isSpdxExpression(l)) return [{ expression: l }];
  return [{ license: { name: l } }];
}

function scopeOf(p: Package): "required" | "optional" | "excluded" {
  const s = p.scopes;
  if (s.length === 0 || s.includes("prod") || s.includes("peer")) return "required";
  if (s.includes("optional")) return "optional";
  return "excluded";
}

function nameParts(p: Package): { group?: string; name: string } {
  const parsed = tryParsePurl(p.purl);
  if (parsed?.namespace && (parsed.type === "maven" || parsed.type === "npm"))
    return { group: parsed.namespace, name: parsed.name };
  return { name: p.name };
}

function componentOf(p: Package, ref: string): Json {
  const { group, name } = nameParts(p);
  const c: Json = { type: "library", "bom-ref": ref };
  if (group) c.group = group;
  c.name = name;
  if (p.version) c.version = p.version;
  c.scope = scopeOf(p);
  const hashes = hexHashes(p)
    .map((h) => ({ alg: cdxHashAlg(h.alg), content: h.value }))
    .filter((h) => h.alg !== undefined && [32, 40, 64, 96, 128].includes(h.content.length));
  if (hashes.length > 0) c.hashes = hashes;
  const licenses = licensesOf(p.license);
  if (licenses) c.licenses = licenses;
  if (p.cpe) c.cpe = p.cpe;
  c.purl = p.purl;
  if (p.repository) c.externalReferences = [{ type: "vcs", url: p.repository }];
  const props: { name: string; value: string }[] = [];
  for (const loc of p.locations)
    props.push({ name: "intake:location", value: loc.line ? `${loc.path}:${loc.line}` : loc.path });
  props.push({ name: "intake:direct", value: String(p.direct) });
  for (const s of p.scopes) props.push({ name: "intake:scope", value: s });
  if (p.resolved) props.push({ name: "intake:resolved", value: p.resolved });
  c.properties = props;
  return c;
}

const SEVERITY: Record<Severity, string> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
  none: "none",
  unknown: "unknown",
};

function ratingOf(f: Finding): Json {
  const r: Json = { severity: SEVERITY[f.severity.rating] ?? "unknown" };
  if (f.severity.score !== undefined) r.score = f.severity.score;
  const v = f.severity.vector;
  if (v) {
    r.vector = v;
    r.method = v.startsWith("CVSS:4.0")
      ? "CVSSv4"
      : v.startsWith("CVSS:3.1")
        ? "CVSSv31"
        : v.startsWith("CVSS:3.0")
          ? "CVSSv3"
          : /^\(?AV:[LAN]/.test(v)
            ? "CVSSv2"
            : "other";
  }
  return r;
}

/** OpenVEX justifications and CycloneDX ones, to CycloneDX's list. */
const JUSTIFICATION: Record<string, string> = {
  component_not_present: "code_not_present",
  vulnerable_code_not_present: "code_not_present",
  vulnerable_code_not_in_execute_path: "code_not_reachable",
  vulnerable_code_cannot_be_controlled_by_adversary: "protected_by_mitigating_control",
  inline_mitigations_already_exist: "protected_by_mitigating_control",
  code_not_present: "code_not_present",
  code_not_reachable: "code_not_reachable",
  requires_configuration: "requires_configuration",
  requires_dependency: "requires_dependency",
  requires_environment: "requires_environment",
  protected_by_compiler: "protected_by_compiler",
  protected_at_runtime: "protected_at_runtime",
  protected_at_perimeter: "protected_at_perimeter",
  protected_by_mitigating_control: "protected_by_mitigating_control",
};

const STATE: Record<string, string> = {
  not_affected: "not_affected",
  fixed: "resolved",
  resolved: "resolved",
  affected: "exploitable",
  exploitable: "exploitable",
  under_investigation: "in_triage",
  in_triage: "in_triage",
  false_positive: "false_positive",
};

/**
 * The analysis for a suppressed finding. VEX statements carry a status (and a justification)
 * which map to CycloneDX's state; a waiver is an accepted risk, not a claim that the package is
 * unaffected, so it records the response `will_not_fix` and leaves the state unset.
 */
export function analysisOf(s: Suppression): Json {
  const detailParts = [`${s.by === "vex" ? "VEX" : "waiver"} ${s.ref}: ${s.reason}`];
  if (s.owner) detailParts.push(`owner ${s.owner}`);
  if (s.expires) detailParts.push(`expires ${s.expires}`);
  const a: Json = {};
  if (s.by === "vex") {
    const [status, just] = (s.justification ?? "not_affected").split(":").map((x) => x.trim());
    const state = STATE[status];
    if (state) a.state = state;
    const j = just ? JUSTIFICATION[just] : undefined;
    if (j && state === "not_affected") a.justification = j;
    if (state === "resolved") a.response = ["update"];
  } else {
    a.response = ["will_not_fix"];
  }
  a.detail = detailParts.join("; ");
  return a;
}

function vulnerabilityOf(f: Finding, ref: string | undefined): Json {
  const v: Json = { id: f.id };
  v.source = f.id.startsWith("CVE-")
    ? { name: "NVD", url: `https://nvd.nist.gov/vuln/detail/${f.id}` }
    : { name: "OSV", url: `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}` };
  const refs = f.aliases
    .filter((a) => a !== f.id)
    .map((a) => ({ id: a, source: { name: a.startsWith("CVE-") ? "NVD" : "OSV" } }));
  if (refs.length > 0) v.references = refs;
  v.ratings = [ratingOf(f)];
  if (f.summary) v.description = f.summary;
  if (f.kind === "malicious") v.detail = "malicious package: the published package itself is harmful";
  if (f.upgradeTo) v.recommendation = `upgrade to ${f.upgradeTo}`;
  else if (f.fixed.length > 0) v.recommendation = `fixed in ${f.fixed.join(", ")}`;
  if (f.published && !Number.isNaN(Date.parse(f.published))) v.published = f.published;
  if (f.modified && !Number.isNaN(Date.parse(f.modified))) v.updated = f.modified;
  if (f.suppressed) v.analysis = analysisOf(f.suppressed);
  if (ref) v.affects = [{ ref, versions: [{ version: f.package.version, status: "affected" }] }];
  const props: { name: string; value: string }[] = [{ name: "intake:kind", value: f.kind }];
  if (f.source) props.push({ name: "intake:source", value: f.source });
  v.properties = props;
  return v;
}

export function renderCycloneDx(result: ScanResult, options: Pick<RenderOptions, "deterministic">): Json {
  const packages = result.packages;
  // bom-ref = purl; a repeated purl (the same purl from two ecosystems' spellings) gets a suffix.
  const refOf = new Map<Package, string>();
  const byPurl = new Map<string, string>();
  const used = new Set<string>(["intake-root"]);
  for (const p of packages) {
    let ref = p.purl;
    for (let i = 2; used.has(ref); i++) ref = `${p.purl}#${i}`;
    used.add(ref);
    refOf.set(p, ref);
    if (!byPurl.has(p.purl)) byPurl.set(p.purl, ref);
  }
  const fingerprint = inventoryFingerprint(packages);
  const serial = options.deterministic ? uuidFromContent(fingerprint) : randomUUID();
  const rootRef = "intake-root";
  const bom: Json = {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    metadata: {
      timestamp: sbomTimestamp(result.generatedAt, options.deterministic),
      tools: {
        components: [
          {
            type: "application",
            name: "Intake",
            version: result.tool.version,
          },
        ],
      },
      component: { type: "application", "bom-ref": rootRef, name: rootName(result.targets) },
    },
    components: packages.map((p) => componentOf(p, refOf.get(p)!)),
  };
  const dependencies: Json[] = [
    {
      ref: rootRef,
      dependsOn: [...new Set(packages.filter((p) => p.direct).map((p) => refOf.get(p)!))],
    },
  ];
  for (const p of packages) {
    const on = [
      ...new Set(
        (p.dependencies ?? []).map((d) => byPurl.get(d)).filter((x): x is string => x !== undefined),
      ),
    ];
    dependencies.push(on.length > 0 ? { ref: refOf.get(p)!, dependsOn: on } : { ref: refOf.get(p)! });
  }
  bom.dependencies = dependencies;
  if (result.findings.length > 0) {
    bom.vulnerabilities = result.findings.map((f) => vulnerabilityOf(f, byPurl.get(f.package.purl)));
  }
  return bom;
}

export const cyclonedxReporter: Reporter = {
  id: "cyclonedx",
  description: "CycloneDX 1.6 JSON SBOM (with a vulnerabilities array when there are findings)",
  extension: "cdx.json",
  render(result, options) {
    return `${JSON.stringify(renderCycloneDx(result, options), null, 2)}\n`;
  },
};
