import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import { identityFromPurl } from "../../core/purl.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { normalizeHashAlg, toSpdxExpression, WarningCollector } from "../sbom-common.ts";

/**
 * Turn an SPDX 2.x document in its JSON shape (tag-value documents are mapped to it first) into
 * packages: the purl external reference gives ecosystem, name and version; checksums, declared
 * (else concluded) licence; relationships give the dependency graph and which packages are direct.
 */

export interface SpdxPackage {
  SPDXID?: string;
  name?: string;
  versionInfo?: string;
  downloadLocation?: string;
  primaryPackagePurpose?: string;
  licenseConcluded?: string;
  licenseDeclared?: string;
  checksums?: { algorithm?: string; checksumValue?: string }[];
  externalRefs?: { referenceCategory?: string; referenceType?: string; referenceLocator?: string }[];
}

export interface SpdxRelationship {
  spdxElementId?: string;
  relationshipType?: string;
  relatedSpdxElement?: string;
}

export interface SpdxDocument {
  spdxVersion?: string;
  SPDXID?: string;
  name?: string;
  documentNamespace?: string;
  documentDescribes?: string[];
  packages?: SpdxPackage[];
  relationships?: SpdxRelationship[];
}

/** Purposes that are not packages from an ecosystem: skipped silently when they have no purl. */
const NON_PACKAGE_PURPOSES = new Set([
  "FILE",
  "OPERATING-SYSTEM",
  "OPERATING_SYSTEM",
  "DEVICE",
  "FIRMWARE",
  "SOURCE",
  "ARCHIVE",
  "CONTAINER",
  "INSTALL",
  "OTHER",
]);

/** `X_DEPENDENCY_OF` relationship types → the scope they give the dependency. */
const DEPENDENCY_OF_SCOPES: Record<string, Scope> = {
  DEPENDENCY_OF: "prod",
  RUNTIME_DEPENDENCY_OF: "prod",
  DEV_DEPENDENCY_OF: "dev",
  TEST_DEPENDENCY_OF: "test",
  BUILD_DEPENDENCY_OF: "build",
  OPTIONAL_DEPENDENCY_OF: "optional",
  PROVIDED_DEPENDENCY_OF: "prod",
};

function licenseOf(p: SpdxPackage): string | undefined {
  // NOASSERTION and NONE mean "no licence information" (toSpdxExpression drops them).
  for (const l of [p.licenseDeclared, p.licenseConcluded]) {
    if (typeof l !== "string") continue;
    const e = toSpdxExpression(l);
    if (e) return e;
  }
  return undefined;
}

function hashesOf(p: SpdxPackage): Hash[] | undefined {
  if (!Array.isArray(p.checksums)) return undefined;
  const out: Hash[] = [];
  for (const c of p.checksums)
    if (typeof c?.algorithm === "string" && typeof c.checksumValue === "string")
      out.push({ alg: normalizeHashAlg(c.algorithm), value: c.checksumValue.toLowerCase() });
  return out.length > 0 ? out : undefined;
}

function purlOf(p: SpdxPackage): string | undefined {
  for (const r of p.externalRefs ?? []) {
    const cat = (r?.referenceCategory ?? "").toUpperCase().replace(/_/g, "-");
    if (cat === "PACKAGE-MANAGER" && r.referenceType === "purl" && typeof r.referenceLocator === "string")
      return r.referenceLocator.trim();
  }
  return undefined;
}

export interface SpdxExtractOptions {
  path: string;
  /** SPDXID → 1-based line of the package, where known. */
  lineOf: (spdxId: string) => number | undefined;
}

export function extractSpdxPackages(
  doc: SpdxDocument,
  options: SpdxExtractOptions,
): { packages: Package[]; warnings: ErrorInfo[] } {
  const warnings = new WarningCollector(["package", "packages"]);
  const docId = doc.SPDXID ?? "SPDXRef-DOCUMENT";
  const rels = Array.isArray(doc.relationships) ? doc.relationships : [];

  // Edges "from depends on / contains to", with the scope the edge gives.
  const edges: { from: string; to: string; scope?: Scope }[] = [];
  const roots = new Set<string>(Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []);
  for (const r of rels) {
    const a = r?.spdxElementId;
    const b = r?.relatedSpdxElement;
    const t = r?.relationshipType?.toUpperCase();
    if (typeof a !== "string" || typeof b !== "string" || !t) continue;
    if (t === "DESCRIBES" && a === docId) roots.add(b);
    else if (t === "DESCRIBED_BY" && b === docId) roots.add(a);
    else if (t === "DEPENDS_ON" || t === "CONTAINS" || t === "DYNAMIC_LINK" || t === "STATIC_LINK")
      edges.push({ from: a, to: b });
    else if (t === "CONTAINED_BY") edges.push({ from: b, to: a });
    else if (t in DEPENDENCY_OF_SCOPES) edges.push({ from: b, to: a, scope: DEPENDENCY_OF_SCOPES[t] });
  }
  const outgoing = new Map<string, { to: string; scope?: Scope }[]>();
  const incoming = new Set<string>();
  for (const e of edges) {
    const list = outgoing.get(e.from) ?? [];
    list.push({ to: e.to, scope: e.scope });
    outgoing.set(e.from, list);
    incoming.add(e.to);
  }
  const rawPackages = Array.isArray(doc.packages) ? doc.packages : [];
  const known = new Set(rawPackages.map((p) => p?.SPDXID).filter((x): x is string => typeof x === "string"));
  // A described package that contains or depends on other packages is the product the document
  // is about, not something consumed: it is left out, and its edges mark the direct packages.
  const productRoots = new Set(
    [...roots].filter((r) => (outgoing.get(r) ?? []).some((e) => known.has(e.to)) || !known.has(r)),
  );

  const byId = new Map<string, Package>();
  const withoutId: Package[] = [];
  const packages: Package[] = [];
  for (const p of rawPackages) {
    if (!p || typeof p !== "object") continue;
    const id = typeof p.SPDXID === "string" ? p.SPDXID : undefined;
    if (id && productRoots.has(id)) continue;
    const label = `${p.name ?? id ?? "(unnamed)"}${p.versionInfo ? `@${p.versionInfo}` : ""}`;
    const purl = purlOf(p);
    if (!purl) {
      const purpose = (p.primaryPackagePurpose ?? "").toUpperCase();
      // The described element is the document's subject; it needs no purl to be understood.
      if (!NON_PACKAGE_PURPOSES.has(purpose) && !(id && roots.has(id)))
        warnings.group("no-purl", "skipped (no purl)", label);
      continue;
    }
    let identity: ReturnType<typeof identityFromPurl>;
    try {
      identity = identityFromPurl(purl);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (/no known ecosystem/.test(reason))
        warnings.group("unsupported-purl-type", "skipped (purl type with no known ecosystem)", purl);
      else
        warnings.add("invalid-purl", `package ${label} has an invalid purl '${purl}' (${reason}), skipped`);
      continue;
    }
    const line = id ? options.lineOf(id) : undefined;
    const pkg: Package = {
      ecosystem: identity.ecosystem,
      name: identity.name,
      normalizedName: normalizeName(identity.ecosystem, identity.name),
      version: identity.version ?? (typeof p.versionInfo === "string" ? p.versionInfo : ""),
      purl: identity.purl,
      direct: false,
      scopes: [],
      locations: [line === undefined ? { path: options.path } : { path: options.path, line }],
    };
    const hashes = hashesOf(p);
    if (hashes) pkg.hashes = hashes;
    const license = licenseOf(p);
    if (license) pkg.license = license;
    const dl = p.downloadLocation;
    if (typeof dl === "string" && /^(git\+|git:)/.test(dl)) pkg.repository = dl;
    packages.push(pkg);
    if (id) byId.set(id, pkg);
    else withoutId.push(pkg);
  }

  const scopesFromEdges = new Map<Package, Set<Scope>>();
  for (const [from, list] of outgoing) {
    const src = byId.get(from);
    for (const e of list) {
      const dst = byId.get(e.to);
      if (!dst) continue;
      const s = scopesFromEdges.get(dst) ?? new Set<Scope>();
      s.add(e.scope ?? "prod");
      scopesFromEdges.set(dst, s);
      if (src && src !== dst) src.dependencies = [...new Set([...(src.dependencies ?? []), dst.purl])];
      if (productRoots.has(from)) dst.direct = true;
    }
  }
  for (const p of packages) p.scopes = [...(scopesFromEdges.get(p) ?? new Set<Scope>(["prod"]))];
  if (![...productRoots].some((r) => (outgoing.get(r) ?? []).some((e) => byId.has(e.to)))) {
    // No product root with edges: packages that nothing depends on (or contains) are the top.
    for (const [id, p] of byId) if (!incoming.has(id)) p.direct = true;
    for (const p of withoutId) p.direct = true;
  }
  return { packages, warnings: warnings.toList() };
}
