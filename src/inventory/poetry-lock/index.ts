import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec } from "../python-dist.ts";
import { readPyproject, scopesFromGraph } from "../python-project.ts";
import { simplePurl } from "../simple-purl.ts";
import { arrayTableLines, isTable, parseTomlInput, str, type TomlTable } from "../toml-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";

/**
 * poetry.lock, Poetry 1.x (`category = "main"|"dev"`, hashes under `[metadata.files]`) and
 * 2.x (`groups = [...]`, `files` on each package). Between 1.5 and 2.0 neither category nor
 * groups is written: scopes then come from pyproject.toml and the dependency graph, or default to
 * prod when there is no pyproject.toml.
 */

function hashesOf(files: unknown): Hash[] | undefined {
  if (!Array.isArray(files)) return undefined;
  const seen = new Set<string>();
  const out: Hash[] = [];
  for (const f of files) {
    const spec = isTable(f) ? str(f.hash) : undefined;
    if (!spec || seen.has(spec)) continue;
    const h = hashFromSpec(spec);
    if (h) {
      seen.add(spec);
      out.push(h);
    }
  }
  return out.length > 0 ? out : undefined;
}

function scopeFromLock(entry: TomlTable): Scope[] | undefined {
  const optional = entry.optional === true;
  const groups = Array.isArray(entry.groups) ? entry.groups.filter((g) => typeof g === "string") : undefined;
  const category = str(entry.category);
  let dev: boolean | undefined;
  if (groups && groups.length > 0) dev = !groups.includes("main");
  else if (category) dev = category !== "main";
  if (dev === undefined) return undefined;
  if (dev) return ["dev"];
  return optional ? ["optional"] : ["prod"];
}

export const poetryLockParser: InventoryParser = {
  id: "poetry.lock",
  description: "Poetry lockfile (1.x and 2.x), with pyproject.toml beside it for direct dependencies",
  ecosystem: "PyPI",
  matches: (path) => /(^|[/\\])poetry\.lock$/i.test(path),
  async parse(file, ctx) {
    const doc = parseTomlInput(file, "poetry.lock");
    const metadata = isTable(doc.metadata) ? doc.metadata : undefined;
    if (!("package" in doc) && !metadata) {
      throw new InventoryError(
        "wrong-format",
        "no [[package]] entries and no [metadata]: not a poetry.lock",
        {
          file: file.path,
        },
      );
    }
    if ("package" in doc && !Array.isArray(doc.package)) {
      throw new InventoryError("wrong-format", "'package' is not an array of tables: not a poetry.lock", {
        file: file.path,
      });
    }
    const entries = (doc.package as unknown[] | undefined) ?? [];
    const lines = arrayTableLines(file.text, "package");
    const linesOk = lines.length === entries.length;
    const legacyFiles = metadata && isTable(metadata.files) ? metadata.files : undefined;
    const legacyByName = new Map<string, unknown>();
    if (legacyFiles)
      for (const [k, v] of Object.entries(legacyFiles)) legacyByName.set(normalizeName("PyPI", k), v);

    const warnings: ErrorInfo[] = [];
    const declared = await readPyproject(ctx, warnings);
    const packages: Package[] = [];
    const depNames: string[][] = [];
    const lockScopes: (Scope[] | undefined)[] = [];
    const purlsByName = new Map<string, string[]>();

    entries.forEach((entry, i) => {
      const line = linesOk ? lines[i] : undefined;
      const name = isTable(entry) ? str(entry.name) : undefined;
      const version = isTable(entry) ? str(entry.version) : undefined;
      if (!isTable(entry) || !name || version === undefined) {
        warnings.push({
          code: "invalid-entry",
          message: `package entry ${i + 1} has no name or version; skipped`,
          ...(line ? { line } : {}),
        });
        return;
      }
      const normalizedName = normalizeName("PyPI", name);
      const pkg: Package = {
        ecosystem: "PyPI",
        name,
        version,
        purl: simplePurl("PyPI", name, version),
        normalizedName,
        direct: false,
        scopes: ["prod"],
        locations: [{ path: file.path, ...(line ? { line } : {}) }],
        source: "registry",
      };
      const hashes = hashesOf(entry.files) ?? hashesOf(legacyByName.get(normalizedName));
      if (hashes) pkg.hashes = hashes;
      const meta: Record<string, string | number | boolean> = {};
      const src = isTable(entry.source) ? entry.source : undefined;
      if (src) {
        const type = str(src.type);
        const url = str(src.url);
        if (type === "git") {
          pkg.source = "git";
          const commit = str(src.resolved_reference);
          if (commit) meta.commit = commit;
          const ref = str(src.reference);
          if (ref && ref !== commit) meta.ref = ref;
          if (url) pkg.resolved = commit ? `${url}@${commit}` : url;
        } else if (type === "url") {
          pkg.source = "url";
          if (url) pkg.resolved = url;
        } else if (type === "directory" || type === "file") {
          pkg.source = "file";
          if (url) pkg.resolved = url;
        } else if (type === "legacy") {
          // A private index named in pyproject.toml: still a registry, not the default one.
          const ref = str(src.reference);
          if (ref) meta.index = ref;
          if (url) meta.indexUrl = url;
        }
      }
      if (entry.develop === true) meta.develop = true;
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      const deps = isTable(entry.dependencies)
        ? Object.keys(entry.dependencies).map((d) => normalizeName("PyPI", d))
        : [];
      packages.push(pkg);
      depNames.push(deps);
      lockScopes.push(scopeFromLock(entry));
      const list = purlsByName.get(normalizedName);
      if (list) list.push(pkg.purl);
      else purlsByName.set(normalizedName, [pkg.purl]);
    });

    const edges = new Map<string, string[]>();
    packages.forEach((pkg, i) => {
      const purls: string[] = [];
      for (const d of depNames[i]) for (const p of purlsByName.get(d) ?? []) purls.push(p);
      if (purls.length > 0) pkg.dependencies = purls;
      const have = edges.get(pkg.normalizedName);
      if (have) have.push(...depNames[i]);
      else edges.set(pkg.normalizedName, [...depNames[i]]);
    });

    const graphScopes =
      declared && lockScopes.some((s) => s === undefined) ? scopesFromGraph(declared, edges) : undefined;
    packages.forEach((pkg, i) => {
      if (declared) {
        const n = pkg.normalizedName;
        pkg.direct = declared.main.has(n) || declared.dev.has(n) || declared.optional.has(n);
      }
      const scopes = lockScopes[i] ?? graphScopes?.get(pkg.normalizedName);
      if (scopes) pkg.scopes = [...scopes];
    });
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
