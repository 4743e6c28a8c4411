import { isMap, isScalar, parseDocument, type YAMLMap } from "yaml";
import type { Package, Scope, SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject, str } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { LineIndex } from "../read-input.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";

/**
 * Dart/Flutter `pubspec.lock` (YAML, read with the `yaml` library's document API so each
 * package's line is known).
 *
 * `dependency`: `direct main` → direct, prod · `direct dev` → direct, dev · `direct overridden`
 * → direct, prod · `transitive` → not direct, prod (the lockfile does not say whether a
 * transitive package is reached only through dev dependencies).
 * `source`: `hosted` → registry (the `description.url` kept in meta.hostedUrl, `sha256` →
 * hashes) · `git` → git, resolved `url#resolved-ref` · `path` → file · `sdk` (flutter,
 * flutter_test... shipped with the SDK, not fetched) → left out.
 */

interface Entry {
  name: string;
  line: number | undefined;
  value: Record<string, unknown>;
}

function scopeOf(dep: string | undefined): { direct: boolean; scope: Scope } {
  switch (dep) {
    case "direct main":
    case "direct overridden":
      return { direct: true, scope: "prod" };
    case "direct dev":
      return { direct: true, scope: "dev" };
    default:
      return { direct: false, scope: "prod" };
  }
}

export function parsePubspecLock(file: InputFile): ParseOutput {
  const doc = parseDocument(file.text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new InventoryError("malformed", `not valid YAML: ${err.message.split("\n")[0]}`, {
      file: file.path,
      ...(err.linePos?.[0] ? { line: err.linePos[0].line, column: err.linePos[0].col } : {}),
    });
  }
  const root = doc.contents;
  if (!isMap(root) || !root.has("packages")) {
    throw new InventoryError("wrong-format", "not a pubspec.lock: no top-level 'packages' map", {
      file: file.path,
    });
  }
  const pkgsNode = root.get("packages", true);
  if (!isMap(pkgsNode)) {
    throw new InventoryError("malformed", "'packages' must be a map of package names", { file: file.path });
  }
  const lines = new LineIndex(file.text);
  const entries: Entry[] = [];
  for (const pair of (pkgsNode as YAMLMap).items) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const name = key ? String(key.value) : "";
    const line = key?.range ? lines.lineOfOffset(key.range[0]) : undefined;
    const value = isMap(pair.value) ? pair.value.toJSON() : undefined;
    entries.push({ name, line, value });
  }

  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  for (const { name, line, value } of entries) {
    const where = line ? { line } : {};
    if (!name || !isObject(value)) {
      warnings.push({
        code: "malformed",
        message: `entry '${name}' is not a package map; skipped`,
        ...where,
      });
      continue;
    }
    const source = str(value.source);
    if (source === "sdk") continue;
    const version = value.version === undefined ? undefined : String(value.version);
    if (!version) {
      warnings.push({ code: "malformed", message: `package '${name}' has no version; skipped`, ...where });
      continue;
    }
    const { direct, scope } = scopeOf(str(value.dependency));
    const desc = isObject(value.description) ? value.description : {};
    let kind: SourceKind = "unknown";
    let resolved: string | undefined;
    const meta: Record<string, string> = {};
    if (source === "hosted") {
      kind = "registry";
      const url = str(desc.url);
      if (url) meta.hostedUrl = url;
    } else if (source === "git") {
      kind = "git";
      const url = str(desc.url);
      const commit = str(desc["resolved-ref"]);
      if (url) resolved = commit ? `${url}#${commit}` : url;
      if (commit) meta.commit = commit;
      if (str(desc.ref)) meta.ref = str(desc.ref) as string;
      if (str(desc.path) && desc.path !== ".") meta.path = str(desc.path) as string;
    } else if (source === "path") {
      kind = "file";
      resolved = str(desc.path);
    }
    const pkg: Package = {
      ecosystem: "Pub",
      name,
      version,
      purl: quickPurl("pub", "Pub", undefined, name, version),
      normalizedName: name,
      direct,
      scopes: [scope],
      locations: [line === undefined ? { path: file.path } : { path: file.path, line }],
      source: kind,
    };
    if (resolved) pkg.resolved = resolved;
    const sha = str(desc.sha256);
    if (sha) pkg.hashes = [{ alg: "sha256", value: sha.toLowerCase() }];
    if (Object.keys(meta).length > 0) pkg.meta = meta;
    packages.push(pkg);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const pubspecLockParser: InventoryParser = {
  id: "pubspec.lock",
  description: "Dart/Flutter pubspec.lock: hosted, git and path packages, direct main/dev",
  ecosystem: "Pub",
  matches: (path: string) => fileName(path) === "pubspec.lock",
  parse: parsePubspecLock,
};
