import type { Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { simplePurl } from "../simple-purl.ts";
import { arrayTableLines, isTable, parseTomlInput, str, type TomlTable } from "../toml-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";

/**
 * Cargo.lock, all versions: v1 (checksums in `[metadata]`, dependencies as
 * `"name version (source)"`), v2/v3 (`checksum` per package, dependencies as `"name"` or
 * `"name version"` when ambiguous) and v4 (`version = 4`, same shape).
 *
 * Packages without `source` are the project's own crates (workspace members and path
 * dependencies): they are not listed, but what they depend on is marked direct.
 */

/** The two spellings of the default crates.io index in `source`. */
const CRATES_IO_INDEX = new Set([
  "registry+https://github.com/rust-lang/crates.io-index",
  "sparse+https://index.crates.io/",
]);

interface Entry {
  name: string;
  version: string;
  source?: string;
  deps: unknown[];
  line: number | undefined;
  pkg?: Package;
}

/** `name`, `name version`, `name version (source)` → parts. */
function parseDepSpec(spec: string): { name: string; version?: string; source?: string } {
  // Split by hand: this runs once per dependency edge (thousands in a large workspace).
  const s = spec.trim();
  const sp = s.indexOf(" ");
  if (sp < 0) return { name: s };
  const name = s.slice(0, sp);
  const rest = s.slice(sp + 1).trim();
  const sp2 = rest.indexOf(" ");
  if (sp2 < 0) return { name, version: rest };
  const version = rest.slice(0, sp2);
  const src = rest.slice(sp2 + 1).trim();
  if (src.startsWith("(") && src.endsWith(")")) return { name, version, source: src.slice(1, -1) };
  return { name, version };
}

const KEY_VALUE = /^([A-Za-z0-9_-]+|"[^"\\]*") = (.*)$/;
const STRING_VALUE = /^"([^"\\]*)"$/;
const ARRAY_ITEM = /^"([^"\\]*)",?$/;

/**
 * A reader for the exact shape Cargo writes (`[[package]]` tables of plain `key = "string"`
 * pairs and one-string-per-line `dependencies` arrays, `[metadata]`, `[[patch.unused]]`,
 * `version = N`), giving the same document smol-toml would plus each package's line. Written
 * by hand for speed: on a 1,000-crate lockfile it is several times faster than a general TOML
 * parse. Any line outside that shape (escapes, inline tables, other tables, a repeated key)
 * returns undefined and the file goes through smol-toml instead, so only valid TOML is ever
 * accepted here.
 */
export function readCargoLockFast(text: string): { doc: TomlTable; lines: number[] } | undefined {
  // Plain objects (smol-toml uses null-prototype ones, which are slower to fill); `__proto__`
  // as a key is declined below.
  const table = (): TomlTable => ({});
  const doc: TomlTable = table();
  const packages: TomlTable[] = [];
  const lines: number[] = [];
  let metadata: TomlTable | undefined;
  let cur: TomlTable = doc;
  let array: string[] | undefined;
  let line = 0;
  for (let pos = 0; pos <= text.length; ) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    line++;
    let l = text.slice(pos, end);
    pos = end + 1;
    if (l.endsWith("\r")) l = l.slice(0, -1);
    if (array) {
      const t = l.trim();
      if (t === "]") {
        array = undefined;
        continue;
      }
      const m = ARRAY_ITEM.exec(t);
      if (!m) return undefined;
      array.push(m[1]);
      continue;
    }
    const c = l.charCodeAt(0);
    if (l === "" || c === 35 /* # */) continue;
    if (c === 91 /* [ */) {
      if (l === "[[package]]") {
        cur = table();
        packages.push(cur);
        lines.push(line);
      } else if (l === "[metadata]" && !metadata) {
        metadata = table();
        cur = metadata;
      } else if (l === "[[patch.unused]]") {
        cur = table(); // recorded by Cargo for unused patches; not packages in the build
      } else return undefined;
      continue;
    }
    const m = KEY_VALUE.exec(l);
    if (!m) return undefined;
    const key = m[1].charCodeAt(0) === 34 ? m[1].slice(1, -1) : m[1];
    if (Object.hasOwn(cur, key) || (cur === doc && (key === "package" || key === "metadata")))
      return undefined;
    const value = m[2];
    const sv = STRING_VALUE.exec(value);
    if (sv) cur[key] = sv[1];
    else if (value === "[") {
      array = [];
      cur[key] = array;
    } else if (value === "[]") cur[key] = [];
    else if (/^[0-9]+$/.test(value) && cur === doc) cur[key] = Number(value);
    else return undefined;
  }
  if (array) return undefined;
  if (packages.length > 0) doc.package = packages;
  if (metadata) doc.metadata = metadata;
  return { doc, lines };
}

export const cargoLockParser: InventoryParser = {
  id: "Cargo.lock",
  description: "Rust Cargo.lock (v1–v4): crates, sources, checksums, dependency graph",
  ecosystem: "crates.io",
  matches: (path) => /(^|[/\\])Cargo\.lock$/.test(path),
  parse(file) {
    const fast = readCargoLockFast(file.text);
    const doc = fast?.doc ?? parseTomlInput(file, "Cargo.lock");
    const hasPackages = "package" in doc;
    if (!hasPackages && !isTable(doc.metadata) && typeof doc.version !== "number") {
      throw new InventoryError("wrong-format", "no [[package]] entries: not a Cargo.lock", {
        file: file.path,
      });
    }
    if (hasPackages && !Array.isArray(doc.package)) {
      throw new InventoryError("wrong-format", "'package' is not an array of tables: not a Cargo.lock", {
        file: file.path,
      });
    }
    if (typeof doc.version === "number" && (doc.version < 1 || doc.version > 4)) {
      throw new InventoryError(
        "unsupported-version",
        `Cargo.lock version ${doc.version} is not supported (1–4 are)`,
        {
          file: file.path,
        },
      );
    }
    const raw = (doc.package as unknown[] | undefined) ?? [];
    const lines = fast?.lines ?? arrayTableLines(file.text, "package");
    const linesOk = lines.length === raw.length;
    const warnings: ErrorInfo[] = [];

    // v1 keeps checksums in [metadata] as `"checksum name version (source)" = "sha256"`.
    const v1Checksums = new Map<string, string>();
    if (isTable(doc.metadata)) {
      for (const [k, v] of Object.entries(doc.metadata as TomlTable)) {
        if (!k.startsWith("checksum ") || typeof v !== "string") continue;
        const d = parseDepSpec(k.slice(9));
        if (d.version && v !== "<none>") v1Checksums.set(`${d.name} ${d.version} ${d.source ?? ""}`, v);
      }
    }

    const entries: Entry[] = [];
    const byName = new Map<string, Entry[]>();
    raw.forEach((p, i) => {
      const line = linesOk ? lines[i] : undefined;
      const name = isTable(p) ? str(p.name) : undefined;
      const version = isTable(p) ? str(p.version) : undefined;
      if (!isTable(p) || !name || !version) {
        warnings.push({
          code: "invalid-entry",
          message: `package entry ${i + 1} has no name or version; skipped`,
          ...(line ? { line } : {}),
        });
        return;
      }
      const deps: unknown[] = Array.isArray(p.dependencies) ? p.dependencies : [];
      const e: Entry = { name, version, deps, line };
      const source = str(p.source);
      if (source) e.source = source;
      entries.push(e);
      const list = byName.get(name);
      if (list) list.push(e);
      else byName.set(name, [e]);
      if (!source) return; // the project's own crate
      const pkg: Package = {
        ecosystem: "crates.io",
        name,
        version,
        purl: simplePurl("crates.io", name, version),
        normalizedName: name,
        direct: false,
        scopes: ["prod"],
        locations: [line === undefined ? { path: file.path } : { path: file.path, line }],
      };
      if (CRATES_IO_INDEX.has(source)) {
        pkg.source = "registry";
      } else if (source.startsWith("git+")) {
        pkg.source = "git";
        const hash = source.indexOf("#");
        pkg.resolved = source.slice(4);
        if (hash >= 0) pkg.meta = { commit: source.slice(hash + 1) };
      } else if (source.startsWith("registry+") || source.startsWith("sparse+")) {
        pkg.source = "registry";
        pkg.meta = { registry: source.replace(/^(registry|sparse)\+/, "") };
      } else {
        pkg.source = "unknown";
        pkg.resolved = source;
      }
      const checksum = str(p.checksum) ?? v1Checksums.get(`${name} ${version} ${source}`);
      if (checksum && checksum.length === 64) pkg.hashes = [{ alg: "sha256", value: checksum }];
      e.pkg = pkg;
    });

    // Many crates depend on the same few (`serde`, `libc`): resolve each spelling once.
    const resolved = new Map<string, Entry | null>();
    const resolve = (spec: string): Entry | undefined => {
      if (spec.indexOf(" ") < 0) {
        // The common case (v2+): a bare name, unique in the lock.
        const c = byName.get(spec);
        return c && c.length === 1 ? c[0] : undefined;
      }
      const have = resolved.get(spec);
      if (have !== undefined) return have ?? undefined;
      const r = resolveSpec(spec);
      resolved.set(spec, r ?? null);
      return r;
    };
    const resolveSpec = (spec: string): Entry | undefined => {
      const d = parseDepSpec(spec);
      const candidates = byName.get(d.name);
      if (!candidates) return undefined;
      if (!d.version) return candidates.length === 1 ? candidates[0] : undefined;
      const same = candidates.filter((c) => c.version === d.version);
      if (same.length <= 1 || !d.source) return same[0];
      return same.find((c) => c.source === d.source) ?? same[0];
    };

    const packages: Package[] = [];
    let unresolved = 0;
    for (const e of entries) {
      const purls: string[] = [];
      for (const spec of e.deps) {
        if (typeof spec !== "string") continue;
        const target = resolve(spec);
        if (!target) {
          unresolved++;
          continue;
        }
        if (target.pkg) {
          purls.push(target.pkg.purl);
          if (!e.source) target.pkg.direct = true;
        }
      }
      if (e.pkg) {
        if (purls.length > 0) e.pkg.dependencies = purls;
        packages.push(e.pkg);
      }
    }
    if (unresolved > 0)
      warnings.push({
        code: "unresolved-dependency",
        message: `${unresolved} dependency reference(s) name no locked crate (or more than one); the graph is incomplete`,
      });
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
