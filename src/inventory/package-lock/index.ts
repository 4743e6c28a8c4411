/**
 * package-lock.json (lockfileVersion 1, 2, 3) and npm-shrinkwrap.json (same format).
 *
 * Decisions (also in docs/inventory-javascript.md):
 * - v2/v3 are read from `packages`; v1 (or a v2 file that only has `dependencies`) from the
 *   nested `dependencies` tree, which is first flattened into the same `node_modules/a/node_modules/b`
 *   keys so that both share one resolution and graph pass.
 * - The root package (`""`) and every local folder entry (workspace packages, `file:` folders: keys
 *   outside any `node_modules/`) are the project's own code: they are not emitted, and the entries
 *   that merely link to them (`link: true`) are skipped too. The dependencies they declare are the
 *   project's direct dependencies.
 * - v1 files do not record the root's declared dependencies: they are read from the package.json
 *   beside the lockfile when there is one; otherwise the direct packages are the top-level entries
 *   that no other package requires (a lower bound).
 * - Aliases (`"node_modules/foo": {"name": "bar"}`, v1 `"version": "npm:bar@1.0.0"`): the real
 *   package (`bar`) is what is consumed; the alias is kept in `meta.alias`.
 * - Scopes: `dev` → dev, `optional` → optional, `devOptional` → dev + optional, `peer` → peer,
 *   none of them → prod. `inBundle` → `meta.bundled`, `hasInstallScript` → `meta.hasInstallScript`,
 *   `license` (v2/v3) → `license`.
 * - git dependencies whose version is not recorded (v1 keeps only the git URL) use the commit
 *   hash as version; `meta.commit` carries it in every case.
 */
import { basename } from "node:path";
import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import {
  commitOf,
  ForwardLines,
  findJsonObjectKey,
  isGitSpec,
  isRecord,
  npmPackage,
  parseJsonOrThrow,
  parseNpmAlias,
  sourceKindOf,
  str,
  stringMap,
} from "../npm-common/npm-package.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseContext } from "../types.ts";

const NAMES = new Set(["package-lock.json", "npm-shrinkwrap.json"]);

/** One entry, normalized from either the v1 tree or the v2/v3 `packages` map. */
interface Entry {
  key: string;
  raw: Record<string, unknown>;
  line?: number;
  /** The folder it is installed in (`""` for the project root, `node_modules/a` when nested). */
  base: string;
  /** The name it is installed under (the alias for aliased packages); "" for project folders. */
  installName: string;
  pkg?: Package;
  /** The entry of the folder it is installed in (the root pseudo-entry for top-level ones). */
  parent?: Entry;
  /** What is installed in its own `node_modules`, by name. */
  children?: Map<string, Entry>;
}

/** Split an entry key into its folder and installed name (`a/node_modules/@s/b` → `a`, `@s/b`). */
function makeEntry(key: string, raw: Record<string, unknown>, line: number | undefined): Entry {
  const i = key.lastIndexOf("node_modules/");
  if (i < 0) return { key, raw, line, base: "", installName: "" };
  return { key, raw, line, base: i === 0 ? "" : key.slice(0, i - 1), installName: key.slice(i + 13) };
}

export const packageLockParser: InventoryParser = {
  id: "package-lock.json",
  aliases: ["npm-shrinkwrap.json"],
  description: "npm lockfile, lockfileVersion 1, 2 and 3 (also npm-shrinkwrap.json)",
  ecosystem: "npm",
  matches(path: string): boolean {
    return NAMES.has(basename(path).toLowerCase());
  },
  parse(file: InputFile, ctx: ParseContext) {
    return parsePackageLock(file, ctx);
  },
};

export async function parsePackageLock(
  file: InputFile,
  ctx?: ParseContext,
): Promise<{ packages: Package[]; warnings: ErrorInfo[] }> {
  const doc = parseJsonOrThrow(file.text, file.path);
  if (!isRecord(doc)) {
    throw new InventoryError("wrong-format", "not a package-lock.json: the top level is not a JSON object", {
      file: file.path,
    });
  }
  const version = doc.lockfileVersion;
  const packagesMap = doc.packages;
  const depsTree = doc.dependencies;
  if (version === undefined) {
    // Shrinkwrap files from npm < 5 have no lockfileVersion but do have a v1 tree of objects.
    const looksV1 = isRecord(depsTree) && Object.values(depsTree).some((v) => isRecord(v));
    if (!looksV1) {
      throw new InventoryError(
        "wrong-format",
        "not a package-lock.json: there is no lockfileVersion" +
          (typeof doc.name === "string" || isRecord(doc.devDependencies)
            ? " (this looks like a package.json; give its lockfile instead)"
            : ""),
        { file: file.path },
      );
    }
  } else if (typeof version !== "number" || ![1, 2, 3].includes(version)) {
    throw new InventoryError(
      "unsupported-version",
      `lockfileVersion ${JSON.stringify(version)} is not supported (supported: 1, 2, 3)`,
      { file: file.path },
    );
  }
  if (packagesMap !== undefined && !isRecord(packagesMap)) {
    throw new InventoryError("wrong-format", "`packages` is not an object", { file: file.path });
  }
  if (depsTree !== undefined && !isRecord(depsTree)) {
    throw new InventoryError("wrong-format", "`dependencies` is not an object", { file: file.path });
  }

  const warnings: ErrorInfo[] = [];
  const lines = new ForwardLines(file.text);
  const entries = new Map<string, Entry>();
  let rootDeclared: Map<string, Scope> | undefined;
  const localFolders: string[] = [];
  let v1 = false;

  if (isRecord(packagesMap)) {
    let pos = Math.max(0, findJsonObjectKey(file.text, "packages", 0));
    for (const key of Object.keys(packagesMap)) {
      const raw = packagesMap[key];
      const at = key === "" ? -1 : findJsonObjectKey(file.text, key, pos);
      let line: number | undefined;
      if (at >= 0) {
        pos = at + key.length;
        line = lines.lineAt(at);
      }
      if (!isRecord(raw)) {
        warnings.push({
          code: "entry-skipped",
          message: `packages[${JSON.stringify(key)}] is not an object`,
          line,
        });
        continue;
      }
      if (key === "") {
        rootDeclared = declaredDeps(raw);
        continue;
      }
      const entry = makeEntry(key, raw, line);
      entries.set(key, entry);
      if (!isNodeModulesPath(key)) localFolders.push(key);
    }
  } else if (isRecord(depsTree)) {
    v1 = true;
    flattenV1(file.text, depsTree, "", entries, lines, { pos: 0 }, warnings);
  }

  // Declared dependencies of the project: v2/v3 root entry; v1 the package.json beside the lockfile.
  if (!rootDeclared && v1 && ctx) {
    rootDeclared = await siblingPackageJsonDeps(ctx, warnings);
  }

  const packages: Package[] = [];
  for (const entry of entries.values()) {
    if (entry.installName === "") continue; // the project's own folders
    const pkg = toPackage(entry, file.path, v1, warnings);
    if (pkg) {
      entry.pkg = pkg;
      packages.push(pkg);
    }
  }

  // Graph edges, resolved as Node resolves `require` through nested node_modules folders.
  // Each entry points at its folder's entry and holds what is installed below it, so resolving a
  // name walks up a few object links with one Map lookup per level (no paths are built).
  const root: Entry = { key: "", raw: {}, base: "", installName: "" };
  for (const entry of entries.values()) {
    if (entry.installName === "") continue;
    const parent = entry.base === "" ? root : entries.get(entry.base);
    if (!parent) continue; // an orphan nested path: nothing can resolve to it
    entry.parent = parent;
    if (!parent.children) parent.children = new Map();
    parent.children.set(entry.installName, entry);
  }
  const parentOf = (e: Entry): Entry | undefined => {
    if (e === root) return undefined;
    if (e.parent) return e.parent;
    return root; // project folders (workspaces) sit at the top
  };
  const resolveFrom = (from: Entry | undefined, name: string): Entry | undefined => {
    for (let e = from; e; e = parentOf(e)) {
      const hit = e.children?.get(name);
      if (hit) {
        if (hit.raw.link === true) {
          const target = str(hit.raw.resolved);
          return target === undefined ? undefined : entries.get(target);
        }
        return hit;
      }
    }
    return undefined;
  };
  const dependedOn = new Set<Entry>();
  // What an installed package needs at run time: v1 `requires`; v2/v3 its dependencies,
  // optionalDependencies and peerDependencies (its devDependencies are never installed).
  const fields = v1 ? ["requires"] : ["dependencies", "optionalDependencies", "peerDependencies"];
  for (const entry of entries.values()) {
    const pkg = entry.pkg;
    if (!pkg) continue;
    let ids: string[] | undefined;
    for (const field of fields) {
      const deps = entry.raw[field];
      if (!isRecord(deps)) continue;
      for (const name of Object.keys(deps)) {
        const target = resolveFrom(entry, name);
        const dep = target?.pkg;
        if (!dep || dep === pkg) continue;
        if (!rootDeclared) dependedOn.add(target!);
        if (!ids) ids = [dep.purl];
        else if (!ids.includes(dep.purl)) ids.push(dep.purl);
      }
    }
    if (ids) pkg.dependencies = ids;
  }

  // Direct dependencies: those the root and the project's local folders (workspaces) declare.
  if (rootDeclared) {
    for (const name of rootDeclared.keys()) markDirect(resolveFrom(root, name));
  }
  for (const folder of localFolders) {
    const entry = entries.get(folder)!;
    for (const name of declaredDeps(entry.raw).keys()) markDirect(resolveFrom(entry, name));
  }
  if (!rootDeclared) {
    // No record of what the project declares: top-level entries nothing else requires.
    for (const entry of entries.values()) {
      if (entry.pkg && entry.base === "" && !dependedOn.has(entry)) entry.pkg.direct = true;
    }
  }
  function markDirect(entry: Entry | undefined) {
    if (entry?.pkg) entry.pkg.direct = true;
  }

  return { packages, warnings };
}

/** `node_modules/x`, `a/node_modules/x`: an installed package rather than a project folder. */
function isNodeModulesPath(key: string): boolean {
  return key.startsWith("node_modules/") || key.includes("/node_modules/");
}

const DECLARED: [string, Scope][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

function declaredDeps(raw: Record<string, unknown>): Map<string, Scope> {
  const out = new Map<string, Scope>();
  for (const [field, scope] of DECLARED) {
    for (const name of Object.keys(stringMap(raw[field]))) if (!out.has(name)) out.set(name, scope);
  }
  return out;
}

/**
 * Turn the v1 nested tree into flat `node_modules/a/node_modules/b` entries in document order,
 * finding each `"name": {` line with one forward scan.
 */
function flattenV1(
  text: string,
  deps: Record<string, unknown>,
  prefix: string,
  out: Map<string, Entry>,
  lines: ForwardLines,
  cursor: { pos: number },
  warnings: ErrorInfo[],
): void {
  for (const name of Object.keys(deps)) {
    const raw = deps[name];
    const at = findJsonObjectKey(text, name, cursor.pos);
    let line: number | undefined;
    if (at >= 0) {
      cursor.pos = at + name.length;
      line = lines.lineAt(at);
    }
    const key = `${prefix}node_modules/${name}`;
    if (!isRecord(raw)) {
      warnings.push({
        code: "entry-skipped",
        message: `dependency ${JSON.stringify(name)} is not an object`,
        line,
      });
      continue;
    }
    out.set(key, { key, raw, line, base: prefix === "" ? "" : prefix.slice(0, -1), installName: name });
    if (isRecord(raw.dependencies))
      flattenV1(text, raw.dependencies, `${key}/`, out, lines, cursor, warnings);
  }
}

function scopesOf(raw: Record<string, unknown>): Scope[] {
  const scopes: Scope[] = [];
  if (raw.dev === true || raw.devOptional === true) scopes.push("dev");
  if (raw.optional === true || raw.devOptional === true) scopes.push("optional");
  if (raw.peer === true) scopes.push("peer");
  if (scopes.length === 0) scopes.push("prod");
  return scopes;
}

function toPackage(entry: Entry, path: string, v1: boolean, warnings: ErrorInfo[]): Package | undefined {
  const raw = entry.raw;
  if (raw.link === true) return undefined; // a link to a project folder, not a consumed package
  const pathName = entry.installName;
  let name = str(raw.name) ?? pathName;
  let version = str(raw.version) ?? "";
  let resolved = str(raw.resolved);
  let meta: Record<string, string | number | boolean> | undefined;
  if (v1) {
    const alias = parseNpmAlias(version);
    if (alias) {
      name = alias.name;
      version = alias.version;
    } else if (version.startsWith("file:")) {
      return undefined; // a local folder: the project's own code
    } else if (isGitSpec(version) || /^https?:/.test(version)) {
      resolved ??= version;
      version = commitOf(version) ?? "";
    }
  }
  if (name !== pathName) meta = { alias: pathName };
  const source = sourceKindOf(resolved);
  const commit = source === "git" ? commitOf(resolved) : undefined;
  if (commit) {
    meta = { ...meta, commit };
    if (!version) version = commit;
  }
  if (!version) {
    warnings.push({
      code: "entry-skipped",
      message: `${entry.key}: no version recorded`,
      ...(entry.line ? { line: entry.line } : {}),
    });
    return undefined;
  }
  if (raw.inBundle === true || raw.bundled === true) meta = { ...meta, bundled: true };
  // npm records whether a package runs install scripts (preinstall/install/postinstall).
  if (raw.hasInstallScript === true) meta = { ...meta, hasInstallScript: true };
  const pkg = npmPackage({
    name,
    version,
    path,
    line: entry.line,
    scopes: scopesOf(raw),
    integrity: str(raw.integrity),
    resolved,
    source,
    meta,
  });
  // v3 lockfiles record each package's declared licence.
  const license = raw.license;
  if (typeof license === "string" && license) pkg.license = license;
  return pkg;
}

/** Declared dependencies from the package.json beside a v1 lockfile, if it is there and readable. */
async function siblingPackageJsonDeps(
  ctx: ParseContext,
  warnings: ErrorInfo[],
): Promise<Map<string, Scope> | undefined> {
  try {
    const pj = await ctx.readRelative("package.json");
    if (!pj) return undefined;
    const doc = JSON.parse(pj.text) as unknown;
    return isRecord(doc) ? declaredDeps(doc) : undefined;
  } catch (e) {
    warnings.push({
      code: "package-json-unreadable",
      message: `package.json beside the lockfile could not be read (${e instanceof Error ? e.message : String(e)}); direct dependencies were inferred`,
    });
    return undefined;
  }
}
