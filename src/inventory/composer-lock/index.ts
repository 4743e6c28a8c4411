import { normalizeName, type Package, type SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject, parseJsonObject, str } from "../json-input.ts";
import { LineCursor, quickPurl } from "../line-cursor.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseContext,
  type ParseOutput,
} from "../types.ts";

/**
 * Composer's `composer.lock` (Packagist).
 *
 * - `packages` → scope prod, `packages-dev` → scope dev.
 * - Names are kept as written; `normalizedName` and the purl use the lower-case form (Packagist
 *   names are case-insensitive).
 * - Versions: Composer tags are often `v1.2.3`; OSV's Packagist records (e.g. the guzzle
 *   advisories) use `1.2.3`, and Composer itself treats the `v` as noise. We strip a leading
 *   `v`/`V` before a digit and keep the written form in `meta.versionAsWritten`.
 * - Direct: from `require` / `require-dev` of the `composer.json` beside the lock when present;
 *   otherwise every locked package that no other locked package requires (the root project must
 *   be what pulled it in — a fact, though it misses direct packages also required by others).
 * - Graph: each package's `require` (platform requirements such as `php`, `ext-*` dropped).
 * - `dist.shasum` (SHA-1 of the archive) → hashes; `source.reference` (commit) → `meta.reference`.
 */

function isPlatformPackage(name: string): boolean {
  return (
    name === "php" ||
    name === "hhvm" ||
    name.startsWith("php-") ||
    name.startsWith("ext-") ||
    name.startsWith("lib-") ||
    name === "composer" ||
    name === "composer-plugin-api" ||
    name === "composer-runtime-api"
  );
}

export function stripV(version: string): string {
  return /^[vV]\d/.test(version) ? version.slice(1) : version;
}

function sourceKind(entry: Record<string, unknown>): SourceKind {
  const dist = isObject(entry.dist) ? entry.dist : undefined;
  const source = isObject(entry.source) ? entry.source : undefined;
  if (str(dist?.type) === "path") return "file";
  // Packages served by a Composer repository carry the repository's notification URL.
  if (typeof entry["notification-url"] === "string") return "registry";
  if (str(source?.type) === "git") return "git";
  if (dist) return "url";
  return "unknown";
}

async function declaredDirect(ctx: ParseContext): Promise<Set<string> | undefined> {
  let manifest: InputFile | undefined;
  try {
    manifest = await ctx.readRelative("composer.json");
  } catch {
    return undefined;
  }
  if (!manifest) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(manifest.text);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  const out = new Set<string>();
  for (const key of ["require", "require-dev"]) {
    const req = data[key];
    if (isObject(req)) for (const name of Object.keys(req)) out.add(name.toLowerCase());
  }
  return out;
}

function purlOf(name: string, version: string): string {
  const slash = name.lastIndexOf("/");
  return slash < 0
    ? quickPurl("composer", "Packagist", undefined, name, version)
    : quickPurl("composer", "Packagist", name.slice(0, slash), name.slice(slash + 1), version);
}

export async function parseComposerLock(file: InputFile, ctx: ParseContext): Promise<ParseOutput> {
  const data = parseJsonObject(file, "composer.lock");
  // `{}` is an empty lock (tools write it for projects without dependencies), not another format.
  if (Object.keys(data).length === 0) return { packages: [] };
  const prod = data.packages;
  const dev = data["packages-dev"];
  if (prod === undefined && dev === undefined) {
    throw new InventoryError("wrong-format", "not a composer.lock: no 'packages' or 'packages-dev' list", {
      file: file.path,
    });
  }
  for (const [key, list] of [
    ["packages", prod],
    ["packages-dev", dev],
  ] as const) {
    if (list !== undefined && list !== null && !Array.isArray(list)) {
      throw new InventoryError("malformed", `'${key}' must be a list of packages`, { file: file.path });
    }
  }
  const warnings: ErrorInfo[] = [];
  const lines = new LineCursor(file.text);
  let cursor = 0;
  const lineOf = (name: string): number | undefined => {
    const quoted = JSON.stringify(name);
    const hit = lines.find(`"name": ${quoted}`, cursor) ?? lines.find(`"name":${quoted}`, cursor);
    if (!hit) return undefined;
    cursor = hit.offset + 1;
    return hit.line;
  };

  const packages: Package[] = [];
  const requires: string[][] = [];
  const byName = new Map<string, Package>();
  const groups: [unknown, "prod" | "dev"][] = [
    [prod, "prod"],
    [dev, "dev"],
  ];
  for (const [list, scope] of groups) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const name = isObject(entry) ? str(entry.name) : undefined;
      const written = isObject(entry) ? str(entry.version) : undefined;
      if (!isObject(entry) || !name || written === undefined) {
        warnings.push({
          code: "malformed",
          message: `${scope === "prod" ? "packages" : "packages-dev"}[${i}] has no name or version; skipped`,
        });
        continue;
      }
      const version = stripV(written);
      const normalizedName = normalizeName("Packagist", name);
      const line = lineOf(name);
      const pkg: Package = {
        ecosystem: "Packagist",
        name,
        version,
        purl: purlOf(normalizedName, version),
        normalizedName,
        direct: false,
        scopes: [scope],
        locations: [line === undefined ? { path: file.path } : { path: file.path, line }],
        source: sourceKind(entry),
      };
      const meta: Record<string, string> = {};
      if (version !== written) meta.versionAsWritten = written;
      const source = isObject(entry.source) ? entry.source : undefined;
      const dist = isObject(entry.dist) ? entry.dist : undefined;
      const reference = str(source?.reference) ?? str(dist?.reference);
      if (reference) meta.reference = reference;
      const distUrl = str(dist?.url);
      const sourceUrl = str(source?.url);
      if (distUrl) pkg.resolved = distUrl;
      else if (sourceUrl) pkg.resolved = reference ? `${sourceUrl}#${reference}` : sourceUrl;
      const shasum = str(dist?.shasum);
      if (shasum) pkg.hashes = [{ alg: "sha1", value: shasum.toLowerCase() }];
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      const req = isObject(entry.require) ? Object.keys(entry.require) : [];
      packages.push(pkg);
      requires.push(req.map((r) => r.toLowerCase()).filter((r) => !isPlatformPackage(r)));
      if (!byName.has(normalizedName)) byName.set(normalizedName, pkg);
    }
  }

  const required = new Set<string>();
  for (let i = 0; i < packages.length; i++) {
    const deps: string[] = [];
    for (const r of requires[i]) {
      const target = byName.get(r);
      if (!target || target === packages[i]) continue;
      required.add(r);
      deps.push(target.purl);
    }
    if (deps.length > 0) packages[i].dependencies = deps;
  }
  const declared = await declaredDirect(ctx);
  for (const p of packages) {
    p.direct = declared ? declared.has(p.normalizedName) : !required.has(p.normalizedName);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const composerLockParser: InventoryParser = {
  id: "composer.lock",
  description: "PHP Composer lockfile: prod and dev packages, sources, dist checksums, graph",
  ecosystem: "Packagist",
  matches: (path: string) => fileName(path) === "composer.lock",
  parse: parseComposerLock,
};
