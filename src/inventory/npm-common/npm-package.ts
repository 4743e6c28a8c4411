/**
 * Helpers shared by the JavaScript lockfile parsers (package-lock.json, yarn.lock,
 * pnpm-lock.yaml, bun.lock): purls, source kinds, aliases, integrity, line counting.
 */
import { buildPurl, type Package, type Scope, type SourceKind } from "../../core/package.ts";
import { InventoryError } from "../types.ts";

// A name made only of these characters needs no percent-encoding in a purl.
const SIMPLE_NAME = /^(?:@([a-z0-9._~-]+)\/)?([a-z0-9._~-]+)$/;
const SIMPLE_VERSION = /^[A-Za-z0-9._~-]*$/;

/**
 * The purl of an npm package. Same output as `buildPurl("npm", ...)` (a test checks it), but
 * without constructing a PackageURL object for the common case: building purls through
 * packageurl-js costs as much as JSON-parsing a big lockfile, so the fast path matters.
 */
export function npmPurl(name: string, version: string): string {
  const lower = name.toLowerCase();
  const m = SIMPLE_NAME.exec(lower);
  if (m && SIMPLE_VERSION.test(version)) {
    const ns = m[1] === undefined ? "" : `%40${m[1]}/`;
    return version ? `pkg:npm/${ns}${m[2]}@${version}` : `pkg:npm/${ns}${m[2]}`;
  }
  return buildPurl("npm", name, version);
}

const COMMIT = /#(?:commit[=:])?([0-9a-f]{40})$/i;
// Archive downloads of one commit (`.../tar.gz/<sha>`), as yarn v1 records GitHub shorthands.
const ARCHIVE_COMMIT = /\/(?:tar\.gz|zip|legacy\.tar\.gz)\/([0-9a-f]{40})$/i;

/** The 40-hex commit at the end of a git spec or URL (`...#3b1bb8...`, `#commit=...`, `/tar.gz/...`), if any. */
export function commitOf(spec: string | undefined): string | undefined {
  if (!spec) return undefined;
  const m = COMMIT.exec(spec) ?? ARCHIVE_COMMIT.exec(spec);
  return m ? m[1].toLowerCase() : undefined;
}

/** Whether a version spec / resolved string points at a git repository. */
export function isGitSpec(spec: string): boolean {
  return (
    spec.startsWith("git+") ||
    spec.startsWith("git:") ||
    spec.startsWith("git@") ||
    spec.startsWith("github:") ||
    spec.startsWith("gitlab:") ||
    spec.startsWith("bitbucket:") ||
    spec.startsWith("gist:") ||
    /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+#/.test(spec) ||
    /\.git(#|$)/.test(spec)
  );
}

/**
 * Classify where a package came from by its resolved location (or version spec):
 * a registry tarball, git, another URL, a file/folder, or a link.
 */
export function sourceKindOf(resolved: string | undefined): SourceKind | undefined {
  if (!resolved) return undefined;
  // The common case first: a registry tarball.
  if (resolved.startsWith("https://") && resolved.includes("/-/")) return "registry";
  if (isGitSpec(resolved)) return "git";
  if (resolved.startsWith("file:")) return "file";
  if (resolved.startsWith("link:")) return "link";
  if (resolved.startsWith("workspace:")) return "workspace";
  if (resolved.startsWith("http://") || resolved.startsWith("https://")) {
    // Registry tarballs live at `<registry>/<name>/-/<name>-<version>.tgz` (yarn v1 appends `#<sha1>`).
    if (resolved.includes("/-/")) return "registry";
    return commitOf(resolved) ? "git" : "url";
  }
  if (resolved.startsWith("npm:")) return "registry";
  return "file";
}

/** `npm:@scope/name@1.2.3` → `{ name: "@scope/name", version: "1.2.3" }`; undefined for other specs. */
export function parseNpmAlias(spec: string): { name: string; version: string } | undefined {
  if (!spec.startsWith("npm:")) return undefined;
  const rest = spec.slice(4);
  const at = rest.lastIndexOf("@");
  if (at <= 0) return { name: rest, version: "" };
  return { name: rest.slice(0, at), version: rest.slice(at + 1) };
}

/** The name part of a `node_modules/...` path: `a/node_modules/@s/b` → `@s/b`. */
export function nameFromNodeModulesPath(path: string): string {
  const i = path.lastIndexOf("node_modules/");
  const tail = i >= 0 ? path.slice(i + 13) : path;
  return tail;
}

/**
 * Counts lines while moving forward through a text: each call continues from the previous
 * offset, so locating every entry of a lockfile costs one pass over the text in total.
 */
export class ForwardLines {
  private readonly text: string;
  private offset = 0;
  private line = 1;
  constructor(text: string) {
    this.text = text;
  }
  /** The 1-based line of `offset`; offsets must not go backwards (earlier ones are recounted from 0). */
  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    const t = this.text;
    let i = t.indexOf("\n", this.offset);
    while (i !== -1 && i < offset) {
      this.line++;
      i = t.indexOf("\n", i + 1);
    }
    this.offset = offset;
    return this.line;
  }
  /** The current position (the last offset asked about). */
  get position(): number {
    return this.offset;
  }
}

/**
 * Find `"key": {` (JSON object member whose value is an object) at or after `from`.
 * Returns the offset of the opening quote, or -1.
 */
export function findJsonObjectKey(text: string, key: string, from: number, opener = 123 /* { */): number {
  // Keys without quotes or backslashes are written as they are: search for the bare key and check
  // the quotes around it, which saves building a quoted copy of every key.
  const plain = !key.includes('"') && !key.includes("\\");
  const needle = plain ? key : JSON.stringify(key);
  const open = plain ? 1 : 0;
  let at = text.indexOf(needle, from + open);
  while (at !== -1) {
    let j = at + needle.length;
    if (!plain || (text.charCodeAt(at - 1) === 34 && text.charCodeAt(j++) === 34)) {
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 58 /* : */) {
        j++;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === opener) return at - open;
      }
    }
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** JSON.parse with a typed error naming the file and the position of the problem. */
export function parseJsonOrThrow(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let column: number | undefined;
    if (pos) {
      const off = Number(pos[1]);
      line = 1;
      let lastNl = -1;
      for (let i = text.indexOf("\n"); i !== -1 && i < off; i = text.indexOf("\n", i + 1)) {
        line++;
        lastNl = i;
      }
      column = off - lastNl;
    }
    throw new InventoryError("malformed", `not valid JSON: ${msg}`, { file, line, column, cause: e });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A string-valued record (dependency maps), ignoring anything else. */
export function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return v as Record<string, string>;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Build an npm Package from the facts common to every JavaScript lockfile. */
export function npmPackage(init: {
  name: string;
  version: string;
  path: string;
  line?: number;
  scopes: Scope[];
  direct?: boolean;
  integrity?: string;
  resolved?: string;
  source?: SourceKind;
  meta?: Record<string, string | number | boolean>;
}): Package {
  const pkg: Package = {
    ecosystem: "npm",
    name: init.name,
    version: init.version,
    purl: npmPurl(init.name, init.version),
    normalizedName: init.name,
    direct: init.direct ?? false,
    scopes: init.scopes,
    locations: [init.line === undefined ? { path: init.path } : { path: init.path, line: init.line }],
  };
  // The integrity string is kept as the lockfile spells it (SRI base64, or yarn Berry's cache
  // checksum); it is not repeated as `hashes`, whose consumers (SBOM export) derive hex digests
  // from `integrity` themselves.
  if (init.integrity) pkg.integrity = init.integrity;
  if (init.resolved) pkg.resolved = init.resolved;
  const source = init.source ?? sourceKindOf(init.resolved);
  if (source) pkg.source = source;
  if (init.meta) {
    for (const _ in init.meta) {
      pkg.meta = init.meta;
      break;
    }
  }
  return pkg;
}

/**
 * For formats that do not mark dev/optional per package (yarn.lock): give every package the
 * scopes of the direct dependencies it is reached from. `rootScopes` maps each direct package to
 * the scope its manifest declares it with. Packages reached from no root keep their scopes.
 * One breadth-first walk per scope, so linear in the graph size.
 */
export function propagateScopes(packages: Package[], rootScopes: Map<Package, Scope>): void {
  const byPurl = new Map<string, Package[]>();
  for (const p of packages) {
    const list = byPurl.get(p.purl);
    if (list) list.push(p);
    else byPurl.set(p.purl, [p]);
  }
  const reached = new Map<Package, Scope[]>();
  for (const scope of ["prod", "optional", "peer", "dev"] as Scope[]) {
    const queue: Package[] = [];
    for (const [p, s] of rootScopes) if (s === scope) queue.push(p);
    const seen = new Set<Package>(queue);
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i];
      const have = reached.get(p);
      if (have) {
        if (!have.includes(scope)) have.push(scope);
      } else reached.set(p, [scope]);
      // The same package listed twice (a yarn `patch:` entry and its base) shares its scopes.
      for (const id of [p.purl, ...(p.dependencies ?? [])]) {
        for (const d of byPurl.get(id) ?? []) {
          if (!seen.has(d)) {
            seen.add(d);
            queue.push(d);
          }
        }
      }
    }
  }
  for (const [p, scopes] of reached) p.scopes = scopes;
}

export interface DeclaredDep {
  range: string;
  scope: Scope;
}

/**
 * The dependencies a package.json declares, by name, with the scope of the first field that
 * names them (dependencies, optionalDependencies, peerDependencies, devDependencies).
 */
export function manifestDeps(manifest: unknown): Map<string, DeclaredDep> {
  const out = new Map<string, DeclaredDep>();
  if (!isRecord(manifest)) return out;
  const fields: [string, Scope][] = [
    ["dependencies", "prod"],
    ["optionalDependencies", "optional"],
    ["peerDependencies", "peer"],
    ["devDependencies", "dev"],
  ];
  for (const [field, scope] of fields) {
    const m = manifest[field];
    if (!isRecord(m)) continue;
    for (const [name, range] of Object.entries(m)) {
      if (!out.has(name) && typeof range === "string") out.set(name, { range, scope });
    }
  }
  return out;
}

/** Read and JSON-parse a package.json next to the input; undefined when absent, a warning when unreadable. */
export async function readSiblingManifest(
  readRelative: ((p: string) => Promise<{ text: string } | undefined>) | undefined,
  relativePath: string,
  warnings: { code: string; message: string }[],
): Promise<unknown> {
  if (!readRelative) return undefined;
  try {
    const f = await readRelative(relativePath);
    return f ? (JSON.parse(f.text) as unknown) : undefined;
  } catch (e) {
    warnings.push({
      code: "manifest-unreadable",
      message: `${relativePath} beside the lockfile could not be read (${e instanceof Error ? e.message : String(e)}); direct dependencies and scopes were inferred`,
    });
    return undefined;
  }
}

/** `@scope/name@range` → name and range (the range may itself contain `@`). */
export function splitDescriptor(d: string): { name: string; range: string } {
  const at = d.indexOf("@", d.startsWith("@") ? 1 : 0);
  if (at < 0) return { name: d, range: "" };
  return { name: d.slice(0, at), range: d.slice(at + 1) };
}
