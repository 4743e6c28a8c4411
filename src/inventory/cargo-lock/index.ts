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

export const cargoLockParser: InventoryParser = {
  id: "Cargo.lock",
  description: "Rust Cargo.lock (v1–v4): crates, sources, checksums, dependency graph",
  ecosystem: "crates.io",
  matches: (path) => /(^|[/\\])Cargo\.lock$/.test(path),
  parse(file) {
    const doc = parseTomlInput(file, "Cargo.lock");
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
    const lines = arrayTableLines(file.text, "package");
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
