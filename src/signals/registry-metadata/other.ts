import { redactUrl } from "../http/http.ts";
import { type SignalContext, SignalsError } from "../types.ts";
import { normalizeRepositoryUrl, type RegistryDocument, type ReleaseInfo } from "./model.ts";

/**
 * Registries beyond npm and PyPI. Their API base URLs come from settings (public defaults,
 * configurable for mirrors). Each fetcher reduces the registry's answer to a RegistryDocument.
 */
export const OTHER_REGISTRY_ECOSYSTEMS = ["crates.io", "RubyGems", "Packagist", "NuGet", "Go"];

type Json = Record<string, unknown>;
function obj(v: unknown): Json | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}
function trim(u: string): string {
  return u.replace(/\/+$/, "");
}

function missing(ecosystem: string, name: string, source: string): RegistryDocument {
  return { ecosystem, name, source, exists: false, releases: new Map() };
}

function malformed(source: string, what: string): SignalsError {
  return new SignalsError("malformed-response", `${source}: ${what}`);
}

async function crates(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const base = trim(ctx.settings.cratesIoUrl);
  const res = await ctx.http.getJson(`${base}/crates/${encodeURIComponent(name)}`);
  const source = redactUrl(base);
  if (res.status === 404) return missing("crates.io", name, source);
  const d = obj(res.data);
  const crate = obj(d?.crate);
  if (!crate || !Array.isArray(d?.versions))
    throw malformed(source, `crate document for ${name} lacks crate/versions`);
  const releases = new Map<string, ReleaseInfo>();
  const repo = normalizeRepositoryUrl(crate.repository);
  for (const v of d.versions as unknown[]) {
    const o = obj(v);
    const num = str(o?.num);
    if (!o || !num) continue;
    const r: ReleaseInfo = { version: num };
    if (str(o.created_at)) r.published = new Date(o.created_at as string).toISOString();
    if (str(o.license)) r.license = o.license as string;
    if (o.yanked === true) r.yanked = true;
    const by = str(obj(o.published_by)?.login);
    if (by) r.publisher = by;
    if (repo) r.repository = repo;
    // build.rs runs at build time, which crates.io reports only in newer API versions.
    if (typeof o.has_build_script === "boolean") r.installScripts = o.has_build_script ? ["build.rs"] : [];
    releases.set(num, r);
  }
  return {
    ecosystem: "crates.io",
    name,
    source,
    exists: true,
    releases,
    ...(repo ? { repository: repo } : {}),
  };
}

async function rubygems(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const base = trim(ctx.settings.rubyGemsUrl);
  const source = redactUrl(base);
  const res = await ctx.http.getJson(`${base}/api/v1/versions/${encodeURIComponent(name)}.json`);
  if (res.status === 404) return missing("RubyGems", name, source);
  if (!Array.isArray(res.data)) throw malformed(source, `versions of ${name} is not a list`);
  const info = await ctx.http
    .getJson(`${base}/api/v1/gems/${encodeURIComponent(name)}.json`)
    .catch(() => undefined);
  const io = obj(info?.data) ?? {};
  const repo = normalizeRepositoryUrl(io.source_code_uri ?? io.homepage_uri);
  const releases = new Map<string, ReleaseInfo>();
  for (const v of res.data) {
    const o = obj(v);
    const num = str(o?.number);
    if (!o || !num) continue;
    const version = o.platform && o.platform !== "ruby" ? `${num}-${o.platform}` : num;
    const r: ReleaseInfo = { version };
    if (str(o.created_at)) r.published = new Date(o.created_at as string).toISOString();
    if (Array.isArray(o.licenses) && o.licenses.length) r.license = (o.licenses as string[]).join(" OR ");
    if (repo) r.repository = repo;
    if (!releases.has(version)) releases.set(version, r);
  }
  return {
    ecosystem: "RubyGems",
    name,
    source,
    exists: true,
    releases,
    ...(repo ? { repository: repo } : {}),
  };
}

/** Packagist's p2 files are "minified": each entry repeats only what changed; `__unset` removes a key. */
export function expandPackagistVersions(list: unknown[]): Json[] {
  const out: Json[] = [];
  let prev: Json = {};
  for (const item of list) {
    const o = obj(item);
    if (!o) continue;
    const cur: Json = { ...prev };
    for (const [k, v] of Object.entries(o)) {
      if (v === "__unset") delete cur[k];
      else cur[k] = v;
    }
    out.push(cur);
    prev = cur;
  }
  return out;
}

async function packagist(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const base = trim(ctx.settings.packagistUrl);
  const source = redactUrl(base);
  const lower = name.toLowerCase();
  const res = await ctx.http.getJson(`${base}/p2/${lower.split("/").map(encodeURIComponent).join("/")}.json`);
  if (res.status === 404) return missing("Packagist", name, source);
  const list = obj(obj(res.data)?.packages)?.[lower];
  if (!Array.isArray(list)) throw malformed(source, `p2 document for ${name} lacks packages["${lower}"]`);
  const releases = new Map<string, ReleaseInfo>();
  let repo: string | undefined;
  for (const o of expandPackagistVersions(list)) {
    const version = str(o.version_normalized) && str(o.version) ? (o.version as string) : undefined;
    if (!version) continue;
    const r: ReleaseInfo = { version: version.replace(/^v/, "") };
    if (str(o.time)) r.published = new Date(o.time as string).toISOString();
    if (Array.isArray(o.license) && o.license.length) r.license = (o.license as string[]).join(" OR ");
    const rep = normalizeRepositoryUrl(obj(o.source)?.url);
    if (rep) {
      r.repository = rep;
      repo ??= rep;
    }
    if (o.abandoned) r.deprecated = typeof o.abandoned === "string" ? `abandoned; use ${o.abandoned}` : true;
    const scripts = obj(o.scripts);
    r.installScripts = scripts ? Object.keys(scripts) : [];
    releases.set(r.version, r);
  }
  return {
    ecosystem: "Packagist",
    name,
    source,
    exists: true,
    releases,
    ...(repo ? { repository: repo } : {}),
  };
}

async function nuget(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const base = trim(ctx.settings.nugetUrl);
  const source = redactUrl(base);
  const res = await ctx.http.getJson(
    `${base}/registration5-semver1/${encodeURIComponent(name.toLowerCase())}/index.json`,
  );
  if (res.status === 404) return missing("NuGet", name, source);
  const pages = obj(res.data)?.items;
  if (!Array.isArray(pages)) throw malformed(source, `registration index for ${name} lacks items`);
  const releases = new Map<string, ReleaseInfo>();
  let repo: string | undefined;
  for (const p of pages) {
    let items = obj(p)?.items;
    const pageUrl = str(obj(p)?.["@id"]);
    if (!Array.isArray(items) && pageUrl) items = obj((await ctx.http.getJson(pageUrl)).data)?.items;
    if (!Array.isArray(items)) continue;
    for (const it of items) {
      const e = obj(obj(it)?.catalogEntry);
      const version = str(e?.version);
      if (!e || !version) continue;
      const r: ReleaseInfo = { version };
      const pub = str(e.published);
      // Unlisted packages carry the 1900 sentinel as their publication date.
      if (pub && !pub.startsWith("1900")) r.published = new Date(pub).toISOString();
      if (e.listed === false) r.yanked = "unlisted";
      if (str(e.licenseExpression)) r.license = e.licenseExpression as string;
      const dep = obj(e.deprecation);
      if (dep)
        r.deprecated = str(dep.message) ?? (Array.isArray(dep.reasons) ? dep.reasons.join(", ") : true);
      const rp = normalizeRepositoryUrl(e.projectUrl);
      if (rp && /github\.com|gitlab\.com/.test(rp)) {
        r.repository = rp;
        repo ??= rp;
      }
      if (str(e.authors))
        r.maintainers = (e.authors as string)
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
      releases.set(version, r);
    }
  }
  return { ecosystem: "NuGet", name, source, exists: true, releases, ...(repo ? { repository: repo } : {}) };
}

/** Go module proxy path escaping: upper-case letters become `!` + lower case. */
export function escapeGoModule(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

async function goproxy(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  const base = trim(ctx.settings.goProxyUrl);
  const source = redactUrl(base);
  const res = await ctx.http.get(`${base}/${escapeGoModule(name)}/@v/list`);
  if (res.status === 404 || res.status === 410) return missing("Go", name, source);
  if (res.status !== 200) throw new SignalsError("http-status", `${source} answered HTTP ${res.status}`);
  const releases = new Map<string, ReleaseInfo>();
  for (const line of res.body.toString("utf8").split("\n")) {
    const v = line.trim();
    if (v) releases.set(v, { version: v });
  }
  const m = /^(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+/.exec(name);
  const repo = m ? `https://${m[0]}`.toLowerCase() : undefined;
  if (repo) for (const r of releases.values()) r.repository = repo;
  return {
    ecosystem: "Go",
    name,
    source,
    exists: true,
    releases,
    lacks: ["maintainers", "license"],
    ...(repo ? { repository: repo } : {}),
  };
}

/** Go's list has no times: fetch `.info` for one version. */
export async function goReleaseTime(
  name: string,
  version: string,
  ctx: SignalContext,
): Promise<string | undefined> {
  return ctx.memo(`go-info:${name}@${version}`, async () => {
    const base = trim(ctx.settings.goProxyUrl);
    const res = await ctx.http.getJson(`${base}/${escapeGoModule(name)}/@v/${escapeGoModule(version)}.info`);
    const t = str(obj(res.data)?.Time);
    return t ? new Date(t).toISOString() : undefined;
  });
}

export function fetchOtherDocument(
  ecosystem: string,
  name: string,
  ctx: SignalContext,
): Promise<RegistryDocument> {
  return ctx.memo(`${ecosystem}-doc:${name}`, () => {
    switch (ecosystem) {
      case "crates.io":
        return crates(name, ctx);
      case "RubyGems":
        return rubygems(name, ctx);
      case "Packagist":
        return packagist(name, ctx);
      case "NuGet":
        return nuget(name, ctx);
      case "Go":
        return goproxy(name, ctx);
      default:
        throw new SignalsError("not-configured", `no registry metadata for ${ecosystem}`);
    }
  });
}
