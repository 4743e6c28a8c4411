import { PackageURL } from "packageurl-js";
import { buildPurl, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject, parseJsonObject, str } from "../json-input.ts";
import { LineCursor, quickPurl } from "../line-cursor.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";

/**
 * Conan `conan.lock` (ConanCenter).
 *
 * Conan 1 (lock versions 0.1-0.4): `graph_lock.nodes` is the resolved graph. The node with a
 * `path` (the conanfile) or without a reference is the consumer project and is not a package.
 * References are `name/version[@user/channel][#recipe-revision][:package-id[#package-revision]]`
 * (`ref`, or `pref` in older locks). Scopes follow the graph from the consumer: along `requires`
 * a node keeps its parent's scope, along `build_requires` (and in `context: "build"`) it is
 * `build`. Nodes the consumer names itself are direct. `requires` / `build_requires` → edges.
 *
 * Conan 2 (lock version 0.5): flat lists — `requires` → prod, `build_requires` → build,
 * `python_requires` (recipe code reused at build time) → build. No graph and no direct flag.
 *
 * A reference without a name (`1.2.3#...`) is skipped with a warning. In the purl the user is the
 * namespace and the channel a qualifier (purl-spec); revisions and package ids are kept in meta.
 */

interface Ref {
  name: string;
  version: string;
  user?: string;
  channel?: string;
  recipeRevision?: string;
  packageId?: string;
  packageRevision?: string;
}

export function parseConanRef(raw: string): Ref | undefined {
  let rest = raw.trim();
  let packageId: string | undefined;
  let packageRevision: string | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const pref = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    const hash = pref.indexOf("#");
    packageId = hash >= 0 ? pref.slice(0, hash) : pref;
    if (hash >= 0) packageRevision = pref.slice(hash + 1);
  }
  let recipeRevision: string | undefined;
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    recipeRevision = rest.slice(hash + 1).split("%")[0];
    rest = rest.slice(0, hash);
  }
  let user: string | undefined;
  let channel: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    const uc = rest.slice(at + 1).split("/");
    rest = rest.slice(0, at);
    if (uc[0] && uc[0] !== "_") user = uc[0];
    if (uc[1] && uc[1] !== "_") channel = uc[1];
  }
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  const ref: Ref = { name: rest.slice(0, slash), version: rest.slice(slash + 1) };
  if (user) ref.user = user;
  if (channel) ref.channel = channel;
  if (recipeRevision) ref.recipeRevision = recipeRevision;
  if (packageId) ref.packageId = packageId;
  if (packageRevision && packageRevision !== "0") ref.packageRevision = packageRevision;
  return ref;
}

function conanPurl(ref: Ref): string {
  if (!ref.user && !ref.channel) return quickPurl("conan", "ConanCenter", undefined, ref.name, ref.version);
  // purl-spec: the Conan user is the namespace, the channel a qualifier.
  try {
    return new PackageURL(
      "conan",
      ref.user,
      ref.name,
      ref.version,
      ref.channel ? { channel: ref.channel } : undefined,
      undefined,
    ).toString();
  } catch {
    return buildPurl("ConanCenter", ref.name, ref.version);
  }
}

function makePackage(ref: Ref, path: string, line: number | undefined, scopes: Scope[]): Package {
  const purl = conanPurl(ref);
  const meta: Record<string, string> = {};
  if (ref.user) meta.user = ref.user;
  if (ref.channel) meta.channel = ref.channel;
  if (ref.recipeRevision) meta.recipeRevision = ref.recipeRevision;
  if (ref.packageId) meta.packageId = ref.packageId;
  if (ref.packageRevision) meta.packageRevision = ref.packageRevision;
  const pkg: Package = {
    ecosystem: "ConanCenter",
    name: ref.name,
    version: ref.version,
    purl,
    normalizedName: ref.name,
    direct: false,
    scopes,
    locations: [line === undefined ? { path } : { path, line }],
    source: "registry",
  };
  if (Object.keys(meta).length > 0) pkg.meta = meta;
  return pkg;
}

/** `requires` as a list of node ids (v1) or an object reference → node id (v0.0). */
function childIds(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (isObject(v)) return Object.values(v).filter((x): x is string => typeof x === "string");
  return [];
}

function parseV1(file: InputFile, nodes: Record<string, unknown>, warnings: ErrorInfo[]): Package[] {
  const lines = new LineCursor(file.text);
  let cursor = 0;
  const pkgById = new Map<string, Package>();
  const roots: string[] = [];
  const info = new Map<string, { requires: string[]; buildRequires: string[]; buildContext: boolean }>();
  for (const [id, node] of Object.entries(nodes)) {
    const hit = lines.find(`${JSON.stringify(id)}: {`, cursor);
    if (hit) cursor = hit.offset + 1;
    if (!isObject(node)) {
      warnings.push({
        code: "malformed",
        message: `node ${id} is not an object; skipped`,
        ...(hit ? { line: hit.line } : {}),
      });
      continue;
    }
    info.set(id, {
      requires: childIds(node.requires),
      buildRequires: childIds(node.build_requires),
      buildContext: node.context === "build",
    });
    const raw = str(node.ref) ?? str(node.pref);
    if (node.path !== undefined || raw === undefined) {
      roots.push(id);
      continue;
    }
    const ref = parseConanRef(raw);
    if (ref && !ref.packageId && str(node.package_id)) ref.packageId = str(node.package_id);
    if (ref && !ref.packageRevision && str(node.prev) && node.prev !== "0")
      ref.packageRevision = str(node.prev);
    if (!ref) {
      warnings.push({
        code: "malformed",
        message: `node ${id}: reference '${raw}' has no name/version; skipped`,
        ...(hit ? { line: hit.line } : {}),
      });
      continue;
    }
    pkgById.set(id, makePackage(ref, file.path, hit?.line, []));
  }
  // Walk from the consumer: requires keep the scope, build_requires (and build context) make it build.
  const seen = new Set<string>();
  const queue: [string, Scope][] = [];
  for (const r of roots) {
    const i = info.get(r);
    for (const c of i?.requires ?? []) {
      queue.push([c, "prod"]);
      const p = pkgById.get(c);
      if (p) p.direct = true;
    }
    for (const c of i?.buildRequires ?? []) {
      queue.push([c, "build"]);
      const p = pkgById.get(c);
      if (p) p.direct = true;
    }
  }
  while (queue.length > 0) {
    const [id, inherited] = queue.shift() as [string, Scope];
    const i = info.get(id);
    const scope: Scope = i?.buildContext ? "build" : inherited;
    const key = `${id}\u0000${scope}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = pkgById.get(id);
    if (p && !p.scopes.includes(scope)) p.scopes.push(scope);
    for (const c of i?.requires ?? []) queue.push([c, scope]);
    for (const c of i?.buildRequires ?? []) queue.push([c, "build"]);
  }
  for (const [id, p] of pkgById) {
    if (p.scopes.length === 0) p.scopes.push(info.get(id)?.buildContext ? "build" : "prod");
    p.scopes.sort((a, b) => (a === "prod" ? -1 : b === "prod" ? 1 : 0));
    const i = info.get(id);
    const deps = [...(i?.requires ?? []), ...(i?.buildRequires ?? [])]
      .map((c) => pkgById.get(c)?.purl)
      .filter((x): x is string => x !== undefined && x !== p.purl);
    if (deps.length > 0) p.dependencies = [...new Set(deps)];
  }
  return [...pkgById.values()];
}

function parseV2(file: InputFile, data: Record<string, unknown>, warnings: ErrorInfo[]): Package[] {
  const lines = new LineCursor(file.text);
  const packages: Package[] = [];
  const groups: [string, Scope][] = [
    ["requires", "prod"],
    ["build_requires", "build"],
    ["python_requires", "build"],
  ];
  for (const [key, scope] of groups) {
    const list = data[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      warnings.push({ code: "malformed", message: `'${key}' is not a list; skipped` });
      continue;
    }
    const section = lines.find(`"${key}"`, 0);
    let cursor = section ? section.offset : 0;
    for (const raw of list) {
      if (typeof raw !== "string") {
        warnings.push({ code: "malformed", message: `'${key}' holds a non-string entry; skipped` });
        continue;
      }
      const hit = lines.find(JSON.stringify(raw), cursor);
      if (hit) cursor = hit.offset + 1;
      const ref = parseConanRef(raw);
      if (!ref) {
        warnings.push({
          code: "malformed",
          message: `${key}: reference '${raw}' has no name/version; skipped`,
          ...(hit ? { line: hit.line } : {}),
        });
        continue;
      }
      const pkg = makePackage(ref, file.path, hit?.line, [scope]);
      if (key === "python_requires") pkg.meta = { ...(pkg.meta ?? {}), kind: "python_requires" };
      packages.push(pkg);
    }
  }
  return packages;
}

export function parseConanLock(file: InputFile): ParseOutput {
  const data = parseJsonObject(file, "conan.lock");
  // `{}` is an empty lock (tools write it for projects without dependencies), not another format.
  if (Object.keys(data).length === 0) return { packages: [] };
  const warnings: ErrorInfo[] = [];
  let packages: Package[];
  const graph = data.graph_lock;
  if (graph !== undefined) {
    const nodes = isObject(graph) ? graph.nodes : undefined;
    if (!isObject(nodes)) {
      throw new InventoryError("malformed", "'graph_lock.nodes' must be an object", { file: file.path });
    }
    packages = parseV1(file, nodes, warnings);
  } else if (
    Array.isArray(data.requires) ||
    Array.isArray(data.build_requires) ||
    Array.isArray(data.python_requires)
  ) {
    packages = parseV2(file, data, warnings);
  } else {
    throw new InventoryError(
      "wrong-format",
      "not a conan.lock: neither a Conan 1 'graph_lock' nor Conan 2 'requires' lists",
      { file: file.path },
    );
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const conanLockParser: InventoryParser = {
  id: "conan.lock",
  description: "C/C++ Conan lockfile (Conan 1 graph locks and Conan 2 lists): requires and build requires",
  ecosystem: "ConanCenter",
  matches: (path: string) => fileName(path) === "conan.lock",
  parse: parseConanLock,
};
