import type { Hash, Package, Scope, SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { propagateScopes } from "../scope-propagation.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseContext,
  type ParseOutput,
} from "../types.ts";
import { readGemfileGroups, scopesForGroups } from "./gemfile-groups.ts";

/**
 * Bundler's lockfile (`Gemfile.lock`, `gems.locked`). The format is line based with fixed
 * indentation, so it is read with one forward pass over the lines (no library parses it):
 *
 * ```
 * GEM | GIT | PATH | PLUGIN SOURCE   a source section
 *   remote: URL / revision: SHA ...   source attributes (2 spaces)
 *   specs:
 *     name (version[-platform])       a resolved gem (4 spaces)
 *       dep (constraints)             one of its dependencies (6 spaces) → an edge
 * DEPENDENCIES
 *   name (constraints)[!]             declared in the Gemfile → direct (`!`: from a non-default source)
 * CHECKSUMS
 *   name (version[-platform]) sha256=HEX
 * PLATFORMS / RUBY VERSION / BUNDLED WITH   ignored
 * ```
 *
 * The same gem locked for several platforms (`ffi (1.17.4)`, `ffi (1.17.4-x86_64-linux-gnu)`)
 * becomes ONE package (advisories match name and version); the platforms are listed in
 * `meta.platforms`. Bundler splits `version-platform` at the first `-`, and so do we.
 *
 * Scopes come from the Gemfile beside the lock (see gemfile-groups.ts); without it, all `prod`.
 */

const SECTION_SOURCES = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);
const KNOWN_SECTIONS = new Set([
  ...SECTION_SOURCES,
  "PLATFORMS",
  "DEPENDENCIES",
  "CHECKSUMS",
  "RUBY VERSION",
  "BUNDLED WITH",
]);

interface SourceState {
  type: string;
  remotes: string[];
  revision?: string;
  branch?: string;
  tag?: string;
  ref?: string;
}

interface Spec {
  pkg: Package;
  platforms: string[];
  deps: string[];
}

/** `sha256=HEX[,sha512=HEX]` → hashes (usually one: parsed without splitting). */
function parseChecksums(text: string): Hash[] {
  const out: Hash[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf(",", start);
    if (end < 0) end = text.length;
    const eq = text.indexOf("=", start);
    if (eq > start && eq < end) {
      out.push({ alg: text.slice(start, eq).trim().toLowerCase(), value: text.slice(eq + 1, end).trim() });
    }
    start = end + 1;
  }
  return out;
}

function sourceInfo(src: SourceState): {
  source: SourceKind;
  resolved?: string;
  meta: Record<string, string>;
  hasMeta: boolean;
} {
  const r = sourceFacts(src);
  return { ...r, hasMeta: Object.keys(r.meta).length > 0 };
}

function sourceFacts(src: SourceState): {
  source: SourceKind;
  resolved?: string;
  meta: Record<string, string>;
} {
  const meta: Record<string, string> = {};
  if (src.type === "GIT") {
    const remote = src.remotes[0];
    if (src.revision) meta.revision = src.revision;
    if (src.branch) meta.branch = src.branch;
    if (src.tag) meta.tag = src.tag;
    if (src.ref) meta.ref = src.ref;
    return {
      source: "git",
      ...(remote ? { resolved: src.revision ? `${remote}#${src.revision}` : remote } : {}),
      meta,
    };
  }
  if (src.type === "PATH") {
    return { source: "file", ...(src.remotes[0] ? { resolved: src.remotes[0] } : {}), meta };
  }
  if (src.type === "GEM") {
    if (src.remotes.length === 1) meta.remote = src.remotes[0];
    return { source: "registry", meta };
  }
  // PLUGIN SOURCE: fetched by a Bundler plugin; what it points at is plugin-defined.
  if (src.remotes[0]) meta.remote = src.remotes[0];
  return { source: "unknown", meta };
}

/** Count of leading spaces of the line starting at `at` (stops at `end`). */
function indentOf(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i - at;
}

/** The `name` of `name (...)` / `name` starting at `at` (a space, `(` or `!` ends it). */
function nameEnd(text: string, at: number, end: number): number {
  let i = at;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 40 || c === 33 || c === 13) break;
    i++;
  }
  return i;
}

export function parseGemfileLock(file: InputFile): ParseOutput {
  const text = file.text;
  const warnings: ErrorInfo[] = [];
  // Keyed by name alone (a lockfile rarely has two versions of a gem): hashing one short string
  // per lookup is what keeps this pass cheap on big lockfiles.
  const byName = new Map<string, Spec[]>();
  const specs: Spec[] = [];
  const direct = new Set<string>();
  const checksums = new Map<string, { version: string; hashes: Hash[] }[]>(); // platform stripped
  let section = "";
  let sawSection = false;
  let src: SourceState | undefined;
  let info: ReturnType<typeof sourceInfo> | undefined;
  let inSpecs = false;
  let current: Spec | undefined;
  const path = file.path;

  let lineNo = 0;
  let start = 0;
  const len = text.length;
  // Work on offsets: most lines are read by a few charCode checks without being copied.
  for (; start < len; lineNo++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = len;
    const s = start;
    start = end + 1;
    let e = end;
    if (e > s && text.charCodeAt(e - 1) === 13) e--;
    if (e === s) continue;
    const lineNumber = lineNo + 1;
    const indent = indentOf(text, s, e);
    if (indent === e - s) continue; // blank
    if (indent === 0) {
      // A section header (no indentation).
      const header = text.slice(s, e).trimEnd();
      if (header.startsWith("<<<<<<<") || header.startsWith(">>>>>>>") || header.startsWith("=======")) {
        throw new InventoryError("malformed", "unresolved merge conflict marker", {
          file: path,
          line: lineNumber,
        });
      }
      section = header;
      if (KNOWN_SECTIONS.has(section)) sawSection = true;
      else if (!/^[A-Z][A-Z _]*$/.test(section)) {
        if (!sawSection) {
          throw new InventoryError(
            "wrong-format",
            "not a Bundler lockfile: expected a section such as GEM, DEPENDENCIES or PLATFORMS",
            { file: path, line: lineNumber },
          );
        }
        throw new InventoryError("malformed", `unexpected line '${truncate(section)}'`, {
          file: path,
          line: lineNumber,
        });
      }
      src = SECTION_SOURCES.has(section) ? { type: section, remotes: [] } : undefined;
      info = undefined;
      inSpecs = false;
      current = undefined;
      continue;
    }
    if (src) {
      if (indent < 4) {
        // Source attribute (2 spaces): `remote: x`, `revision: y`, `specs:`.
        const t = text.slice(s, e).trim();
        if (t === "specs:") {
          inSpecs = true;
          continue;
        }
        const colon = t.indexOf(":");
        if (colon > 0) {
          const key = t.slice(0, colon);
          const value = t.slice(colon + 1).trim();
          if (key === "remote") src.remotes.push(value);
          else if (key === "revision") src.revision = value;
          else if (key === "branch") src.branch = value;
          else if (key === "tag") src.tag = value;
          else if (key === "ref") src.ref = value;
        }
        continue;
      }
      if (!inSpecs) continue;
      if (indent >= 6) {
        // `      dep (constraints)`: an edge from the current spec.
        if (!current) continue;
        const ne = nameEnd(text, s + indent, e);
        const dep = text.slice(s + indent, ne);
        if (!current.deps.includes(dep)) current.deps.push(dep);
        continue;
      }
      // `    name (version[-platform])`
      const ns = s + indent;
      const ne = nameEnd(text, ns, e);
      const name = text.slice(ns, ne);
      const open = text.charCodeAt(ne) === 32 && text.charCodeAt(ne + 1) === 40 ? ne + 2 : -1;
      const close = open > 0 ? text.indexOf(")", open) : -1;
      if (close < 0 || close > e || close === open || ne === ns) {
        const t = text.slice(s, e).trim();
        warnings.push({
          code: "malformed",
          message:
            ne > ns && open < 0 && ne === e
              ? `gem '${name}' has no version; skipped`
              : `unreadable spec line '${truncate(t)}'`,
          line: lineNumber,
        });
        current = undefined;
        continue;
      }
      const raw = text.slice(open, close);
      const dash = raw.indexOf("-");
      const version = dash < 0 ? raw : raw.slice(0, dash);
      const plat = dash < 0 ? "ruby" : raw.slice(dash + 1);
      const same = byName.get(name);
      let spec: Spec | undefined;
      if (same) for (const x of same) if (x.pkg.version === version) spec = x;
      if (!spec) {
        info ??= sourceInfo(src);
        const pkg: Package = {
          ecosystem: "RubyGems",
          name,
          version,
          purl: quickPurl("gem", "RubyGems", undefined, name, version),
          normalizedName: name,
          direct: false,
          scopes: ["prod"],
          locations: [{ path, line: lineNumber }],
          source: info.source,
        };
        if (info.resolved) pkg.resolved = info.resolved;
        if (info.hasMeta) pkg.meta = { ...info.meta };
        spec = { pkg, platforms: [plat], deps: [] };
        specs.push(spec);
        if (same) same.push(spec);
        else byName.set(name, [spec]);
      } else if (!spec.platforms.includes(plat)) spec.platforms.push(plat);
      current = spec;
      continue;
    }
    if (section === "DEPENDENCIES") {
      // `  name (constraints)!` — the `!` says the gem comes from a non-default source.
      const ns = s + indent;
      const ne = nameEnd(text, ns, e);
      if (ne > ns) direct.add(text.slice(ns, ne));
      else
        warnings.push({
          code: "malformed",
          message: `unreadable dependency '${truncate(text.slice(s, e).trim())}'`,
          line: lineNumber,
        });
      continue;
    }
    if (section === "CHECKSUMS") {
      // `  name (version[-platform]) sha256=HEX[,sha512=HEX]`
      const ns = s + indent;
      const ne = nameEnd(text, ns, e);
      if (text.charCodeAt(ne) !== 32 || text.charCodeAt(ne + 1) !== 40) continue;
      const close = text.indexOf(")", ne + 2);
      if (close < 0 || close + 2 >= e) continue;
      const raw = text.slice(ne + 2, close);
      const dash = raw.indexOf("-");
      const hashes = parseChecksums(text.slice(close + 2, e));
      if (hashes.length === 0) continue;
      const name = text.slice(ns, ne);
      const version = dash < 0 ? raw : raw.slice(0, dash);
      // Bundler writes CHECKSUMS after the sources, so the spec is usually known: attach directly.
      const spec = byName.get(name)?.find((x) => x.pkg.version === version);
      // Keep the generic (`ruby`) variant's digest when there is one: it is the gem most
      // installs fetch; platform variants are separate artifacts with their own digests.
      if (spec) {
        if (!spec.pkg.hashes || dash < 0) spec.pkg.hashes = hashes;
        continue;
      }
      let list = checksums.get(name);
      if (!list) {
        list = [];
        checksums.set(name, list);
      }
      const have = list.find((x) => x.version === version);
      if (!have) list.push({ version, hashes });
      else if (dash < 0) have.hashes = hashes;
    }
    // PLATFORMS, RUBY VERSION, BUNDLED WITH and unknown sections: nothing to collect.
  }

  if (!sawSection) {
    throw new InventoryError(
      "wrong-format",
      "not a Bundler lockfile: no GEM, GIT, PATH or DEPENDENCIES section",
      {
        file: path,
      },
    );
  }

  const packages: Package[] = [];
  for (const spec of specs) {
    const p = spec.pkg;
    if (direct.has(p.name)) p.direct = true;
    if (spec.platforms.length > 1 || spec.platforms[0] !== "ruby") {
      p.meta = { ...(p.meta ?? {}), platforms: spec.platforms.join(",") };
    }
    if (checksums.size > 0) {
      const h = checksums.get(p.name)?.find((x) => x.version === p.version);
      if (h) p.hashes = h.hashes;
    }
    if (spec.deps.length > 0) {
      const deps: string[] = [];
      for (const name of spec.deps) {
        const target = byName.get(name)?.[0];
        if (target && target !== spec) deps.push(target.pkg.purl);
      }
      if (deps.length > 0) p.dependencies = deps;
    }
    packages.push(p);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

/**
 * The lockfile, then Bundler groups from the Gemfile (`gems.rb` for `gems.locked`) beside it when
 * there is one: direct gems get their groups' scopes and locked gems the scopes of the direct
 * gems that reach them. Without a readable Gemfile every gem stays `prod`.
 */
async function parseWithGemfile(file: InputFile, ctx: ParseContext): Promise<ParseOutput> {
  const out = parseGemfileLock(file);
  const manifest = fileName(file.path) === "gems.locked" ? "gems.rb" : "Gemfile";
  let gemfile: InputFile | undefined;
  try {
    gemfile = await ctx.readRelative(manifest);
  } catch {
    gemfile = undefined;
  }
  if (!gemfile) return out;
  const groups = readGemfileGroups(gemfile.text);
  if (groups.size === 0) return out;
  const direct = new Map<string, Scope[]>();
  for (const p of out.packages)
    if (p.direct) direct.set(p.name, scopesForGroups(groups.get(p.name) ?? ["default"]));
  propagateScopes(out.packages, direct);
  return out;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const gemfileLockParser: InventoryParser = {
  id: "Gemfile.lock",
  aliases: ["gems.locked"],
  description:
    "Ruby Bundler lockfile (Gemfile.lock, gems.locked): gems, git/path sources, direct gems, graph",
  ecosystem: "RubyGems",
  matches(path: string): boolean {
    const name = fileName(path);
    return name === "Gemfile.lock" || name === "gems.locked";
  },
  parse: parseWithGemfile,
};
