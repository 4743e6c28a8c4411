import { normalizeName, type Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject, parseJsonObject, str } from "../json-input.ts";
import { LineCursor, quickPurl } from "../line-cursor.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";

/**
 * NuGet's `packages.lock.json` (lock format versions 1 and 2).
 *
 * `dependencies` maps each target framework (`net6.0`, `net48`...) to the packages restored for
 * it. One package locked for several frameworks at the same version is ONE package with the
 * frameworks listed in `meta.targetFrameworks`; different versions per framework are separate
 * packages. Types: `Direct` → direct; `Transitive` and `CentralTransitive` (version 2, pinned by
 * central package management) → transitive; `Project` (a project reference in the same build, not
 * a NuGet package) is left out. `contentHash` is the base64 SHA-512 of the .nupkg → hashes and an
 * SRI `integrity`. Each package's `dependencies` become edges to the package of that name locked
 * for the same framework. The format records no dev/test split: every package is `prod`.
 */

const SUPPORTED_VERSIONS = new Set([0, 1, 2]);

interface Entry {
  pkg: Package;
  frameworks: string[];
}

export function parseNugetLock(file: InputFile): ParseOutput {
  const data = parseJsonObject(file, "packages.lock.json");
  // `{}` is an empty lock (tools write it for projects without dependencies), not another format.
  if (Object.keys(data).length === 0) return { packages: [] };
  const version = data.version;
  const frameworks = data.dependencies;
  if (typeof version !== "number" || !isObject(frameworks)) {
    throw new InventoryError(
      "wrong-format",
      "not a NuGet packages.lock.json: expected a numeric 'version' and a 'dependencies' object",
      { file: file.path },
    );
  }
  if (!SUPPORTED_VERSIONS.has(version)) {
    throw new InventoryError(
      "unsupported-version",
      `packages.lock.json version ${version} is not supported (0-2 are)`,
      {
        file: file.path,
      },
    );
  }
  const warnings: ErrorInfo[] = [];
  const lines = new LineCursor(file.text);
  let cursor = 0;
  const entries = new Map<string, Entry>(); // lower-case name@version
  const edges: { from: Entry; framework: string; deps: string[] }[] = [];
  const byFramework = new Map<string, Map<string, Entry>>(); // framework → lower-case name → entry

  for (const [framework, pkgs] of Object.entries(frameworks)) {
    if (!isObject(pkgs)) {
      warnings.push({
        code: "malformed",
        message: `target framework '${framework}' is not an object; skipped`,
      });
      continue;
    }
    const here = new Map<string, Entry>();
    byFramework.set(framework, here);
    for (const [name, raw] of Object.entries(pkgs)) {
      const hit = lines.find(`${JSON.stringify(name)}: {`, cursor);
      if (hit) cursor = hit.offset + 1;
      if (!isObject(raw)) {
        warnings.push({
          code: "malformed",
          message: `${framework}: entry '${name}' is not an object; skipped`,
          ...(hit ? { line: hit.line } : {}),
        });
        continue;
      }
      const type = str(raw.type);
      if (type === "Project") continue;
      const resolved = str(raw.resolved);
      if (!resolved) {
        warnings.push({
          code: "malformed",
          message: `${framework}: '${name}' has no resolved version; skipped`,
          ...(hit ? { line: hit.line } : {}),
        });
        continue;
      }
      const lower = normalizeName("NuGet", name);
      const key = `${lower}@${resolved.toLowerCase()}`;
      let entry = entries.get(key);
      if (!entry) {
        const pkg: Package = {
          ecosystem: "NuGet",
          name,
          version: resolved,
          purl: quickPurl("nuget", "NuGet", undefined, name, resolved),
          normalizedName: lower,
          direct: false,
          scopes: ["prod"],
          locations: [hit ? { path: file.path, line: hit.line } : { path: file.path }],
          source: "registry",
        };
        const hash = str(raw.contentHash);
        if (hash) {
          pkg.hashes = [{ alg: "sha512", value: hash }];
          pkg.integrity = `sha512-${hash}`;
        }
        const requested = str(raw.requested);
        if (requested) pkg.meta = { requested };
        entry = { pkg, frameworks: [] };
        entries.set(key, entry);
      }
      if (type === "Direct") entry.pkg.direct = true;
      if (!entry.frameworks.includes(framework)) entry.frameworks.push(framework);
      here.set(lower, entry);
      if (isObject(raw.dependencies))
        edges.push({ from: entry, framework, deps: Object.keys(raw.dependencies) });
    }
  }

  for (const { from, framework, deps } of edges) {
    const here = byFramework.get(framework);
    for (const dep of deps) {
      const target = here?.get(normalizeName("NuGet", dep));
      if (!target || target === from) continue;
      from.pkg.dependencies ??= [];
      if (!from.pkg.dependencies.includes(target.pkg.purl)) from.pkg.dependencies.push(target.pkg.purl);
    }
  }
  const packages: Package[] = [];
  for (const { pkg, frameworks: fws } of entries.values()) {
    pkg.meta = { ...(pkg.meta ?? {}), targetFrameworks: fws.join(",") };
    packages.push(pkg);
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const nugetLockParser: InventoryParser = {
  id: "packages.lock.json",
  description:
    "NuGet lockfile (packages.lock.json): packages per target framework, direct flag, content hashes, graph",
  ecosystem: "NuGet",
  matches: (path: string) => fileName(path) === "packages.lock.json",
  parse: parseNugetLock,
};
