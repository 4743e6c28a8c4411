/**
 * pnpm-lock.yaml, lockfileVersion 5.x (`/name/1.0.0` keys, `_peer@1` suffixes), 6.x
 * (`/name@1.0.0`, `(peer@1)` suffixes) and 9.x (`packages` for metadata, `snapshots` for the
 * graph, `importers` for each project of a workspace).
 *
 * Decisions:
 * - Peer suffixes are stripped from versions: `5.62.0(eslint@8.57.0)` and `5.3.2_acorn@8.7.0`
 *   both mean the package at that version; the several peer variants of one version merge.
 * - Scopes: v5/v6 record `dev: true|false` and `optional: true` per package (`dev` absent means
 *   both prod and dev). v9 does not, so each package gets the scopes of the importers' direct
 *   dependencies it is reached from (`snapshots.*.optional: true` turns prod into optional).
 * - Direct = what an importer (or the single project's top level) declares. `link:` targets are
 *   the project's own workspace packages and are not listed.
 * - Entries whose key names no version (`/foo/bar`, `invalidpath`) are skipped with a warning.
 * - git and tarball entries (`resolution: {commit, repo}` / `{tarball}`) use their `name` and
 *   `version` fields; the commit goes into `meta.commit`.
 */
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import {
  commitOf,
  isRecord,
  npmPackage,
  propagateScopes,
  sourceKindOf,
  str,
} from "../npm-common/npm-package.ts";
import { type InputFile, InventoryError, type InventoryParser } from "../types.ts";

export const pnpmLockParser: InventoryParser = {
  id: "pnpm-lock.yaml",
  description: "pnpm lockfile, lockfileVersion 5, 6 and 9",
  ecosystem: "npm",
  matches(path: string): boolean {
    const b = basename(path).toLowerCase();
    return b === "pnpm-lock.yaml" || b === "pnpm-lock.yml";
  },
  parse(file: InputFile) {
    return parsePnpmLock(file);
  },
};

type Style = "slash" | "at";

/** Name and version from a package key; undefined when the key names no version. */
export function parsePnpmKey(key: string, style: Style): { name: string; version: string } | undefined {
  let k = key.startsWith("/") ? key.slice(1) : key;
  const paren = k.indexOf("(");
  if (paren > 0) k = k.slice(0, paren);
  if (style === "at") {
    const at = k.indexOf("@", 1);
    if (at > 0) {
      const name = k.slice(0, at);
      if (!name.includes("/") || name.startsWith("@")) return { name, version: k.slice(at + 1) };
    }
    // v6 files can still carry v5-style keys for tarballs and hosts; fall through.
  }
  const segs = k.split("/");
  // Drop a registry host prefix (`host.example/foo/1.0.0`).
  if (segs.length > 2 && segs[0].includes(".") && !segs[0].startsWith("@")) segs.shift();
  let name: string;
  let version: string;
  if (segs[0].startsWith("@") && segs.length === 3) {
    name = `${segs[0]}/${segs[1]}`;
    version = segs[2];
  } else if (!segs[0].startsWith("@") && segs.length === 2) {
    name = segs[0];
    version = segs[1];
  } else return undefined;
  const us = version.indexOf("_");
  if (us > 0) version = version.slice(0, us);
  if (!/^\d/.test(version)) return undefined;
  return { name, version };
}

/** Try the file's own key style first, then the other one (hand-edited files mix them). */
function parseAnyKey(key: string, style: Style): { name: string; version: string } | undefined {
  const first = parsePnpmKey(key, style);
  if (first && /^\d/.test(first.version)) return first;
  const other = parsePnpmKey(key, style === "at" ? "slash" : "at");
  return other && /^\d/.test(other.version) ? other : first;
}

function stripPeers(ref: string): string {
  const paren = ref.indexOf("(");
  return paren > 0 ? ref.slice(0, paren) : ref;
}

interface Root {
  name: string;
  ref: string;
  scope: Scope;
}

const IMPORTER_FIELDS: [string, Scope][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
];

function importerRoots(imp: Record<string, unknown>, out: Root[]): void {
  for (const [field, scope] of IMPORTER_FIELDS) {
    const deps = imp[field];
    if (!isRecord(deps)) continue;
    for (const [name, v] of Object.entries(deps)) {
      const ref = isRecord(v) ? v.version : v;
      if (typeof ref === "string" || typeof ref === "number") out.push({ name, ref: String(ref), scope });
    }
  }
}

export function parsePnpmLock(file: InputFile): { packages: Package[]; warnings: ErrorInfo[] } {
  let doc: unknown;
  try {
    doc = parseYaml(file.text, { prettyErrors: false, logLevel: "error" });
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new InventoryError(
      "malformed",
      `not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
      { file: file.path, line: pos?.line, column: pos?.col, cause: e },
    );
  }
  if (doc === null || doc === undefined) return { packages: [], warnings: [] }; // only comments
  if (!isRecord(doc)) {
    throw new InventoryError("wrong-format", "not a pnpm-lock.yaml: the top level is not a mapping", {
      file: file.path,
    });
  }
  const rawVersion = doc.lockfileVersion;
  if (rawVersion === undefined) {
    throw new InventoryError("wrong-format", "not a pnpm-lock.yaml: there is no lockfileVersion", {
      file: file.path,
    });
  }
  const major = Number.parseFloat(String(rawVersion));
  if (!(major >= 3 && major < 10) || major === 7 || major === 8) {
    throw new InventoryError(
      "unsupported-version",
      `lockfileVersion ${JSON.stringify(rawVersion)} is not supported (supported: 5.x, 6.x, 9.x)`,
      { file: file.path },
    );
  }
  const style: Style = major >= 6 ? "at" : "slash";
  const v9 = major >= 9;
  const warnings: ErrorInfo[] = [];
  const packagesMap = isRecord(doc.packages) ? doc.packages : {};
  const snapshots = v9 && isRecord(doc.snapshots) ? doc.snapshots : undefined;

  // Packages, with the line of each key (one forward scan).
  const text = file.text;
  let pos = Math.max(0, text.search(/^packages:/m));
  let lineNo = 1;
  let lineFrom = 0;
  const lineOf = (at: number): number => {
    for (let i = text.indexOf("\n", lineFrom); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) lineNo++;
    lineFrom = at;
    return lineNo;
  };
  const byKey = new Map<string, Package>();
  let usesDevFlags = false;
  for (const v of Object.values(packagesMap)) {
    if (isRecord(v) && typeof v.dev === "boolean") {
      usesDevFlags = true;
      break;
    }
  }
  for (const key of Object.keys(packagesMap)) {
    const at = findYamlKey(text, key, pos);
    let line: number | undefined;
    if (at >= 0) {
      line = lineOf(at);
      pos = at + key.length;
    }
    const raw = packagesMap[key];
    const entry = isRecord(raw) ? raw : {};
    const resolution = isRecord(entry.resolution) ? entry.resolution : {};
    if (str(resolution.directory) !== undefined || str(resolution.type) === "directory") continue; // local folder
    const parsed = parseAnyKey(key, style);
    const name = str(entry.name) ?? parsed?.name;
    const fieldVersion = entry.version === undefined ? undefined : String(entry.version);
    let version = fieldVersion ?? parsed?.version;
    if (version !== undefined && !/^\d/.test(version)) version = fieldVersion;
    if (!name || !version) {
      warnings.push({
        code: "entry-skipped",
        message: `package key ${JSON.stringify(key)} names no version`,
        ...(line ? { line } : {}),
      });
      continue;
    }
    const meta: Record<string, string | number | boolean> = {};
    let resolved: string | undefined;
    let source: Package["source"];
    const tarball = str(resolution.tarball);
    const repo = str(resolution.repo);
    const commit = str(resolution.commit);
    if (commit || str(resolution.type) === "git") {
      source = "git";
      resolved = repo && commit ? `${repo}#${commit}` : repo;
      if (commit) meta.commit = commit.toLowerCase();
    } else if (tarball) {
      resolved = tarball;
      source = tarball.startsWith("file:") ? "file" : (sourceKindOf(tarball) ?? "url");
      const c = commitOf(tarball);
      if (c) {
        meta.commit = c;
        source = "git";
      }
    } else {
      source = "registry";
    }
    let scopes: Scope[];
    if (v9) scopes = ["prod"];
    else if (entry.dev === true) scopes = entry.optional === true ? ["dev", "optional"] : ["dev"];
    else if (entry.dev === false) scopes = entry.optional === true ? ["optional"] : ["prod"];
    else if (usesDevFlags) scopes = entry.optional === true ? ["optional", "dev"] : ["prod", "dev"];
    else scopes = entry.optional === true ? ["optional"] : ["prod"];
    // v5/v6 mark packages that run install scripts (`requiresBuild`).
    if (entry.requiresBuild === true) meta.hasInstallScript = true;
    const pkg = npmPackage({
      name,
      version,
      path: file.path,
      line,
      scopes,
      integrity: str(resolution.integrity),
      resolved,
      source,
      meta,
    });
    byKey.set(key, pkg);
  }

  // Resolve a (name, reference) from an importer or a dependency list to a package key.
  const graphKeys = snapshots ?? packagesMap;
  const keyFor = (name: string, ref: string): string | undefined => {
    if (ref.startsWith("link:") || ref.startsWith("file:") || ref.startsWith("workspace:")) return undefined;
    const candidates =
      style === "slash"
        ? [`/${name}/${ref}`, ref, `/${ref}`]
        : v9
          ? [`${name}@${ref}`, ref]
          : [`/${name}@${ref}`, ref, `/${ref}`];
    for (const c of candidates) if (c in graphKeys) return c;
    return undefined;
  };
  const pkgFor = (graphKey: string): Package | undefined => {
    if (!v9) return byKey.get(graphKey);
    return byKey.get(graphKey) ?? byKey.get(stripPeers(graphKey));
  };

  // Graph edges.
  for (const gk of Object.keys(graphKeys)) {
    const node = graphKeys[gk];
    const pkg = pkgFor(gk);
    if (!pkg || !isRecord(node)) continue;
    const ids = pkg.dependencies ?? [];
    for (const field of ["dependencies", "optionalDependencies"]) {
      const deps = node[field];
      if (!isRecord(deps)) continue;
      for (const [name, ref] of Object.entries(deps)) {
        if (typeof ref !== "string" && typeof ref !== "number") continue;
        const k = keyFor(name, String(ref));
        const dep = k === undefined ? undefined : pkgFor(k);
        if (dep && dep !== pkg && !ids.includes(dep.purl)) ids.push(dep.purl);
      }
    }
    if (ids.length) pkg.dependencies = ids;
  }

  // Direct dependencies.
  const roots: Root[] = [];
  if (isRecord(doc.importers)) {
    for (const imp of Object.values(doc.importers)) if (isRecord(imp)) importerRoots(imp, roots);
  } else {
    importerRoots(doc, roots);
  }
  const rootScopes = new Map<Package, Scope>();
  for (const r of roots) {
    const k = keyFor(r.name, r.ref);
    const pkg = k === undefined ? undefined : pkgFor(k);
    if (!pkg) continue;
    pkg.direct = true;
    const have = rootScopes.get(pkg);
    if (!have || r.scope === "prod") rootScopes.set(pkg, r.scope);
  }
  const packages = [...byKey.values()];
  if (v9) {
    propagateScopes(packages, rootScopes);
    if (snapshots) {
      for (const [gk, node] of Object.entries(snapshots)) {
        if (!isRecord(node) || node.optional !== true) continue;
        const pkg = pkgFor(gk);
        if (pkg) pkg.scopes = pkg.scopes.map((s) => (s === "prod" ? "optional" : s));
      }
    }
  }
  return { packages, warnings };
}

/**
 * Offset of the mapping key `key` (plain, 'single' or "double" quoted, followed by `:`) at or
 * after `from`, or -1.
 */
function findYamlKey(text: string, key: string, from: number): number {
  let at = text.indexOf(key, from);
  while (at !== -1) {
    const before = text.charCodeAt(at - 1);
    let end = at + key.length;
    const q = text.charCodeAt(end);
    if ((q === 39 || q === 34) && before === q) end++;
    if (
      text.charCodeAt(end) === 58 /* : */ &&
      (before === 32 || before === 39 || before === 34 || before === 10)
    ) {
      return before === 39 || before === 34 ? at - 1 : at;
    }
    at = text.indexOf(key, at + 1);
  }
  return -1;
}
