import { type Hash, normalizeName, type Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec } from "../python-dist.ts";
import { scopesFromGraph } from "../python-project.ts";
import { simplePurl } from "../simple-purl.ts";
import { arrayTableLines, isTable, parseTomlInput, str, type TomlTable, tables } from "../toml-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";

/**
 * uv.lock. Packages whose source is `virtual` or `editable` are the project's own code (the root
 * project and workspace members): they are not listed, but their `dependencies`,
 * `optional-dependencies` and `dev-dependencies` mark packages direct and give scopes
 * (reachable from runtime dependencies → prod, only from extras → optional, only from dev
 * groups → dev). `dependencies` edges become Package.dependencies.
 */

interface Entry {
  name: string;
  norm: string;
  version?: string;
  table: TomlTable;
  line?: number;
  root: boolean;
  pkg?: Package;
}

function depRefs(list: unknown): { name: string; version?: string }[] {
  return tables(list)
    .map((d) => ({ name: str(d.name) ?? "", version: str(d.version) }))
    .filter((d) => d.name);
}

function groupRefs(table: unknown): { name: string; version?: string }[] {
  if (!isTable(table)) return [];
  return Object.values(table).flatMap(depRefs);
}

function hashesOf(entry: TomlTable): Hash[] | undefined {
  const seen = new Set<string>();
  const out: Hash[] = [];
  const add = (t: unknown) => {
    const spec = isTable(t) ? str(t.hash) : undefined;
    if (!spec || seen.has(spec)) return;
    seen.add(spec);
    const h = hashFromSpec(spec);
    if (h) out.push(h);
  };
  add(entry.sdist);
  if (Array.isArray(entry.wheels)) for (const w of entry.wheels) add(w);
  return out.length > 0 ? out : undefined;
}

export const uvLockParser: InventoryParser = {
  id: "uv.lock",
  description: "uv lockfile: packages, sources, wheel/sdist hashes, dependency graph, groups",
  ecosystem: "PyPI",
  matches: (path) => /(^|[/\\])uv\.lock$/.test(path),
  parse(file) {
    const doc = parseTomlInput(file, "uv.lock");
    if (!("package" in doc) && typeof doc.version !== "number" && !("requires-python" in doc)) {
      throw new InventoryError("wrong-format", "no [[package]] entries and no lock version: not a uv.lock", {
        file: file.path,
      });
    }
    if ("package" in doc && !Array.isArray(doc.package)) {
      throw new InventoryError("wrong-format", "'package' is not an array of tables: not a uv.lock", {
        file: file.path,
      });
    }
    const raw = (doc.package as unknown[] | undefined) ?? [];
    const lines = arrayTableLines(file.text, "package");
    const linesOk = lines.length === raw.length;
    const warnings: ErrorInfo[] = [];
    const entries: Entry[] = [];
    const byName = new Map<string, Entry[]>();

    raw.forEach((p, i) => {
      const line = linesOk ? lines[i] : undefined;
      const name = isTable(p) ? str(p.name) : undefined;
      if (!isTable(p) || !name) {
        warnings.push({
          code: "invalid-entry",
          message: `package entry ${i + 1} has no name; skipped`,
          ...(line ? { line } : {}),
        });
        return;
      }
      const source = isTable(p.source) ? p.source : {};
      const root = "virtual" in source || "editable" in source;
      const e: Entry = {
        name,
        norm: normalizeName("PyPI", name),
        version: str(p.version),
        table: p,
        root,
        ...(line ? { line } : {}),
      };
      entries.push(e);
      const list = byName.get(e.norm);
      if (list) list.push(e);
      else byName.set(e.norm, [e]);
      if (root) return;
      const version = e.version ?? "";
      if (!e.version)
        warnings.push({
          code: "no-version",
          message: `${name} has no version in the lock (a dynamic local package?)`,
          ...(line ? { line } : {}),
        });
      const pkg: Package = {
        ecosystem: "PyPI",
        name,
        version,
        purl: simplePurl("PyPI", name, version),
        normalizedName: e.norm,
        direct: false,
        scopes: ["prod"],
        locations: [{ path: file.path, ...(line ? { line } : {}) }],
        source: "registry",
      };
      const meta: Record<string, string | number | boolean> = {};
      const git = str(source.git);
      const url = str(source.url);
      const path = str(source.path) ?? str(source.directory);
      if (git) {
        pkg.source = "git";
        pkg.resolved = git;
        const hash = git.indexOf("#");
        if (hash >= 0) meta.commit = git.slice(hash + 1);
      } else if (url) {
        pkg.source = "url";
        pkg.resolved = url;
      } else if (path) {
        pkg.source = "file";
        pkg.resolved = path;
      }
      const hashes = hashesOf(p);
      if (hashes) pkg.hashes = hashes;
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      e.pkg = pkg;
    });

    const resolve = (ref: { name: string; version?: string }): Entry[] => {
      const candidates = byName.get(normalizeName("PyPI", ref.name)) ?? [];
      if (!ref.version) return candidates;
      return candidates.filter((c) => c.version === ref.version);
    };
    const ids = (refs: { name: string; version?: string }[]): string[] => {
      const out: string[] = [];
      for (const r of refs) for (const c of resolve(r)) if (c.pkg) out.push(c.pkg.purl);
      return out;
    };

    const edges = new Map<string, string[]>();
    const main: string[] = [];
    const optional: string[] = [];
    const dev: string[] = [];
    for (const e of entries) {
      const deps = ids(depRefs(e.table.dependencies));
      const extras = ids(groupRefs(e.table["optional-dependencies"]));
      if (e.root) {
        main.push(...deps);
        optional.push(...extras);
        dev.push(...ids(groupRefs(e.table["dev-dependencies"])));
        continue;
      }
      if (!e.pkg) continue;
      const all = [...new Set([...deps, ...extras])];
      if (all.length > 0) {
        e.pkg.dependencies = all;
        edges.set(e.pkg.purl, all);
      }
    }
    const hasRoots = entries.some((e) => e.root);
    const scopes = hasRoots ? scopesFromGraph({ main, optional, dev }, edges) : undefined;
    const direct = new Set([...main, ...optional, ...dev]);
    const packages: Package[] = [];
    for (const e of entries) {
      if (!e.pkg) continue;
      if (direct.has(e.pkg.purl)) e.pkg.direct = true;
      const s = scopes?.get(e.pkg.purl);
      if (s) e.pkg.scopes = [...s];
      packages.push(e.pkg);
    }
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
