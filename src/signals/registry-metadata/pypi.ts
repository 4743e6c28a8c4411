import { normalizeName } from "../../core/package.ts";
import { redactUrl } from "../http/http.ts";
import { type SignalContext, SignalsError } from "../types.ts";
import { normalizeRepositoryUrl, type RegistryDocument, type ReleaseInfo } from "./model.ts";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v : undefined;
}

const REPO_KEYS = /^(source|source code|code|repository|github|gitlab|homepage|home)$/i;

/** The repository named in a PyPI `info` block (project URLs first, then the home page). */
export function pypiRepository(info: Json): string | undefined {
  const urls = obj(info.project_urls) ?? {};
  const candidates: string[] = [];
  for (const [k, v] of Object.entries(urls))
    if (typeof v === "string" && REPO_KEYS.test(k.trim())) candidates.push(v);
  for (const v of Object.values(urls)) if (typeof v === "string") candidates.push(v);
  if (typeof info.home_page === "string") candidates.push(info.home_page);
  for (const c of candidates) {
    if (/github\.com|gitlab\.com|bitbucket\.org|codeberg\.org/i.test(c)) return normalizeRepositoryUrl(c);
  }
  return undefined;
}

/** The licence in a PyPI `info` block: the PEP 639 expression, else the classifier or free text. */
export function pypiLicense(info: Json): string | undefined {
  const expr = str(info.license_expression);
  if (expr) return expr;
  const text = str(info.license);
  if (text && text.length <= 100 && !text.includes("\n")) return text;
  const classifiers = Array.isArray(info.classifiers) ? info.classifiers : [];
  const lic = classifiers
    .filter((c): c is string => typeof c === "string" && c.startsWith("License :: "))
    .map((c) => c.split(" :: ").pop()!);
  if (lic.length) return lic.join(" OR ");
  return text ? text.split("\n")[0].slice(0, 100) : undefined;
}

/** Reduce a PyPI project JSON document (`/pypi/<name>/json`). */
export function parsePypiProject(name: string, data: unknown, source: string): RegistryDocument {
  const doc = obj(data);
  const info = obj(doc?.info);
  const releasesRaw = obj(doc?.releases);
  if (!doc || !info || !releasesRaw)
    throw new SignalsError("malformed-response", `${source}: the JSON for ${name} lacks info or releases`);
  const releases = new Map<string, ReleaseInfo>();
  for (const [v, files] of Object.entries(releasesRaw)) {
    if (!Array.isArray(files)) continue;
    const r: ReleaseInfo = { version: v };
    let first: string | undefined;
    let allYanked = files.length > 0;
    let yankReason: string | undefined;
    let hasWheel = false;
    for (const f of files) {
      const fo = obj(f);
      if (!fo) continue;
      const t = str(fo.upload_time_iso_8601) ?? str(fo.upload_time);
      if (t && (!first || t < first)) first = t;
      if (fo.yanked !== true) allYanked = false;
      else yankReason ??= str(fo.yanked_reason);
      if (fo.packagetype === "bdist_wheel") hasWheel = true;
    }
    if (first) r.published = first.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(first) ? first : `${first}Z`;
    if (allYanked) r.yanked = yankReason ?? true;
    // No wheel means pip builds from the sdist, running the package's build code on install.
    if (files.length > 0) r.installScripts = hasWheel ? [] : ["sdist-only (build runs at install)"];
    releases.set(v, r);
  }
  const latest = str(info.version);
  if (latest && releases.has(latest)) {
    const r = releases.get(latest)!;
    const lic = pypiLicense(info);
    if (lic) r.license = lic;
    const repo = pypiRepository(info);
    if (repo) r.repository = repo;
  }
  const out: RegistryDocument = {
    ecosystem: "PyPI",
    name,
    source,
    exists: true,
    releases,
    lacks: ["maintainers", "provenance"],
  };
  const repo = pypiRepository(info);
  if (repo) out.repository = repo;
  return out;
}

function pypiBase(ctx: SignalContext): string {
  const cfg = ctx.registries.pypi;
  if (!cfg.jsonApiBase)
    throw new SignalsError(
      "not-configured",
      `PyPI metadata unavailable: ${cfg.problem ?? "no index configured"}`,
    );
  return cfg.jsonApiBase;
}

export function fetchPypiDocument(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const norm = normalizeName("PyPI", name);
  return ctx.memo(`pypi-doc:${norm}`, async () => {
    const base = pypiBase(ctx);
    const url = `${base}/pypi/${encodeURIComponent(norm)}/json`;
    const res = await ctx.http.getJson(url, { authorization: ctx.registries.pypi.authorization });
    const source = redactUrl(base);
    if (res.status === 404 || res.status === 410)
      return { ecosystem: "PyPI", name, source, exists: false, releases: new Map() };
    const doc = parsePypiProject(name, res.data, source);
    if (res.stale) doc.stale = true;
    return doc;
  });
}

/**
 * Per-release details that the project document gives only for the latest release (licence,
 * repository): `/pypi/<name>/<version>/json`. Returns undefined for a 404.
 */
export function fetchPypiRelease(
  name: string,
  version: string,
  ctx: SignalContext,
): Promise<{ license?: string; repository?: string } | undefined> {
  const norm = normalizeName("PyPI", name);
  return ctx.memo(`pypi-rel:${norm}@${version}`, async () => {
    const base = pypiBase(ctx);
    const url = `${base}/pypi/${encodeURIComponent(norm)}/${encodeURIComponent(version)}/json`;
    const res = await ctx.http.getJson(url, { authorization: ctx.registries.pypi.authorization });
    if (res.status === 404 || res.status === 410) return undefined;
    const info = obj(obj(res.data)?.info);
    if (!info) throw new SignalsError("malformed-response", `${redactUrl(base)}: release JSON lacks info`);
    return { license: pypiLicense(info), repository: pypiRepository(info) };
  });
}
