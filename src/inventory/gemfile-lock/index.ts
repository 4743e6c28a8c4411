import { buildPurl, type Hash, type Package, type SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName } from "../json-input.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";

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
const SPEC = /^ {4}([^ (]+)(?: \(([^)]*)\))?\s*$/;
const DEP = /^ {6}([^ (]+)(?: \(([^)]*)\))?\s*$/;
const DIRECT = /^ {2}([^ (!]+)(?: \(([^)]*)\))?(!)?\s*$/;
const CHECKSUM = /^ {2}([^ (]+) \(([^)]*)\)(?: (.*))?$/;

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
  checksums: Map<string, Hash[]>;
}

function splitVersion(raw: string): { version: string; platform?: string } {
  const i = raw.indexOf("-");
  return i < 0 ? { version: raw } : { version: raw.slice(0, i), platform: raw.slice(i + 1) };
}

function parseChecksums(text: string | undefined): Hash[] {
  if (!text) return [];
  const out: Hash[] = [];
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    out.push({ alg: part.slice(0, eq).trim().toLowerCase(), value: part.slice(eq + 1).trim() });
  }
  return out;
}

function sourceInfo(src: SourceState): {
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

export function parseGemfileLock(file: InputFile): ParseOutput {
  const text = file.text;
  const warnings: ErrorInfo[] = [];
  const specs = new Map<string, Spec>(); // name@version → spec
  const firstByName = new Map<string, Spec>();
  const direct = new Set<string>();
  const checksums = new Map<string, Hash[]>(); // `name version` (platform stripped) → hashes of the generic variant first
  let section = "";
  let sawSection = false;
  let src: SourceState | undefined;
  let inSpecs = false;
  let current: Spec | undefined;

  let lineNo = 0;
  let start = 0;
  const len = text.length;
  while (start <= len) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = len;
    let line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.length === 0) {
      if (end === len) break;
      continue;
    }
    const c0 = line.charCodeAt(0);
    if (c0 !== 32) {
      // A section header (no indentation).
      if (line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>") || line.startsWith("=======")) {
        throw new InventoryError("malformed", "unresolved merge conflict marker", {
          file: file.path,
          line: lineNo,
        });
      }
      section = line.trimEnd();
      if (KNOWN_SECTIONS.has(section)) sawSection = true;
      else if (!/^[A-Z][A-Z _]*$/.test(section)) {
        if (!sawSection) {
          throw new InventoryError(
            "wrong-format",
            "not a Bundler lockfile: expected a section such as GEM, DEPENDENCIES or PLATFORMS",
            { file: file.path, line: lineNo },
          );
        }
        throw new InventoryError("malformed", `unexpected line '${truncate(section)}'`, {
          file: file.path,
          line: lineNo,
        });
      }
      src = SECTION_SOURCES.has(section) ? { type: section, remotes: [] } : undefined;
      inSpecs = false;
      current = undefined;
      if (end === len) break;
      continue;
    }
    if (src) {
      if (!line.startsWith("    ")) {
        // Source attribute (2 spaces): `remote: x`, `revision: y`, `specs:`.
        const t = line.trim();
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
      if (!line.startsWith("      ")) {
        const m = SPEC.exec(line);
        if (!m) {
          warnings.push({
            code: "malformed",
            message: `unreadable spec line '${truncate(line.trim())}'`,
            line: lineNo,
          });
          current = undefined;
          continue;
        }
        const name = m[1];
        if (m[2] === undefined || m[2] === "") {
          warnings.push({
            code: "malformed",
            message: `gem '${name}' has no version; skipped`,
            line: lineNo,
          });
          current = undefined;
          continue;
        }
        const { version, platform } = splitVersion(m[2]);
        const key = `${name}@${version}`;
        let spec = specs.get(key);
        if (!spec) {
          const info = sourceInfo(src);
          const pkg: Package = {
            ecosystem: "RubyGems",
            name,
            version,
            purl: buildPurl("RubyGems", name, version),
            normalizedName: name,
            direct: false,
            scopes: ["prod"],
            locations: [{ path: file.path, line: lineNo }],
            source: info.source,
          };
          if (info.resolved) pkg.resolved = info.resolved;
          if (Object.keys(info.meta).length > 0) pkg.meta = { ...info.meta };
          spec = { pkg, platforms: [], deps: [], checksums: new Map() };
          specs.set(key, spec);
          if (!firstByName.has(name)) firstByName.set(name, spec);
        }
        const plat = platform ?? "ruby";
        if (!spec.platforms.includes(plat)) spec.platforms.push(plat);
        current = spec;
        continue;
      }
      const d = DEP.exec(line);
      if (d && current && !current.deps.includes(d[1])) current.deps.push(d[1]);
      continue;
    }
    if (section === "DEPENDENCIES") {
      const m = DIRECT.exec(line);
      if (m) direct.add(m[1]);
      else
        warnings.push({
          code: "malformed",
          message: `unreadable dependency '${truncate(line.trim())}'`,
          line: lineNo,
        });
      continue;
    }
    if (section === "CHECKSUMS") {
      const m = CHECKSUM.exec(line);
      if (!m) continue;
      const { version, platform } = splitVersion(m[2]);
      const hashes = parseChecksums(m[3]);
      if (hashes.length === 0) continue;
      const key = `${m[1]}@${version}`;
      // Keep the generic (`ruby`) variant's digest when there is one: it is the gem most
      // installs fetch; platform variants are separate artifacts with their own digests.
      if (!checksums.has(key) || platform === undefined) checksums.set(key, hashes);
    }
    // PLATFORMS, RUBY VERSION, BUNDLED WITH and unknown sections: nothing to collect.
  }

  if (!sawSection) {
    throw new InventoryError(
      "wrong-format",
      "not a Bundler lockfile: no GEM, GIT, PATH or DEPENDENCIES section",
      {
        file: file.path,
      },
    );
  }

  const packages: Package[] = [];
  for (const spec of specs.values()) {
    const p = spec.pkg;
    if (direct.has(p.name)) p.direct = true;
    if (spec.platforms.length > 1 || spec.platforms[0] !== "ruby") {
      p.meta = { ...(p.meta ?? {}), platforms: spec.platforms.join(",") };
    }
    const h = checksums.get(`${p.name}@${p.version}`);
    if (h) p.hashes = h;
    const deps: string[] = [];
    for (const name of spec.deps) {
      const target = firstByName.get(name);
      if (target && target !== spec) deps.push(target.pkg.purl);
    }
    if (deps.length > 0) p.dependencies = deps;
    packages.push(p);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
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
  parse: parseGemfileLock,
};
