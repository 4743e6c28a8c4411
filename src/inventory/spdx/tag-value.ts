import { InventoryError } from "../types.ts";
import type { SpdxDocument, SpdxPackage } from "./extract.ts";

/**
 * SPDX 2.x tag-value → the JSON document shape (only the parts Intake reads: document header,
 * packages with their checksums, licences and external references, and relationships).
 * Written by hand because no maintained JavaScript tag-value parser exists; the syntax is
 * `Tag: value` lines, `<text>...</text>` for values spanning lines, `#` comments.
 */

interface Line {
  tag: string;
  value: string;
  line: number;
}

function* tagLines(text: string, path: string): Generator<Line> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const colon = raw.indexOf(":");
    if (colon <= 0) {
      throw new InventoryError("malformed", `line ${i + 1} is not 'Tag: value': '${trimmed.slice(0, 60)}'`, {
        file: path,
        line: i + 1,
      });
    }
    const tag = raw.slice(0, colon).trim();
    let value = raw.slice(colon + 1).trim();
    const start = i + 1;
    if (value.startsWith("<text>")) {
      value = value.slice("<text>".length);
      const parts: string[] = [];
      let closed = false;
      for (;;) {
        const end = value.indexOf("</text>");
        if (end >= 0) {
          parts.push(value.slice(0, end));
          closed = true;
          break;
        }
        parts.push(value);
        i++;
        if (i >= lines.length) break;
        value = lines[i];
      }
      if (!closed) {
        throw new InventoryError("malformed", `<text> opened on line ${start} is never closed`, {
          file: path,
          line: start,
        });
      }
      value = parts.join("\n");
    }
    yield { tag, value, line: start };
  }
}

/** Parse tag-value text; throws `malformed` for lines that are not tag-value. */
export function tagValueToJson(
  text: string,
  path: string,
): SpdxDocument & { packageLines: Map<string, number> } {
  const doc: SpdxDocument = { packages: [], relationships: [] };
  const packageLines = new Map<string, number>();
  let pkg: (SpdxPackage & { _line?: number }) | undefined;
  /** Whether the SPDXID tag that follows belongs to a package (true) or to the document/a file. */
  let section: "document" | "package" | "other" = "document";
  const finishPackage = () => {
    if (pkg) {
      doc.packages?.push(pkg);
      if (pkg.SPDXID && pkg._line !== undefined) packageLines.set(pkg.SPDXID, pkg._line);
      delete pkg._line;
    }
    pkg = undefined;
  };
  for (const { tag, value, line } of tagLines(text, path)) {
    switch (tag) {
      case "SPDXVersion":
        doc.spdxVersion = value;
        break;
      case "DocumentName":
        doc.name = value;
        break;
      case "DocumentNamespace":
        doc.documentNamespace = value;
        break;
      case "PackageName":
        finishPackage();
        pkg = { name: value, _line: line };
        section = "package";
        break;
      case "FileName":
      case "SnippetSPDXID":
      case "LicenseID":
        finishPackage();
        section = "other";
        break;
      case "SPDXID":
        if (section === "package" && pkg) pkg.SPDXID = value;
        else if (section === "document") doc.SPDXID = value;
        break;
      case "PackageVersion":
        if (pkg) pkg.versionInfo = value;
        break;
      case "PackageChecksum":
        if (pkg) {
          const m = /^([A-Za-z0-9_-]+)\s*:\s*(\S+)$/.exec(value);
          if (m) {
            pkg.checksums ??= [];
            pkg.checksums.push({ algorithm: m[1], checksumValue: m[2] });
          }
        }
        break;
      case "PackageLicenseConcluded":
        if (pkg) pkg.licenseConcluded = value;
        break;
      case "PackageLicenseDeclared":
        if (pkg) pkg.licenseDeclared = value;
        break;
      case "PackageDownloadLocation":
        if (pkg) pkg.downloadLocation = value;
        break;
      case "PrimaryPackagePurpose":
        if (pkg) pkg.primaryPackagePurpose = value;
        break;
      case "ExternalRef":
        if (pkg) {
          const parts = value.split(/\s+/);
          if (parts.length >= 3) {
            pkg.externalRefs ??= [];
            pkg.externalRefs.push({
              referenceCategory: parts[0],
              referenceType: parts[1],
              referenceLocator: parts.slice(2).join(" "),
            });
          }
        }
        break;
      case "Relationship": {
        const parts = value.split(/\s+/);
        if (parts.length >= 3)
          doc.relationships?.push({
            spdxElementId: parts[0],
            relationshipType: parts[1],
            relatedSpdxElement: parts[2],
          });
        break;
      }
      default:
        break;
    }
  }
  finishPackage();
  return { ...doc, packageLines };
}
