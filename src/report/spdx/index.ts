import type { Package } from "../../core/package.ts";
import type { ScanResult } from "../../core/result.ts";
import { isSpdxExpression, spdxHashAlg } from "../../inventory/sbom-common.ts";
import { hexHashes, inventoryFingerprint, rootName, sbomTimestamp, sha256Hex } from "../sbom-helpers.ts";
import type { RenderOptions, Reporter } from "../types.ts";

/**
 * SPDX 2.3 JSON: one package per inventory package (purl as a PACKAGE-MANAGER external
 * reference, checksums, declared licence), a root package for the scanned targets that the
 * document DESCRIBES, and DEPENDS_ON relationships from the root to the direct packages and
 * between packages. The documentNamespace is derived from the content, so the same inventory
 * always gets the same namespace.
 */

type Json = Record<string, unknown>;

/** SPDXIDs allow letters, digits, `.` and `-` after `SPDXRef-`. */
function idPart(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9.-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  );
}

interface LicenseFields {
  declared: string;
  /** A LicenseRef for free text, with the text, for hasExtractedLicensingInfos. */
  extracted?: { licenseId: string; extractedText: string; name: string };
}

function licenseFields(license: string | undefined): LicenseFields {
  const l = license?.trim();
  if (!l) return { declared: "NOASSERTION" };
  if (isSpdxExpression(l)) return { declared: l };
  const licenseId = `LicenseRef-${idPart(l)}`;
  return { declared: licenseId, extracted: { licenseId, extractedText: l, name: l } };
}

export function renderSpdx(result: ScanResult, options: Pick<RenderOptions, "deterministic">): Json {
  const packages = result.packages;
  const name = rootName(result.targets);
  const fingerprint = inventoryFingerprint(packages);
  const hash = sha256Hex(`${name}\n${fingerprint}`);
  const rootId = "SPDXRef-intake-root";
  const used = new Set<string>(["SPDXRef-DOCUMENT", rootId]);
  const idOf = new Map<Package, string>();
  const byPurl = new Map<string, string>();
  for (const p of packages) {
    const base = `SPDXRef-Package-${idPart(String(p.ecosystem))}-${idPart(p.name)}-${idPart(p.version || "none")}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    idOf.set(p, id);
    if (!byPurl.has(p.purl)) byPurl.set(p.purl, id);
  }
  const extracted = new Map<string, Json>();
  const spdxPackages: Json[] = [
    {
      SPDXID: rootId,
      name,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "APPLICATION",
      comment: "the scanned targets, as a whole",
    },
  ];
  for (const p of packages) {
    const lic = licenseFields(p.license);
    if (lic.extracted) extracted.set(lic.extracted.licenseId, lic.extracted);
    const pkg: Json = {
      SPDXID: idOf.get(p),
      name: p.name,
    };
    if (p.version) pkg.versionInfo = p.version;
    pkg.downloadLocation =
      p.resolved && /^(https?|git\+|git:|ssh:)/.test(p.resolved) ? p.resolved : "NOASSERTION";
    pkg.filesAnalyzed = false;
    const checksums = hexHashes(p)
      .map((h) => ({ algorithm: spdxHashAlg(h.alg), checksumValue: h.value }))
      .filter((c) => c.algorithm !== undefined);
    if (checksums.length > 0) pkg.checksums = checksums;
    pkg.licenseConcluded = "NOASSERTION";
    pkg.licenseDeclared = lic.declared;
    pkg.copyrightText = "NOASSERTION";
    const refs: Json[] = [
      { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl },
    ];
    if (p.cpe)
      refs.push({
        referenceCategory: "SECURITY",
        referenceType: p.cpe.startsWith("cpe:2.3:") ? "cpe23Type" : "cpe22Type",
        referenceLocator: p.cpe,
      });
    pkg.externalRefs = refs;
    if (p.repository) pkg.sourceInfo = `source repository: ${p.repository}`;
    pkg.primaryPackagePurpose = "LIBRARY";
    spdxPackages.push(pkg);
  }
  const relationships: Json[] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: rootId },
  ];
  for (const p of packages)
    if (p.direct)
      relationships.push({
        spdxElementId: rootId,
        relationshipType: "DEPENDS_ON",
        relatedSpdxElement: idOf.get(p),
      });
  for (const p of packages) {
    const seen = new Set<string>();
    for (const d of p.dependencies ?? []) {
      const to = byPurl.get(d);
      if (!to || seen.has(to)) continue;
      seen.add(to);
      relationships.push({
        spdxElementId: idOf.get(p),
        relationshipType: "DEPENDS_ON",
        relatedSpdxElement: to,
      });
    }
  }
  const doc: Json = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name,
    documentNamespace: `https://spdx.org/spdxdocs/intake-${idPart(name)}-${hash.slice(0, 32)}`,
    creationInfo: {
      created: sbomTimestamp(result.generatedAt, options.deterministic),
      creators: [`Tool: intake-${result.tool.version}`],
    },
    packages: spdxPackages,
    relationships,
  };
  if (extracted.size > 0) doc.hasExtractedLicensingInfos = [...extracted.values()];
  return doc;
}

export const spdxReporter: Reporter = {
  id: "spdx",
  description: "SPDX 2.3 JSON SBOM",
  extension: "spdx.json",
  render(result, options) {
    return `${JSON.stringify(renderSpdx(result, options), null, 2)}\n`;
  },
};
