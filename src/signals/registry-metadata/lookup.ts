import { baseEcosystem } from "../../core/ecosystem.ts";
import type { Package } from "../../core/package.ts";
import { type SignalContext, SignalsError } from "../types.ts";
import { previousRelease, type RegistryDocument, type ReleaseInfo } from "./model.ts";
import { fetchNpmDocument } from "./npm.ts";
import { fetchOtherDocument, goReleaseTime, OTHER_REGISTRY_ECOSYSTEMS } from "./other.ts";
import { fetchPypiDocument, fetchPypiRelease } from "./pypi.ts";

/** Ecosystems whose registry metadata Intake can read. */
export const REGISTRY_ECOSYSTEMS = ["npm", "PyPI", ...OTHER_REGISTRY_ECOSYSTEMS];

export function registryDocument(pkg: Package, ctx: SignalContext): Promise<RegistryDocument> {
  const eco = baseEcosystem(pkg.ecosystem);
  if (eco === "npm") return fetchNpmDocument(pkg.name, ctx);
  if (eco === "PyPI") return fetchPypiDocument(pkg.name, ctx);
  if (eco && OTHER_REGISTRY_ECOSYSTEMS.includes(eco)) return fetchOtherDocument(eco, pkg.name, ctx);
  return Promise.reject(new SignalsError("not-configured", `no registry metadata for ${pkg.ecosystem}`));
}

export interface ReleaseView {
  doc: RegistryDocument;
  release?: ReleaseInfo;
  previous?: ReleaseInfo;
}

/**
 * The consumed release and the one before it. With `details`, PyPI releases are completed with
 * their own licence and repository (the project document only has them for the latest release).
 */
export function releaseView(pkg: Package, ctx: SignalContext, details = false): Promise<ReleaseView> {
  // Shared by every signal of the package (and by packages with the same name and version).
  return ctx.memo(`view:${pkg.ecosystem}:${pkg.name}@${pkg.version}:${details}`, () =>
    buildView(pkg, ctx, details),
  );
}

async function buildView(pkg: Package, ctx: SignalContext, details: boolean): Promise<ReleaseView> {
  const doc = await registryDocument(pkg, ctx);
  let release = doc.releases.get(pkg.version);
  if (!release && doc.ecosystem === "Go" && doc.exists) {
    // The proxy's list leaves out pseudo-versions; `.info` still knows them.
    const t = await goReleaseTime(doc.name, pkg.version, ctx).catch(() => undefined);
    if (t) {
      release = {
        version: pkg.version,
        published: t,
        ...(doc.repository ? { repository: doc.repository } : {}),
      };
      doc.releases.set(pkg.version, release);
    }
  }
  const previous = release ? previousRelease(doc, pkg.version) : undefined;
  if (doc.ecosystem === "Go") {
    for (const r of [release, previous])
      if (r && !r.published) r.published = await goReleaseTime(doc.name, r.version, ctx);
  }
  if (details && doc.ecosystem === "PyPI") {
    for (const r of [release, previous]) {
      if (!r || r.license !== undefined) continue;
      const more = await fetchPypiRelease(doc.name, r.version, ctx);
      if (more?.license) r.license = more.license;
      if (more?.repository) r.repository = more.repository;
    }
  }
  return { doc, release, previous };
}

/** Evidence every registry signal carries. */
export function docEvidence(view: ReleaseView): Record<string, unknown> {
  return { registry: view.doc.source, ...(view.doc.stale ? { stale: true } : {}) };
}
