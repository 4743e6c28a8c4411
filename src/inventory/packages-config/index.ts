import { XMLParser } from "fast-xml-parser";
import { normalizeName, type Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { LineIndex } from "../read-input.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";
import { parseXmlInput } from "../xml-input.ts";

/**
 * NuGet's older `packages.config`: `<packages><package id version targetFramework
 * developmentDependency/></packages>`. Every listed package is installed into the project and
 * the file does not say which ones the developer chose, so all are marked direct (the file is
 * the project's own declaration). `developmentDependency="true"` → scope dev. Lines come from
 * the XML parser's node positions.
 */

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const xml = new XMLParser({
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name: string) => name === "package",
});

export function parsePackagesConfig(file: InputFile): ParseOutput {
  const doc = parseXmlInput(file, xml);
  if (!isObject(doc) || !("packages" in doc)) {
    throw new InventoryError(
      "wrong-format",
      "not a NuGet packages.config: the root element is not <packages>",
      {
        file: file.path,
      },
    );
  }
  const root = doc.packages;
  const list = isObject(root) && Array.isArray(root.package) ? root.package : [];
  const lines = new LineIndex(file.text);
  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  for (const node of list) {
    if (!isObject(node)) continue;
    const at = (node as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex;
    const line = at === undefined ? undefined : lines.lineOfOffset(at);
    const id = typeof node.id === "string" ? node.id.trim() : "";
    const version = typeof node.version === "string" ? node.version.trim() : "";
    if (!id || !version) {
      warnings.push({
        code: "malformed",
        message: id ? `package '${id}' has no version; skipped` : "a <package> without an id was skipped",
        ...(line ? { line } : {}),
      });
      continue;
    }
    const dev = String(node.developmentDependency).toLowerCase() === "true";
    const pkg: Package = {
      ecosystem: "NuGet",
      name: id,
      version,
      purl: quickPurl("nuget", "NuGet", undefined, id, version),
      normalizedName: normalizeName("NuGet", id),
      direct: true,
      scopes: [dev ? "dev" : "prod"],
      locations: [line === undefined ? { path: file.path } : { path: file.path, line }],
      source: "registry",
    };
    if (typeof node.targetFramework === "string") pkg.meta = { targetFramework: node.targetFramework };
    packages.push(pkg);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const packagesConfigParser: InventoryParser = {
  id: "packages.config",
  description: "NuGet packages.config: installed packages with development-only flags",
  ecosystem: "NuGet",
  matches: (path: string) => fileName(path) === "packages.config",
  parse: parsePackagesConfig,
};
