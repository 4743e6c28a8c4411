import { basename } from "node:path";
import { jsonErrorPosition } from "../sbom-common.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";
import { type CdxBom, extractPackages } from "./extract.ts";
import { isCdxSchemaVersion, validateCdx } from "./schema.ts";
import { xmlToCdxJson } from "./xml.ts";

/**
 * CycloneDX SBOMs, spec versions 1.2–1.7, JSON and XML. Every document is validated against the
 * official JSON schema of its version before anything is read from it; XML documents are first
 * mapped to the JSON shape (see xml.ts and docs/decisions.md).
 */

const NAME_PATTERNS = [/\.cdx\.(json|xml)$/i, /^bom\.(json|xml)$/i, /\.cyclonedx\.(json|xml)$/i];

export function looksLikeCycloneDxName(path: string): boolean {
  const b = basename(path);
  return NAME_PATTERNS.some((re) => re.test(b));
}

export interface CycloneDxOptions {
  /**
   * `strict` (the default): a document that fails its schema is refused (`schema-invalid`).
   * `warn`: the schema failure becomes a warning and the packages are still read, for SBOMs
   * from tools that write slightly wrong documents (an empty metadata.component.type, say).
   */
  schema?: "strict" | "warn";
}

/** Parse and validate a CycloneDX document held in a string. */
export function parseCycloneDx(file: InputFile, options: CycloneDxOptions = {}): ParseOutput {
  const text = file.text;
  const first = text.trimStart()[0];
  const isXml = first === "<";
  let doc: unknown;
  if (isXml) {
    doc = xmlToCdxJson(text, file.path);
  } else {
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new InventoryError("malformed", `not valid JSON: ${msg}`, {
        file: file.path,
        ...jsonErrorPosition(msg, text),
        cause: e,
      });
    }
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new InventoryError("wrong-format", "not a CycloneDX document: the top level is not an object", {
      file: file.path,
    });
  }
  const bom = doc as Record<string, unknown>;
  if (bom.bomFormat !== "CycloneDX") {
    if (typeof bom.spdxVersion === "string" || typeof bom.SPDXID === "string")
      throw new InventoryError("wrong-format", "this is an SPDX document, not CycloneDX (use spdx:PATH)", {
        file: file.path,
      });
    throw new InventoryError(
      "wrong-format",
      `not a CycloneDX document: bomFormat is ${bom.bomFormat === undefined ? "missing" : `'${String(bom.bomFormat)}'`}, expected 'CycloneDX'`,
      { file: file.path },
    );
  }
  const spec = bom.specVersion;
  if (!isCdxSchemaVersion(spec)) {
    throw new InventoryError(
      "unsupported-version",
      `CycloneDX specVersion ${spec === undefined ? "is missing" : `'${String(spec)}' is not supported`} (supported: 1.2 to 1.7)`,
      { file: file.path },
    );
  }
  const problem = validateCdx(spec, doc);
  const schemaMessage = `does not match the CycloneDX ${spec} schema: ${problem}`;
  if (problem && options.schema !== "warn") {
    throw new InventoryError("schema-invalid", schemaMessage, { file: file.path });
  }
  const { packages, warnings } = extractPackages(doc as CdxBom, { path: file.path, text, xml: isXml });
  if (problem) warnings.unshift({ code: "schema-invalid", message: schemaMessage });
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const cyclonedxParser: InventoryParser = {
  id: "cyclonedx",
  aliases: ["cdx"],
  description:
    "CycloneDX SBOM 1.2–1.7, JSON or XML (*.cdx.json, *.cdx.xml, bom.json, bom.xml), schema-validated",
  ecosystem: "mixed",
  matches: looksLikeCycloneDxName,
  parse: (file, ctx) => parseCycloneDx(file, { schema: ctx?.sbomSchema ?? "strict" }),
};
