import { XMLParser } from "fast-xml-parser";
import type { Hash, Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { LineIndex } from "../read-input.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";
import { parseXmlInput } from "../xml-input.ts";

/**
 * Gradle dependency verification (`gradle/verification-metadata.xml`): every module the build
 * fetched, with checksums of its artifacts. One package per `<component group name version>`;
 * its hashes are those of the main `.jar` artifact when there is one (else of the first artifact
 * with checksums), named in `meta.artifact`. `pgp` entries (key ids) are not hashes. The file
 * covers every configuration, plugins included, and marks neither scope nor direct
 * dependencies: packages are `prod` and not direct.
 */

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const HASH_ALGS = ["sha512", "sha256", "sha1", "md5"];

const xml = new XMLParser({
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  removeNSPrefix: true,
  isArray: (name: string) => name === "component" || name === "artifact" || HASH_ALGS.includes(name),
});

function asList(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

function hashesOf(artifact: Record<string, unknown>): Hash[] {
  const out: Hash[] = [];
  for (const alg of HASH_ALGS) {
    for (const h of asList(artifact[alg])) {
      if (typeof h.value === "string" && h.value) out.push({ alg, value: h.value.toLowerCase() });
    }
  }
  return out;
}

export function parseVerificationMetadata(file: InputFile): ParseOutput {
  const doc = parseXmlInput(file, xml);
  if (!isObject(doc) || !("verification-metadata" in doc)) {
    throw new InventoryError(
      "wrong-format",
      "not Gradle verification metadata: the root element is not <verification-metadata>",
      { file: file.path },
    );
  }
  const root = doc["verification-metadata"];
  const components = isObject(root) && isObject(root.components) ? asList(root.components.component) : [];
  const lines = new LineIndex(file.text);
  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  for (const c of components) {
    const at = (c as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex;
    const line = at === undefined ? undefined : lines.lineOfOffset(at);
    const group = typeof c.group === "string" ? c.group.trim() : "";
    const name = typeof c.name === "string" ? c.name.trim() : "";
    const version = typeof c.version === "string" ? c.version.trim() : "";
    if (!group || !name || !version) {
      const missing = !group ? "group" : !name ? "name" : "version";
      warnings.push({
        code: "malformed",
        message: `a <component> without a '${missing}' attribute was skipped`,
        ...(line ? { line } : {}),
      });
      continue;
    }
    const artifacts = asList(c.artifact);
    const withHashes = artifacts.filter((a) => hashesOf(a).length > 0);
    const main =
      withHashes.find((a) => typeof a.name === "string" && a.name.endsWith(".jar")) ?? withHashes[0];
    const pkg: Package = {
      ecosystem: "Maven",
      name: `${group}:${name}`,
      version,
      purl: quickPurl("maven", "Maven", group, name, version),
      normalizedName: `${group}:${name}`,
      direct: false,
      scopes: ["prod"],
      locations: [line === undefined ? { path: file.path } : { path: file.path, line }],
      source: "registry",
    };
    if (main) {
      pkg.hashes = hashesOf(main);
      if (typeof main.name === "string") pkg.meta = { artifact: main.name };
    }
    packages.push(pkg);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const gradleVerificationMetadataParser: InventoryParser = {
  id: "verification-metadata.xml",
  aliases: ["gradle-verification-metadata"],
  description:
    "Gradle dependency verification metadata (gradle/verification-metadata.xml): modules with checksums",
  ecosystem: "Maven",
  matches(path: string): boolean {
    return fileName(path) === "verification-metadata.xml" && /(^|[\\/])gradle[\\/][^\\/]+$/.test(path);
  },
  parse: parseVerificationMetadata,
};
