import type { Ecosystem } from "../../core/ecosystem.ts";
import type { Package, SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject, parseJsonObject, str } from "../json-input.ts";
import { LineCursor, quickPurl } from "../line-cursor.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseOutput } from "../types.ts";

/**
 * R `renv.lock` (JSON). `Packages` maps each package to its `Package`, `Version`, `Source` and
 * remote details.
 *
 * Ecosystem: OSV lists Bioconductor separately from CRAN, so `Source: "Bioconductor"` (or a
 * repository named `BioC...`) → Bioconductor; everything else → CRAN (R packages share one name
 * space, so a package installed from GitHub is still the CRAN package of that name; its source is
 * recorded as git so a reader can tell).
 * Source: `Repository` → registry (its name in meta.repository) · GitHub/GitLab/Bitbucket/git →
 * git, resolved `url#sha` · `Local` → file · `URL` → url.
 * `Hash` is renv's own digest of the package's DESCRIPTION, not of an artifact: kept as
 * meta.renvHash, not as a hash.
 * Graph: `Requirements` (renv ≥ 1.0) → edges to packages locked in the same file (base packages
 * such as `tools` are not locked and are dropped). renv records no direct flag: when the lock
 * has `Requirements`, packages nothing else requires are direct (the project must be what uses
 * them); without them, none is marked direct. All packages are `prod`.
 */

const GIT_SOURCES = new Set(["github", "gitlab", "bitbucket", "git", "git2r"]);

function remoteUrl(p: Record<string, unknown>): string | undefined {
  const url = str(p.RemoteUrl);
  if (url) return url;
  const user = str(p.RemoteUsername);
  const repo = str(p.RemoteRepo);
  if (!user || !repo) return undefined;
  let host = str(p.RemoteHost) ?? "";
  const source = (str(p.Source) ?? str(p.RemoteType) ?? "").toLowerCase();
  if (host === "" || host === "api.github.com")
    host = source === "gitlab" ? "gitlab.com" : source === "bitbucket" ? "bitbucket.org" : "github.com";
  return `https://${host}/${user}/${repo}`;
}

export function parseRenvLock(file: InputFile): ParseOutput {
  const data = parseJsonObject(file, "renv.lock");
  // `{}` is an empty lock (tools write it for projects without dependencies), not another format.
  if (Object.keys(data).length === 0) return { packages: [] };
  const pkgs = data.Packages;
  if (pkgs === undefined) {
    throw new InventoryError("wrong-format", "not a renv.lock: no 'Packages' object", { file: file.path });
  }
  if (!isObject(pkgs)) {
    throw new InventoryError("malformed", "'Packages' must be an object", { file: file.path });
  }
  const warnings: ErrorInfo[] = [];
  const lines = new LineCursor(file.text);
  let cursor = 0;
  const packages: Package[] = [];
  const requirements: string[][] = [];
  let hasRequirements = false;
  const byName = new Map<string, Package>();
  for (const [key, raw] of Object.entries(pkgs)) {
    const hit =
      lines.find(`${JSON.stringify(key)}: {`, cursor) ?? lines.find(`${JSON.stringify(key)}:`, cursor);
    if (hit) cursor = hit.offset + 1;
    const where = hit ? { line: hit.line } : {};
    if (!isObject(raw)) {
      warnings.push({ code: "malformed", message: `entry '${key}' is not an object; skipped`, ...where });
      continue;
    }
    const name = str(raw.Package) ?? key;
    const version = str(raw.Version);
    if (!version) {
      warnings.push({ code: "malformed", message: `package '${name}' has no Version; skipped`, ...where });
      continue;
    }
    const source = str(raw.Source) ?? "";
    const repository = str(raw.Repository);
    const bioc = source === "Bioconductor" || /^bioc/i.test(repository ?? "");
    const ecosystem: Ecosystem = bioc ? "Bioconductor" : "CRAN";
    let kind: SourceKind = "unknown";
    let resolved: string | undefined;
    const meta: Record<string, string> = {};
    if (source === "Repository" || bioc) {
      kind = "registry";
      if (repository) meta.repository = repository;
    } else if (
      GIT_SOURCES.has(source.toLowerCase()) ||
      GIT_SOURCES.has((str(raw.RemoteType) ?? "").toLowerCase())
    ) {
      kind = "git";
      const url = remoteUrl(raw);
      const sha = str(raw.RemoteSha);
      if (url) resolved = sha ? `${url}#${sha}` : url;
      if (sha) meta.commit = sha;
      if (str(raw.RemoteRef)) meta.ref = str(raw.RemoteRef) as string;
    } else if (source === "Local") {
      kind = "file";
      resolved = str(raw.RemoteUrl);
    } else if (source === "URL") {
      kind = "url";
      resolved = str(raw.RemoteUrl);
    }
    if (source) meta.source = source;
    const hash = str(raw.Hash);
    if (hash) meta.renvHash = hash;
    const pkg: Package = {
      ecosystem,
      name,
      version,
      purl: quickPurl(bioc ? "bioconductor" : "cran", ecosystem, undefined, name, version),
      normalizedName: name,
      direct: false,
      scopes: ["prod"],
      locations: [hit ? { path: file.path, line: hit.line } : { path: file.path }],
      source: kind,
      meta,
    };
    if (resolved) pkg.resolved = resolved;
    const reqs = Array.isArray(raw.Requirements) ? raw.Requirements.filter((r) => typeof r === "string") : [];
    if (Array.isArray(raw.Requirements)) hasRequirements = true;
    packages.push(pkg);
    requirements.push(reqs);
    if (!byName.has(name)) byName.set(name, pkg);
  }
  const required = new Set<string>();
  for (let i = 0; i < packages.length; i++) {
    const deps: string[] = [];
    for (const r of requirements[i]) {
      const target = byName.get(r);
      if (!target || target === packages[i]) continue;
      required.add(r);
      if (!deps.includes(target.purl)) deps.push(target.purl);
    }
    if (deps.length > 0) packages[i].dependencies = deps;
  }
  if (hasRequirements) for (const p of packages) p.direct = !required.has(p.name);
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const renvLockParser: InventoryParser = {
  id: "renv.lock",
  description: "R renv.lock: CRAN and Bioconductor packages, git/local sources, requirements graph",
  ecosystem: "CRAN",
  matches: (path: string) => fileName(path) === "renv.lock",
  parse: parseRenvLock,
};
