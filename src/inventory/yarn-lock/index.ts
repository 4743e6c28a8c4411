/**
 * yarn.lock, both the classic v1 format (`# yarn lockfile v1`, `key "value"` lines) and Berry
 * (yarn 2+, YAML with `__metadata`, `resolution: "name@npm:1.2.3"`).
 *
 * Read with our own one-pass line reader rather than @yarnpkg/parsers' `parseSyml`: both
 * formats are a fixed three-level indentation layout, a line reader gives every entry's line
 * number for free, and it is several times faster than the generic parsers (see
 * docs/benchmarks.md). Malformed lines become an InventoryError with the line.
 *
 * Decisions:
 * - Berry `workspace:` entries are the project itself (not listed); what they depend on is direct.
 *   `portal:` and `link:` entries are local folders (not listed either). `patch:` entries are the
 *   patched registry package (listed with `meta.patched`). git resolutions keep `meta.commit`.
 * - Aliases (`alias@npm:real@^1`): the real package is listed, the alias kept in `meta.alias`.
 * - yarn.lock does not record dev/optional. Scopes and v1's direct dependencies come from the
 *   package.json beside the lockfile (and, for Berry, each workspace's package.json): a package
 *   gets the scopes of the direct dependencies it is reached from. Without a manifest every
 *   package is `prod`, and v1's direct packages are those no other entry depends on.
 * - Berry `checksum` is yarn's hash of its cache archive, not of the registry tarball: kept as
 *   `integrity` (as the lockfile spells it) but not as a tarball hash.
 */
import { basename } from "node:path";
import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import {
  commitOf,
  type DeclaredDep,
  manifestDeps,
  npmPackage,
  parseNpmAlias,
  propagateScopes,
  readSiblingManifest,
  sourceKindOf,
  splitDescriptor,
} from "../npm-common/npm-package.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseContext } from "../types.ts";

/** One `descriptor(s):` block with its fields and nested maps. */
export interface YarnBlock {
  descriptors: string[];
  line: number;
  fields: Map<string, string>;
  maps: Map<string, Map<string, string>>;
}

export const yarnLockParser: InventoryParser = {
  id: "yarn.lock",
  description: "yarn lockfile, classic v1 and Berry (yarn 2+)",
  ecosystem: "npm",
  matches(path: string): boolean {
    return basename(path).toLowerCase() === "yarn.lock";
  },
  parse(file: InputFile, ctx: ParseContext) {
    return parseYarnLock(file, ctx);
  },
};

function unquote(s: string): string {
  if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) {
    const inner = s.slice(1, -1);
    if (!inner.includes("\\")) return inner;
    try {
      return JSON.parse(s) as string;
    } catch {
      return inner;
    }
  }
  if (s.length >= 2 && s.charCodeAt(0) === 39 && s.charCodeAt(s.length - 1) === 39) return s.slice(1, -1);
  return s;
}

/** Split `key value`, `key: value`, `"key" "value"`, `key:` into key and (unquoted) value. */
function keyValue(s: string): [string, string, boolean] | undefined {
  let key: string;
  let rest: string;
  if (s.charCodeAt(0) === 34) {
    let i = 1;
    while (i < s.length && s.charCodeAt(i) !== 34) i += s.charCodeAt(i) === 92 ? 2 : 1;
    if (i >= s.length) return undefined;
    key = unquote(s.slice(0, i + 1));
    rest = s.slice(i + 1);
  } else {
    const sp = s.indexOf(" ");
    if (sp < 0) {
      if (s.endsWith(":")) return [s.slice(0, -1), "", true];
      return undefined;
    }
    key = s.charCodeAt(sp - 1) === 58 ? s.slice(0, sp - 1) : s.slice(0, sp);
    rest = s.slice(sp);
  }
  rest = rest.trim();
  if (rest.charCodeAt(0) === 58) rest = rest.slice(1).trim();
  if (rest === "") return [key, "", true];
  return [key, unquote(rest), false];
}

/** Read the block structure of a v1 or Berry yarn.lock, one pass over the lines. */
export function readYarnBlocks(text: string, file: string): { blocks: YarnBlock[]; metadata?: YarnBlock } {
  const blocks: YarnBlock[] = [];
  let metadata: YarnBlock | undefined;
  let current: YarnBlock | undefined;
  let map: Map<string, string> | undefined;
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = n;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    let indent = 0;
    while (indent < line.length && line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    if (indent === 0) {
      if (!line.endsWith(":")) {
        const c = line.charCodeAt(0);
        if (c === 123 || c === 91) {
          throw new InventoryError("wrong-format", "not a yarn.lock: the file looks like JSON", {
            file,
            line: lineNo,
          });
        }
        throw new InventoryError(
          "malformed",
          `expected an entry header ending with ':' but found ${JSON.stringify(line.slice(0, 60))}`,
          {
            file,
            line: lineNo,
          },
        );
      }
      const header = line.slice(0, -1);
      const descriptors = header
        .split(",")
        .map((d) => {
          let t = d.trim();
          if (t.startsWith('"')) t = t.slice(1);
          if (t.endsWith('"')) t = t.slice(0, -1);
          return t;
        })
        .filter((d) => d !== "");
      current = { descriptors, line: lineNo, fields: new Map(), maps: new Map() };
      map = undefined;
      if (header === "__metadata") metadata = current;
      else blocks.push(current);
      continue;
    }
    if (!current) {
      throw new InventoryError("malformed", "an indented line comes before any entry", {
        file,
        line: lineNo,
      });
    }
    const kv = keyValue(line.slice(indent));
    if (!kv) {
      throw new InventoryError("malformed", `cannot read ${JSON.stringify(line.trim().slice(0, 60))}`, {
        file,
        line: lineNo,
      });
    }
    if (indent <= 2) {
      if (kv[2]) {
        map = new Map();
        current.maps.set(kv[0], map);
      } else {
        current.fields.set(kv[0], kv[1]);
        map = undefined;
      }
    } else if (indent <= 4 && map) {
      map.set(kv[0], kv[1]);
    }
    // Deeper levels (dependenciesMeta flags and the like) are not needed.
  }
  return { blocks, metadata };
}

export { splitDescriptor };

export async function parseYarnLock(
  file: InputFile,
  ctx?: ParseContext,
): Promise<{ packages: Package[]; warnings: ErrorInfo[] }> {
  const { blocks, metadata } = readYarnBlocks(file.text, file.path);
  const berry = metadata !== undefined;
  const warnings: ErrorInfo[] = [];
  const byDescriptor = new Map<string, number>();
  blocks.forEach((b, i) => {
    for (const d of b.descriptors) byDescriptor.set(d, i);
  });

  const pkgOf: (Package | undefined)[] = new Array(blocks.length);
  /** Berry workspace blocks: index and folder. */
  const workspaces: { index: number; folder: string }[] = [];

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const pkg = berry ? berryPackage(b, file.path, warnings) : v1Package(b, file.path, warnings);
    if (pkg === "workspace") {
      const res = b.fields.get("resolution") ?? "";
      const folder = res.slice(res.indexOf("@workspace:") + 11);
      workspaces.push({ index: i, folder });
    } else if (pkg) pkgOf[i] = pkg;
  }

  const lookup = (name: string, range: string): number | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);

  // Graph edges.
  const dependedOn = new Set<number>();
  for (let i = 0; i < blocks.length; i++) {
    const pkg = pkgOf[i];
    if (!pkg) continue;
    const ids: string[] = [];
    for (const field of ["dependencies", "optionalDependencies"]) {
      const deps = blocks[i].maps.get(field);
      if (!deps) continue;
      for (const [name, range] of deps) {
        const j = lookup(name, range);
        const dep = j === undefined ? undefined : pkgOf[j];
        if (!dep || j === i) continue;
        dependedOn.add(j!);
        if (!ids.includes(dep.purl)) ids.push(dep.purl);
      }
    }
    if (ids.length) pkg.dependencies = ids;
  }

  // Direct dependencies and their scopes.
  const rootScopes = new Map<Package, Scope>();
  // A manifest edited after the last install may declare a range no entry records; when only one
  // entry has that name, it is still the one installed.
  const onlyEntryNamed = (name: string): number | undefined => {
    let found: number | undefined;
    for (let i = 0; i < blocks.length; i++) {
      if (!pkgOf[i] || !blocks[i].descriptors.some((d) => d.startsWith(`${name}@`))) continue;
      if (found !== undefined) return undefined;
      found = i;
    }
    return found;
  };
  const markDirect = (name: string, range: string, declared: Map<string, DeclaredDep> | undefined) => {
    const j = lookup(name, range) ?? (declared ? onlyEntryNamed(name) : undefined);
    const pkg = j === undefined ? undefined : pkgOf[j];
    if (!pkg) return;
    pkg.direct = true;
    const scope = declared?.get(name)?.scope ?? "prod";
    const have = rootScopes.get(pkg);
    // prod wins over the others when a package is declared twice (by two workspaces).
    if (!have || scope === "prod") rootScopes.set(pkg, scope);
  };
  if (berry) {
    for (const ws of workspaces) {
      const rel = ws.folder === "." || ws.folder === "" ? "package.json" : `${ws.folder}/package.json`;
      // Only read manifests inside the project: a lockfile must not make us read files elsewhere.
      const inside = !rel.startsWith("/") && !rel.split(/[\\/]/).includes("..");
      const manifest = inside ? await readSiblingManifest(ctx?.readRelative, rel, warnings) : undefined;
      const declared = manifest === undefined ? undefined : manifestDeps(manifest);
      const b = blocks[ws.index];
      for (const field of ["dependencies", "optionalDependencies", "devDependencies"]) {
        for (const [name, range] of b.maps.get(field) ?? []) markDirect(name, range, declared);
      }
    }
  } else {
    const manifest = await readSiblingManifest(ctx?.readRelative, "package.json", warnings);
    if (manifest !== undefined) {
      const declared = manifestDeps(manifest);
      for (const [name, d] of declared) markDirect(name, d.range, declared);
    } else {
      for (let i = 0; i < blocks.length; i++) {
        const pkg = pkgOf[i];
        if (pkg && !dependedOn.has(i)) pkg.direct = true;
      }
    }
  }
  const packages = pkgOf.filter((p): p is Package => p !== undefined);
  if (rootScopes.size > 0) propagateScopes(packages, rootScopes);
  return { packages, warnings };
}

function v1Package(b: YarnBlock, path: string, warnings: ErrorInfo[]): Package | undefined {
  const { name: declaredName, range } = splitDescriptor(b.descriptors[0] ?? "");
  const version = b.fields.get("version");
  if (!version) {
    warnings.push({
      code: "entry-skipped",
      message: `${b.descriptors.join(", ")}: no version`,
      line: b.line,
    });
    return undefined;
  }
  let name = declaredName;
  const meta: Record<string, string | number | boolean> = {};
  const alias = parseNpmAlias(range);
  if (alias && alias.name !== declaredName) {
    name = alias.name;
    meta.alias = declaredName;
  }
  const resolved = b.fields.get("resolved");
  if (range.startsWith("file:") && !resolved) return undefined; // a local folder
  const source = sourceKindOf(resolved) ?? (range.startsWith("file:") ? "file" : undefined);
  if (source === "git") {
    const commit = commitOf(resolved);
    if (commit) meta.commit = commit;
  }
  return npmPackage({
    name,
    version,
    path,
    line: b.line,
    scopes: ["prod"],
    integrity: b.fields.get("integrity"),
    resolved,
    source,
    meta,
  });
}

function berryPackage(b: YarnBlock, path: string, warnings: ErrorInfo[]): Package | "workspace" | undefined {
  const resolution = b.fields.get("resolution");
  if (!resolution) {
    warnings.push({
      code: "entry-skipped",
      message: `${b.descriptors.join(", ")}: no resolution`,
      line: b.line,
    });
    return undefined;
  }
  const { name, range: ref } = splitDescriptor(resolution);
  if (ref.startsWith("workspace:")) return "workspace";
  if (ref.startsWith("portal:") || ref.startsWith("link:")) return undefined; // local folders
  const meta: Record<string, string | number | boolean> = {};
  let version = b.fields.get("version") ?? "";
  let source: Package["source"];
  if (ref.startsWith("npm:")) {
    version ||= ref.slice(4);
    source = "registry";
  } else if (ref.startsWith("patch:")) {
    meta.patched = true;
    source = ref.includes("@npm%3A") ? "registry" : "unknown";
  } else if (ref.startsWith("file:")) {
    source = "file";
  } else {
    const commit = commitOf(ref);
    if (commit) meta.commit = commit;
    source =
      commit || /\.git(#|$)/.test(ref) || ref.startsWith("git") ? "git" : (sourceKindOf(ref) ?? "unknown");
  }
  if (!version) {
    warnings.push({ code: "entry-skipped", message: `${resolution}: no version`, line: b.line });
    return undefined;
  }
  const declared = splitDescriptor(b.descriptors[0] ?? "").name;
  if (declared && declared !== name) meta.alias = declared;
  return npmPackage({
    name,
    version,
    path,
    line: b.line,
    scopes: ["prod"],
    integrity: b.fields.get("checksum"),
    resolved: ref.startsWith("npm:") ? undefined : ref,
    source,
    meta,
  });
}
