/**
 * bun.lock, Bun's text lockfile (JSON with comments and trailing commas; lockfileVersion 0 and 1).
 *
 * `packages` maps an install path (`name`, or `parent/name` when nested, aliases by their alias
 * name) to a tuple: `["name@1.2.3", registry, {dependencies...}, "sha512-..."]` for registry
 * packages, `["name@github:owner/repo#abc1234", {...}, "tag"]` for git, `["name@file:dir", {...}]`,
 * `["name@workspace:dir", {...}]`, `["name@link:dir", {...}]`.
 *
 * Decisions:
 * - `workspace:`, `link:` and folder `file:` entries are the project's own code: not listed; the
 *   dependencies each workspace declares (`workspaces`) are direct.
 * - Scopes: bun.lock does not mark dev/optional per package, so each package gets the scopes of
 *   the declared dependencies it is reached from (dependencies → prod, devDependencies → dev,
 *   optionalDependencies → optional, peerDependencies → peer).
 * - git entries use the commit after `#` as version (`meta.commit` holds it too); their version
 *   number is not recorded by Bun.
 * - Aliases: the install path's name differs from the tuple's name; the real name is listed and
 *   the alias kept in `meta.alias`.
 * - Tuples that are not `[string, ...]` are skipped with a warning.
 */
import { basename } from "node:path";
import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import {
  ForwardLines,
  findJsonObjectKey,
  isRecord,
  npmPackage,
  propagateScopes,
  sourceKindOf,
  splitDescriptor,
  str,
} from "../npm-common/npm-package.ts";
import { type InputFile, InventoryError, type InventoryParser } from "../types.ts";

export const bunLockParser: InventoryParser = {
  id: "bun.lock",
  description: "Bun text lockfile (bun.lock, lockfileVersion 0 and 1)",
  ecosystem: "npm",
  matches(path: string): boolean {
    return basename(path).toLowerCase() === "bun.lock";
  },
  parse(file: InputFile) {
    return parseBunLock(file);
  },
};

/**
 * Turn JSONC (comments, trailing commas) into JSON. Hand-written because it must not touch
 * string contents (`"//"` inside a URL) and must keep offsets simple; JSON.parse does the rest.
 * Comments become spaces and dropped commas a space, so the text keeps its length and lines.
 */
export function jsoncToJson(text: string): string {
  // Ranges to blank out: [from, to) pairs, comments and dangling commas.
  const blank: [number, number][] = [];
  const n = text.length;
  let i = 0;
  // Offset of the last comma seen outside strings and not yet followed by a value (-1 when none).
  let pendingComma = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      pendingComma = -1;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let end = text.indexOf("\n", i);
      if (end < 0) end = n;
      blank.push([i, end]);
      i = end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      let end = text.indexOf("*/", i + 2);
      end = end < 0 ? n : end + 2;
      blank.push([i, end]);
      i = end;
    } else if (c === 44 /* , */) {
      pendingComma = i;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (pendingComma >= 0) blank.push([pendingComma, pendingComma + 1]);
      pendingComma = -1;
      i++;
    } else {
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) pendingComma = -1;
      i++;
    }
  }
  if (blank.length === 0) return text;
  blank.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let last = 0;
  for (const [from, to] of blank) {
    parts.push(text.slice(last, from), text.slice(from, to).replace(/[^\n]/g, " "));
    last = to;
  }
  parts.push(text.slice(last));
  return parts.join("");
}

/** Install-path segments: `a/@s/b/c` → [`a`, `@s/b`, `c`]. */
function pathSegments(key: string): string[] {
  const raw = key.split("/");
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].startsWith("@") && i + 1 < raw.length) {
      out.push(`${raw[i]}/${raw[i + 1]}`);
      i++;
    } else out.push(raw[i]);
  }
  return out;
}

const DECLARED: [string, Scope][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

export function parseBunLock(file: InputFile): { packages: Package[]; warnings: ErrorInfo[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(jsoncToJson(file.text));
  } catch (e) {
    throw new InventoryError(
      "malformed",
      `not valid JSON (with comments and trailing commas): ${e instanceof Error ? e.message : String(e)}`,
      { file: file.path, cause: e },
    );
  }
  if (!isRecord(doc)) {
    throw new InventoryError("wrong-format", "not a bun.lock: the top level is not an object", {
      file: file.path,
    });
  }
  const version = doc.lockfileVersion;
  if (Object.keys(doc).length === 0) return { packages: [], warnings: [] }; // `{}`: nothing installed
  if (version === undefined) {
    throw new InventoryError("wrong-format", "not a bun.lock: there is no lockfileVersion", {
      file: file.path,
    });
  }
  if (version !== 0 && version !== 1) {
    throw new InventoryError(
      "unsupported-version",
      `lockfileVersion ${JSON.stringify(version)} is not supported (supported: 0, 1)`,
      { file: file.path },
    );
  }
  const packagesMap = isRecord(doc.packages) ? doc.packages : {};
  const warnings: ErrorInfo[] = [];
  const lines = new ForwardLines(file.text);
  let pos = Math.max(0, findJsonObjectKey(file.text, "packages", 0));

  const byKey = new Map<string, Package>();
  const depsOf = new Map<string, string[]>();
  /** Workspace package name → its folder, for resolving workspace members' declared deps. */
  const workspaceNames = new Map<string, string>();
  for (const key of Object.keys(packagesMap)) {
    const at = findJsonObjectKey(file.text, key, pos, 91 /* [ */);
    let line: number | undefined;
    if (at >= 0) {
      line = lines.lineAt(at);
      pos = at + key.length;
    }
    const tuple = packagesMap[key];
    if (!Array.isArray(tuple) || typeof tuple[0] !== "string") {
      warnings.push({
        code: "entry-skipped",
        message: `packages[${JSON.stringify(key)}] is not a [ "name@version", ... ] tuple`,
        ...(line ? { line } : {}),
      });
      continue;
    }
    const { name, range: ref } = splitDescriptor(tuple[0]);
    const info = tuple.slice(1, 3).find(isRecord) as Record<string, unknown> | undefined;
    const segs = pathSegments(key);
    const installName = segs[segs.length - 1];
    if (ref.startsWith("workspace:")) {
      workspaceNames.set(installName, ref.slice(10));
      continue;
    }
    if (ref.startsWith("link:") || (ref.startsWith("file:") && !/\.(tgz|tar\.gz|tar)$/.test(ref))) continue;
    const meta: Record<string, string | number | boolean> = {};
    let version: string;
    let resolved: string | undefined;
    let source: Package["source"];
    let integrity: string | undefined;
    const hash = ref.lastIndexOf("#");
    if (/^\d/.test(ref) && !ref.includes(":")) {
      version = ref;
      source = "registry";
      // The second element is the registry the package came from ("" = the default one).
      const registry = str(tuple[1]);
      if (registry) meta.registry = registry;
      integrity = str(tuple[3]);
    } else if (hash > 0 && (ref.startsWith("github:") || ref.startsWith("git") || ref.includes(".git"))) {
      version = ref.slice(hash + 1);
      meta.commit = version;
      resolved = ref;
      source = "git";
    } else {
      resolved = ref;
      source = sourceKindOf(ref) ?? "unknown";
      version = "";
    }
    if (!version) {
      warnings.push({ code: "entry-skipped", message: `${tuple[0]}: no version`, ...(line ? { line } : {}) });
      continue;
    }
    if (installName !== name) meta.alias = installName;
    byKey.set(
      key,
      npmPackage({
        name,
        version,
        path: file.path,
        line,
        scopes: ["prod"],
        integrity,
        resolved,
        source,
        meta,
      }),
    );
    const names: string[] = [];
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies"]) {
      const m = info?.[field];
      if (isRecord(m)) for (const n of Object.keys(m)) if (!names.includes(n)) names.push(n);
    }
    if (names.length) depsOf.set(key, names);
  }

  // Resolve a dependency name from an install path, walking up like Node's nested node_modules.
  const resolveFrom = (segs: string[], name: string): Package | undefined => {
    for (let depth = segs.length; depth >= 0; depth--) {
      const k = depth === 0 ? name : `${segs.slice(0, depth).join("/")}/${name}`;
      const hit = byKey.get(k);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const [key, names] of depsOf) {
    const pkg = byKey.get(key)!;
    const segs = pathSegments(key);
    const ids: string[] = [];
    for (const n of names) {
      const dep = resolveFrom(segs, n);
      if (dep && dep !== pkg && !ids.includes(dep.purl)) ids.push(dep.purl);
    }
    if (ids.length) pkg.dependencies = ids;
  }

  // Direct dependencies, declared by each workspace.
  const rootScopes = new Map<Package, Scope>();
  const folderToName = new Map<string, string>();
  for (const [n, folder] of workspaceNames) folderToName.set(folder, n);
  if (isRecord(doc.workspaces)) {
    for (const [folder, ws] of Object.entries(doc.workspaces)) {
      if (!isRecord(ws)) continue;
      const wsName = folder === "" ? undefined : (folderToName.get(folder) ?? str(ws.name));
      const base = wsName ? [wsName] : [];
      for (const [field, scope] of DECLARED) {
        const m = ws[field];
        if (!isRecord(m)) continue;
        for (const n of Object.keys(m)) {
          const pkg = resolveFrom(base, n);
          if (!pkg) continue;
          pkg.direct = true;
          const have = rootScopes.get(pkg);
          if (!have || scope === "prod") rootScopes.set(pkg, scope);
        }
      }
    }
  }
  const packages = [...byKey.values()];
  propagateScopes(packages, rootScopes);
  return { packages, warnings };
}
