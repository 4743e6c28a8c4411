import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec } from "../python-dist.ts";
import { readPyproject } from "../python-project.ts";
import { simplePurl } from "../simple-purl.ts";
import { arrayTableLines, isTable, parseTomlInput, str, type TomlTable, tables } from "../toml-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";

/**
 * pylock.toml (PEP 751, and `pylock.<name>.toml`). `[[packages]]` with registry files (sdist,
 * wheels), `vcs`, `archive` or `directory` sources; hashes are `{ sha256 = "…" }` tables.
 * A `directory` at `.` is the project itself and is skipped. The format has no notion of direct
 * dependencies: pyproject.toml beside it, when present, supplies them.
 */

function hashTable(v: unknown, into: Hash[], seen: Set<string>): void {
  if (!isTable(v)) return;
  for (const [alg, value] of Object.entries(v)) {
    if (typeof value !== "string") continue;
    const key = `${alg}:${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    into.push({ alg: alg.toLowerCase(), value });
  }
}

function hashesOf(p: TomlTable): Hash[] | undefined {
  const out: Hash[] = [];
  const seen = new Set<string>();
  const file = (f: unknown) => {
    if (!isTable(f)) return;
    hashTable(f.hashes, out, seen);
    const spec = str(f.hash); // some writers use the `alg:value` string form
    if (spec && !seen.has(spec)) {
      seen.add(spec);
      const h = hashFromSpec(spec);
      if (h) out.push(h);
    }
  };
  file(p.sdist);
  file(p.archive);
  for (const w of tables(p.wheels)) file(w);
  return out.length > 0 ? out : undefined;
}

/**
 * PEP 751 markers say which extras / dependency groups need a package. A package needed by the
 * `default` group is prod; one needed only through extras is optional; only through other
 * groups, dev. Markers that name neither are about platforms: prod.
 */
export function scopeFromMarker(marker: string): Scope {
  if (/["']default["']\s+in\s+dependency_groups/.test(marker)) return "prod";
  const extras = /\bin\s+extras\b/.test(marker);
  const groups = /\bin\s+dependency_groups\b/.test(marker);
  if (extras) return "optional";
  if (groups) return "dev";
  return "prod";
}

export const pylockParser: InventoryParser = {
  id: "pylock.toml",
  description: "Python lock file (PEP 751 pylock.toml): packages, vcs/archive/directory sources, hashes",
  ecosystem: "PyPI",
  matches: (path) => /(^|[/\\])pylock\.([^/\\]+\.)?toml$/.test(path),
  async parse(file, ctx) {
    const doc = parseTomlInput(file, "pylock.toml");
    if (!("packages" in doc) && !("lock-version" in doc)) {
      throw new InventoryError("wrong-format", "no 'lock-version' and no [[packages]]: not a pylock.toml", {
        file: file.path,
      });
    }
    if ("packages" in doc && !Array.isArray(doc.packages)) {
      throw new InventoryError("wrong-format", "'packages' is not an array of tables: not a pylock.toml", {
        file: file.path,
      });
    }
    const lockVersion = str(doc["lock-version"]);
    const warnings: ErrorInfo[] = [];
    if (lockVersion && !lockVersion.startsWith("1."))
      warnings.push({
        code: "unsupported-version",
        message: `lock-version ${lockVersion} is newer than 1.x; read as 1.x`,
      });
    const raw = (doc.packages as unknown[] | undefined) ?? [];
    const lines = arrayTableLines(file.text, "packages");
    const linesOk = lines.length === raw.length;
    const declared = await readPyproject(ctx, warnings);

    const packages: Package[] = [];
    const deps: { name: string; version?: string }[][] = [];
    const byName = new Map<string, Package[]>();
    raw.forEach((p, i) => {
      const line = linesOk ? lines[i] : undefined;
      const at = line ? { line } : {};
      const name = isTable(p) ? str(p.name) : undefined;
      if (!isTable(p) || !name) {
        warnings.push({
          code: "invalid-entry",
          message: `packages entry ${i + 1} has no name; skipped`,
          ...at,
        });
        return;
      }
      const dir = isTable(p.directory) ? p.directory : undefined;
      if (dir && (str(dir.path) === "." || str(dir.path) === "")) return; // the project itself
      const version = str(p.version) ?? "";
      const normalizedName = normalizeName("PyPI", name);
      const pkg: Package = {
        ecosystem: "PyPI",
        name,
        version,
        purl: simplePurl("PyPI", name, version),
        normalizedName,
        direct: declared
          ? declared.main.has(normalizedName) ||
            declared.optional.has(normalizedName) ||
            declared.dev.has(normalizedName)
          : false,
        scopes: ["prod"],
        locations: [{ path: file.path, ...at }],
        source: "registry",
      };
      const meta: Record<string, string | number | boolean> = {};
      const vcs = isTable(p.vcs) ? p.vcs : undefined;
      const archive = isTable(p.archive) ? p.archive : undefined;
      if (vcs) {
        pkg.source = str(vcs.type) === "git" ? "git" : "url";
        const url = str(vcs.url) ?? str(vcs.path);
        const commit = str(vcs["commit-id"]);
        if (url) pkg.resolved = commit ? `${url}@${commit}` : url;
        if (commit) meta.commit = commit;
        const ref = str(vcs["requested-revision"]);
        if (ref) meta.ref = ref;
      } else if (archive) {
        const url = str(archive.url);
        pkg.source = url ? "url" : "file";
        const where = url ?? str(archive.path);
        if (where) pkg.resolved = where;
      } else if (dir) {
        pkg.source = "file";
        const path = str(dir.path);
        if (path) pkg.resolved = path;
        if (dir.editable === true) meta.editable = true;
      }
      if (!version && !vcs && !dir)
        warnings.push({ code: "no-version", message: `${name} has no version`, ...at });
      const index = str(p.index);
      if (index) meta.index = index;
      const marker = str(p.marker);
      if (marker) {
        meta.marker = marker;
        pkg.scopes = [scopeFromMarker(marker)];
      }
      const hashes = hashesOf(p);
      if (hashes) pkg.hashes = hashes;
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      packages.push(pkg);
      deps.push(
        tables(p.dependencies)
          .map((d) => ({ name: str(d.name) ?? "", version: str(d.version) }))
          .filter((d) => d.name),
      );
      const list = byName.get(normalizedName);
      if (list) list.push(pkg);
      else byName.set(normalizedName, [pkg]);
    });
    packages.forEach((pkg, i) => {
      const purls: string[] = [];
      for (const d of deps[i]) {
        for (const c of byName.get(normalizeName("PyPI", d.name)) ?? [])
          if (!d.version || c.version === d.version) purls.push(c.purl);
      }
      if (purls.length > 0) pkg.dependencies = [...new Set(purls)];
    });
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
