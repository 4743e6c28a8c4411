import { normalizeName, type Scope } from "../core/package.ts";
import type { ErrorInfo } from "../core/result.ts";
import { isTable, parseTomlInput, str, type TomlTable } from "./toml-input.ts";
import { InventoryError, type ParseContext } from "./types.ts";

/**
 * What a project's pyproject.toml declares, by normalized name: used by the Python lockfile
 * parsers to tell direct from transitive packages and prod from dev. Reads PEP 621
 * `[project]` (dependencies, optional-dependencies), PEP 735 `[dependency-groups]`, Poetry
 * `[tool.poetry]` (dependencies, dev-dependencies, group.*.dependencies), PDM
 * `[tool.pdm.dev-dependencies]` and uv `[tool.uv] dev-dependencies`.
 */
export interface DeclaredDependencies {
  /** Runtime dependencies (`[project].dependencies`, `[tool.poetry.dependencies]`). */
  main: Set<string>;
  /** Extras (`[project.optional-dependencies]`). */
  optional: Set<string>;
  /** Dev / test / doc groups. */
  dev: Set<string>;
  /** Names of the extras (`[project.optional-dependencies]` keys). */
  extraNames: Set<string>;
  /** Names of the dev groups (`[dependency-groups]`, `[tool.pdm.dev-dependencies]`, Poetry groups). */
  devGroupNames: Set<string>;
}

/** The name at the start of a PEP 508 string: `requests[socks]>=2; python_version>"3"` → `requests`. */
export function pep508Name(spec: string): string | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(spec);
  return m ? normalizeName("PyPI", m[1]) : undefined;
}

function addPep508List(target: Set<string>, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const n = typeof item === "string" ? pep508Name(item) : undefined;
    if (n) target.add(n);
  }
}

function addKeys(target: Set<string>, table: unknown): void {
  if (!isTable(table)) return;
  for (const k of Object.keys(table)) {
    const n = normalizeName("PyPI", k);
    if (n !== "python") target.add(n);
  }
}

export function declaredDependencies(doc: TomlTable): DeclaredDependencies {
  const out: DeclaredDependencies = {
    main: new Set(),
    optional: new Set(),
    dev: new Set(),
    extraNames: new Set(),
    devGroupNames: new Set(),
  };
  const project = doc.project;
  if (isTable(project)) {
    addPep508List(out.main, project.dependencies);
    if (isTable(project["optional-dependencies"]))
      for (const [name, list] of Object.entries(project["optional-dependencies"])) {
        out.extraNames.add(name);
        addPep508List(out.optional, list);
      }
  }
  const groups = doc["dependency-groups"];
  if (isTable(groups))
    for (const [name, list] of Object.entries(groups)) {
      out.devGroupNames.add(name);
      addPep508List(out.dev, list);
    }
  const tool = isTable(doc.tool) ? doc.tool : undefined;
  const poetry = tool && isTable(tool.poetry) ? tool.poetry : undefined;
  if (poetry) {
    addKeys(out.main, poetry.dependencies);
    addKeys(out.dev, poetry["dev-dependencies"]);
    if (isTable(poetry.group))
      for (const [name, g] of Object.entries(poetry.group)) {
        if (!isTable(g)) continue;
        if (name !== "main") out.devGroupNames.add(name);
        addKeys(name === "main" ? out.main : out.dev, g.dependencies);
      }
  }
  const pdm = tool && isTable(tool.pdm) ? tool.pdm : undefined;
  if (pdm && isTable(pdm["dev-dependencies"]))
    for (const [name, list] of Object.entries(pdm["dev-dependencies"])) {
      out.devGroupNames.add(name);
      addPep508List(out.dev, list);
    }
  const uv = tool && isTable(tool.uv) ? tool.uv : undefined;
  if (uv) addPep508List(out.dev, uv["dev-dependencies"]);
  // A project's own name is not a dependency (self-referencing extras such as `pkg[test]`).
  const own = project && isTable(project) ? str(project.name) : poetry ? str(poetry.name) : undefined;
  if (own) {
    const n = normalizeName("PyPI", own);
    out.main.delete(n);
    out.optional.delete(n);
    out.dev.delete(n);
  }
  return out;
}

/**
 * Read pyproject.toml beside a lockfile. Absent → undefined; unreadable or malformed →
 * undefined plus a warning (the lockfile is still read, only direct/scope facts are missing).
 */
export async function readPyproject(
  ctx: ParseContext,
  warnings: ErrorInfo[],
): Promise<DeclaredDependencies | undefined> {
  try {
    const file = await ctx.readRelative("pyproject.toml");
    if (!file) return undefined;
    return declaredDependencies(parseTomlInput(file, "pyproject.toml"));
  } catch (e) {
    if (e instanceof InventoryError && e.code === "file-empty") return undefined;
    const why = e instanceof InventoryError ? e.message : String(e);
    warnings.push({
      code: "pyproject-unreadable",
      message: `pyproject.toml beside the lockfile could not be read (${why}); direct dependencies are not known`,
    });
    return undefined;
  }
}

/**
 * Scopes from the graph: a package reachable from a main dependency is prod, one reachable only
 * from dev groups is dev, only from extras is optional. Packages reachable from none keep
 * undefined (callers fall back to what the lockfile says). Breadth-first, linear in edges.
 */
export function scopesFromGraph(
  roots: { main: Iterable<string>; optional: Iterable<string>; dev: Iterable<string> },
  edges: Map<string, string[]>,
): Map<string, Scope[]> {
  const reach = (start: Iterable<string>): Set<string> => {
    const seen = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const n = queue.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of edges.get(n) ?? []) if (!seen.has(d)) queue.push(d);
    }
    return seen;
  };
  const main = reach(roots.main);
  const optional = reach(roots.optional);
  const dev = reach(roots.dev);
  const out = new Map<string, Scope[]>();
  for (const n of new Set([...main, ...optional, ...dev])) {
    if (main.has(n)) out.set(n, ["prod"]);
    else if (optional.has(n)) out.set(n, dev.has(n) ? ["optional", "dev"] : ["optional"]);
    else out.set(n, ["dev"]);
  }
  return out;
}
