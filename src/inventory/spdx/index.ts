import { basename } from "node:path";
import { LineIndex } from "../read-input.ts";
import { jsonErrorPosition } from "../sbom-common.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";
import { extractSpdxPackages, type SpdxDocument } from "./extract.ts";
import { tagValueToJson } from "./tag-value.ts";

/**
 * SPDX 2.2 and 2.3 documents, JSON and tag-value. SPDX 3.0 (JSON-LD) is recognised and refused
 * with `unsupported-version`. There is no official SPDX 2.x schema in the installed packages, so
 * the document's shape is checked by hand at the boundary (checkShape) before anything is read.
 */

const NAME_PATTERNS = [/\.spdx\.json$/i, /\.spdx$/i, /\.spdx\.tv$/i];

export function looksLikeSpdxName(path: string): boolean {
  const b = basename(path);
  return NAME_PATTERNS.some((re) => re.test(b));
}

function fail(
  code: "schema-invalid" | "wrong-format" | "unsupported-version" | "malformed",
  msg: string,
  path: string,
) {
  return new InventoryError(code, msg, { file: path });
}

function checkVersion(version: unknown, path: string): void {
  if (typeof version !== "string")
    throw fail("wrong-format", "not an SPDX document: spdxVersion is missing", path);
  const m = /^SPDX-(\d+)\.(\d+)$/.exec(version.trim());
  if (!m) throw fail("schema-invalid", `spdxVersion '${version}' is not of the form SPDX-2.x`, path);
  if (m[1] !== "2" || !["2", "3"].includes(m[2]))
    throw fail(
      "unsupported-version",
      `SPDX version ${version.trim()} is not supported (supported: SPDX-2.2, SPDX-2.3)`,
      path,
    );
}

/** The structural checks of the SPDX 2.x JSON schema that matter for reading packages. */
function checkShape(doc: Record<string, unknown>, path: string): void {
  const where = (p: string, msg: string) => fail("schema-invalid", `${p}: ${msg}`, path);
  if (doc.SPDXID !== undefined && typeof doc.SPDXID !== "string") throw where("/SPDXID", "must be a string");
  if (doc.packages !== undefined) {
    if (!Array.isArray(doc.packages)) throw where("/packages", "must be an array");
    doc.packages.forEach((p, i) => {
      if (!p || typeof p !== "object" || Array.isArray(p)) throw where(`/packages/${i}`, "must be an object");
      const pkg = p as Record<string, unknown>;
      if (typeof pkg.SPDXID !== "string") throw where(`/packages/${i}/SPDXID`, "must be a string");
      if (typeof pkg.name !== "string") throw where(`/packages/${i}/name`, "must be a string");
      if (pkg.externalRefs !== undefined && !Array.isArray(pkg.externalRefs))
        throw where(`/packages/${i}/externalRefs`, "must be an array");
      if (pkg.checksums !== undefined && !Array.isArray(pkg.checksums))
        throw where(`/packages/${i}/checksums`, "must be an array");
    });
  }
  if (doc.relationships !== undefined && !Array.isArray(doc.relationships))
    throw where("/relationships", "must be an array");
  if (doc.documentDescribes !== undefined && !Array.isArray(doc.documentDescribes))
    throw where("/documentDescribes", "must be an array");
}

function parseJson(file: InputFile): ParseOutput {
  let doc: unknown;
  try {
    doc = JSON.parse(file.text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new InventoryError("malformed", `not valid JSON: ${msg}`, {
      file: file.path,
      ...jsonErrorPosition(msg, file.text),
      cause: e,
    });
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc))
    throw fail("wrong-format", "not an SPDX document: the top level is not an object", file.path);
  const obj = doc as Record<string, unknown>;
  if (obj["@context"] !== undefined || obj["@graph"] !== undefined) {
    throw fail(
      "unsupported-version",
      "this is an SPDX 3 (JSON-LD) document; only SPDX 2.2 and 2.3 are supported",
      file.path,
    );
  }
  if (obj.bomFormat === "CycloneDX")
    throw fail("wrong-format", "this is a CycloneDX document, not SPDX (use cyclonedx:PATH)", file.path);
  checkVersion(obj.spdxVersion, file.path);
  checkShape(obj, file.path);
  const lines = new LineIndex(file.text);
  let from = 0;
  const lineOf = (id: string) => {
    const needle = `"SPDXID": ${JSON.stringify(id)}`;
    const hit = lines.find(needle, from) ?? lines.find(needle, 0) ?? lines.find(JSON.stringify(id), 0);
    if (!hit) return undefined;
    from = hit.offset + 1;
    return hit.line;
  };
  const { packages, warnings } = extractSpdxPackages(obj as SpdxDocument, { path: file.path, lineOf });
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

function parseTagValue(file: InputFile): ParseOutput {
  const doc = tagValueToJson(file.text, file.path);
  checkVersion(doc.spdxVersion, file.path);
  const { packages, warnings } = extractSpdxPackages(doc, {
    path: file.path,
    lineOf: (id) => doc.packageLines.get(id),
  });
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export function parseSpdx(file: InputFile): ParseOutput {
  const head = file.text.trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return parseJson(file);
  if (head.startsWith("<")) {
    throw fail("unsupported-version", "SPDX RDF/XML is not supported; use SPDX JSON or tag-value", file.path);
  }
  if (!/^(SPDXVersion|#|[A-Za-z]+:)/.test(head))
    throw fail("wrong-format", "not an SPDX document: neither JSON nor tag-value", file.path);
  return parseTagValue(file);
}

export const spdxParser: InventoryParser = {
  id: "spdx",
  description: "SPDX 2.2/2.3 SBOM, JSON or tag-value (*.spdx.json, *.spdx, *.spdx.tv)",
  ecosystem: "mixed",
  matches: looksLikeSpdxName,
  parse: parseSpdx,
};
