import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec } from "../python-dist.ts";
import { pep508Name, readPyproject } from "../python-project.ts";
import { simplePurl } from "../simple-purl.ts";
import { arrayTableLines, isTable, parseTomlInput, str } from "../toml-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";

/**
 * pdm.lock. Each package lists the groups that need it: `default` is prod. Other groups are
 * either extras (`[project.optional-dependencies]`) or dev groups (`[tool.pdm.dev-dependencies]`,
 * `[dependency-groups]`); pyproject.toml beside the lock tells which (and which packages are
 * direct). Without it, `dev` is dev and any other group is optional (not installed by default).
 */

function groupScope(group: string, extras: Set<string>, devGroups: Set<string>): Scope {
  if (group === "default") return "prod";
  if (extras.has(group)) return "optional";
  if (devGroups.has(group) || group === "dev") return "dev";
  return "optional";
}

export const pdmLockParser: InventoryParser = {
  id: "pdm.lock",
  description: "PDM lockfile: packages, groups as scopes, hashes, git/url/path sources, graph",
  ecosystem: "PyPI",
  matches: (path) => /(^|[/\\])pdm\.lock$/.test(path),
  async parse(file, ctx) {
    const doc = parseTomlInput(file, "pdm.lock");
    const metadata = isTable(doc.metadata) ? doc.metadata : undefined;
    if (!("package" in doc) && !metadata) {
      throw new InventoryError("wrong-format", "no [[package]] entries and no [metadata]: not a pdm.lock", {
        file: file.path,
      });
    }
    if ("package" in doc && !Array.isArray(doc.package)) {
      throw new InventoryError("wrong-format", "'package' is not an array of tables: not a pdm.lock", {
        file: file.path,
      });
    }
    const raw = (doc.package as unknown[] | undefined) ?? [];
    const lines = arrayTableLines(file.text, "package");
    const linesOk = lines.length === raw.length;
    const warnings: ErrorInfo[] = [];

    // Group kinds (extras vs dev groups) and declared names from pyproject.toml.
    const declared = await readPyproject(ctx, warnings);
    const extras = declared?.extraNames ?? new Set<string>();
    const devGroups = declared?.devGroupNames ?? new Set<string>();

    const packages: Package[] = [];
    const depNames: string[][] = [];
    const purlsByName = new Map<string, string[]>();
    raw.forEach((p, i) => {
      const line = linesOk ? lines[i] : undefined;
      const at = line ? { line } : {};
      const name = isTable(p) ? str(p.name) : undefined;
      if (!isTable(p) || !name) {
        warnings.push({
          code: "invalid-entry",
          message: `package entry ${i + 1} has no name; skipped`,
          ...at,
        });
        return;
      }
      const path = str(p.path);
      if (path === ".") return; // the project itself
      const version = str(p.version) ?? "";
      if (!version) warnings.push({ code: "no-version", message: `${name} has no version`, ...at });
      const normalizedName = normalizeName("PyPI", name);
      const groups = Array.isArray(p.groups)
        ? p.groups.filter((g): g is string => typeof g === "string")
        : [];
      const scopes: Scope[] = [];
      for (const g of groups) {
        const s = groupScope(g, extras, devGroups);
        if (!scopes.includes(s)) scopes.push(s);
      }
      const pkg: Package = {
        ecosystem: "PyPI",
        name,
        version,
        purl: simplePurl("PyPI", name, version),
        normalizedName,
        direct: false,
        scopes: scopes.length > 0 ? scopes : ["prod"],
        locations: [{ path: file.path, ...at }],
        source: "registry",
      };
      const meta: Record<string, string | number | boolean> = {};
      const git = str(p.git);
      const url = str(p.url);
      if (git) {
        pkg.source = "git";
        const rev = str(p.revision);
        pkg.resolved = rev ? `${git}@${rev}` : git;
        if (rev) meta.commit = rev;
        const ref = str(p.ref);
        if (ref && ref !== rev) meta.ref = ref;
      } else if (url) {
        pkg.source = "url";
        pkg.resolved = url;
      } else if (path) {
        pkg.source = "file";
        pkg.resolved = path;
      }
      if (groups.length > 0) meta.groups = groups.join(",");
      const marker = str(p.marker);
      if (marker) meta.marker = marker;
      if (Array.isArray(p.files)) {
        const seen = new Set<string>();
        const hashes: Hash[] = [];
        for (const f of p.files) {
          const spec = isTable(f) ? str(f.hash) : undefined;
          if (!spec || seen.has(spec)) continue;
          seen.add(spec);
          const h = hashFromSpec(spec);
          if (h) hashes.push(h);
        }
        if (hashes.length > 0) pkg.hashes = hashes;
      }
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      const deps = Array.isArray(p.dependencies)
        ? p.dependencies
            .map((d) => (typeof d === "string" ? pep508Name(d) : undefined))
            .filter((d) => d !== undefined)
        : [];
      packages.push(pkg);
      depNames.push(deps);
      const list = purlsByName.get(normalizedName);
      if (list) list.push(pkg.purl);
      else purlsByName.set(normalizedName, [pkg.purl]);
    });
    packages.forEach((pkg, i) => {
      const purls = [...new Set(depNames[i].flatMap((d) => purlsByName.get(d) ?? []))];
      if (purls.length > 0) pkg.dependencies = purls;
      if (declared) {
        const n = pkg.normalizedName;
        pkg.direct = declared.main.has(n) || declared.optional.has(n) || declared.dev.has(n);
      }
    });
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
