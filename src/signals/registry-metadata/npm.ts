import { redactUrl } from "../http/http.ts";
import { npmRegistryFor } from "../registry-config.ts";
import { type SignalContext, SignalsError } from "../types.ts";
import { normalizeRepositoryUrl, type RegistryDocument, type ReleaseInfo } from "./model.ts";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function people(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const p of v) {
    if (typeof p === "string") out.push(p.replace(/\s*<.*$/, "").trim());
    else {
      const name = str(obj(p)?.name) ?? str(obj(p)?.email);
      if (name) out.push(name);
    }
  }
  return out;
}

function licenseText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  const o = obj(v);
  if (o && typeof o.type === "string") return o.type;
  if (Array.isArray(v)) {
    const parts = v.map((x) => (typeof x === "string" ? x : str(obj(x)?.type))).filter(Boolean);
    return parts.length ? `(${parts.join(" OR ")})` : undefined;
  }
  return undefined;
}

const HOOKS = ["preinstall", "install", "postinstall"];

/** Reduce one npm version manifest. */
export function npmRelease(version: string, m: Json, time?: string): ReleaseInfo {
  const scripts = obj(m.scripts) ?? {};
  const hooks = HOOKS.filter((h) => typeof scripts[h] === "string" && (scripts[h] as string).trim());
  if (m.gypfile === true && !hooks.includes("binding.gyp")) hooks.push("binding.gyp");
  const dist = obj(m.dist) ?? {};
  const att = obj(dist.attestations);
  const r: ReleaseInfo = { version };
  if (time) r.published = time;
  const lic = licenseText(m.license ?? m.licenses);
  if (lic) r.license = lic;
  const maint = people(m.maintainers);
  if (maint) r.maintainers = maint;
  const pub = str(obj(m._npmUser)?.name);
  if (pub) r.publisher = pub;
  if (hooks.length || m.hasInstallScript === true) r.installScripts = hooks.length ? hooks : ["install"];
  else r.installScripts = [];
  if (typeof m.deprecated === "string" && m.deprecated) r.deprecated = m.deprecated;
  else if (m.deprecated === true) r.deprecated = true;
  const repo = normalizeRepositoryUrl(m.repository);
  if (repo) r.repository = repo;
  if (att && typeof att.url === "string") {
    r.attestationsUrl = att.url;
    const pt = str(obj(att.provenance)?.predicateType);
    if (pt) r.attestationsPredicate = pt;
  }
  if (typeof dist.integrity === "string") r.integrity = dist.integrity;
  if (typeof dist.tarball === "string") r.tarball = dist.tarball;
  return r;
}

/** Reduce a full npm packument. Throws `malformed-response` when it is not one. */
export function parseNpmPackument(name: string, data: unknown, source: string): RegistryDocument {
  const doc = obj(data);
  if (!doc)
    throw new SignalsError("malformed-response", `${source}: the document for ${name} is not an object`);
  const time = obj(doc.time) ?? {};
  const versions = obj(doc.versions);
  const unpublished = obj(time.unpublished);
  if (!versions && !unpublished)
    throw new SignalsError("malformed-response", `${source}: the document for ${name} has no versions`);
  const releases = new Map<string, ReleaseInfo>();
  for (const [v, m] of Object.entries(versions ?? {})) {
    const mo = obj(m);
    if (mo) releases.set(v, npmRelease(v, mo, str(time[v])));
  }
  const out: RegistryDocument = {
    ecosystem: "npm",
    name,
    source,
    exists: !unpublished,
    releases,
  };
  if (unpublished) out.unpublished = str(unpublished.time) ?? "unknown time";
  const repo = normalizeRepositoryUrl(doc.repository);
  if (repo) out.repository = repo;
  const maint = people(doc.maintainers);
  if (maint) out.maintainers = maint;
  return out;
}

/** The URL of a package's document: scoped names keep `@` and encode the slash. */
export function npmDocumentUrl(registry: string, name: string): string {
  const base = registry.endsWith("/") ? registry : `${registry}/`;
  return base + (name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name));
}

/** Fetch (once per run) and reduce the npm document of a package. */
export function fetchNpmDocument(name: string, ctx: SignalContext): Promise<RegistryDocument> {
  return ctx.memo(`npm-doc:${name}`, async () => {
    const reg = npmRegistryFor(ctx.registries.npm, name);
    if (!reg)
      throw new SignalsError(
        "not-configured",
        "no npm registry configured (npm_config_registry, .npmrc registry= or @scope:registry=)",
      );
    const url = npmDocumentUrl(reg.url, name);
    const source = redactUrl(reg.url);
    const res = await ctx.http.getJson(url, { authorization: reg.authorization });
    if (res.status === 404 || res.status === 410)
      return { ecosystem: "npm", name, source, exists: false, releases: new Map(), stale: res.stale };
    const doc = parseNpmPackument(name, res.data, source);
    if (res.stale) doc.stale = true;
    return doc;
  });
}
