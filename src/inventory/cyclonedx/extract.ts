import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import { identityFromPurl } from "../../core/purl.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { joinLicenses, normalizeHashAlg, toSpdxExpression, WarningCollector } from "../sbom-common.ts";

/**
 * Turn a CycloneDX BOM in its JSON shape (already schema-valid; XML documents are mapped to this
 * shape first) into packages. The fields read are a small part of the model:
 * components (nested ones included), purl, version, cpe, hashes, licenses, scope,
 * externalReferences (vcs), metadata.component (the root) and dependencies.
 */

interface CdxLicenseChoice {
  license?: { id?: string; name?: string; acknowledgement?: string };
  expression?: string;
  acknowledgement?: string;
}

interface CdxComponent {
  type?: string;
  "bom-ref"?: string;
  name?: string;
  group?: string;
  version?: string;
  purl?: string;
  cpe?: string;
  scope?: string;
  hashes?: { alg?: string; content?: string }[];
  licenses?: CdxLicenseChoice[];
  externalReferences?: { type?: string; url?: string }[];
  components?: CdxComponent[];
}

export interface CdxBom {
  bomFormat?: string;
  specVersion?: string;
  metadata?: { component?: CdxComponent };
  components?: CdxComponent[];
  dependencies?: { ref?: string; dependsOn?: string[] }[];
}

/** Component types that name packages: only these are reported when they cannot be identified. */
const PACKAGE_TYPES = new Set(["library", "framework"]);

function scopeOf(scope: string | undefined): Scope {
  if (scope === "optional") return "optional";
  // `excluded` marks components that are not part of the running product (tests, build tools).
  if (scope === "excluded") return "dev";
  return "prod";
}

function licenseOf(licenses: CdxLicenseChoice[] | undefined): string | undefined {
  if (!Array.isArray(licenses) || licenses.length === 0) return undefined;
  const ack = (l: CdxLicenseChoice) => l.acknowledgement ?? l.license?.acknowledgement;
  // Package.license is the declared licence: prefer entries acknowledged as declared, and ignore
  // concluded ones when anything else is present.
  let chosen = licenses.filter((l) => ack(l) === "declared");
  if (chosen.length === 0) chosen = licenses.filter((l) => ack(l) !== "concluded");
  if (chosen.length === 0) chosen = licenses;
  const parts: string[] = [];
  for (const l of chosen) {
    const id = typeof l?.license?.id === "string" ? l.license.id : undefined;
    const text = [l?.expression, id, l?.license?.name].find((x): x is string => typeof x === "string");
    if (text === undefined) continue;
    const spdx = id ?? toSpdxExpression(text);
    if (spdx) parts.push(spdx);
  }
  return joinLicenses(parts);
}

function hashesOf(hashes: CdxComponent["hashes"]): Hash[] | undefined {
  if (!Array.isArray(hashes)) return undefined;
  const out: Hash[] = [];
  for (const h of hashes) {
    if (typeof h?.alg === "string" && typeof h.content === "string")
      out.push({ alg: normalizeHashAlg(h.alg), value: h.content });
  }
  return out.length > 0 ? out : undefined;
}

function describe(c: CdxComponent): string {
  const name = [c.group, c.name].filter(Boolean).join("/") || c["bom-ref"] || "(unnamed)";
  return c.version ? `${name}@${c.version}` : name;
}

export interface ExtractOptions {
  /** The input's path as shown to users (for locations). */
  path: string;
  /** The raw text, to find line numbers. */
  text: string;
  /** True when the text is XML (purls are then written with `&amp;`). */
  xml?: boolean;
}

export function extractPackages(
  bom: CdxBom,
  options: ExtractOptions,
): { packages: Package[]; warnings: ErrorInfo[] } {
  const warnings = new WarningCollector(["component", "components"]);
  // Components appear in document order, so each search starts where the last one ended and
  // lines are counted incrementally (one pass over the text in the usual case).
  const text = options.text;
  let searchFrom = 0;
  let countedTo = 0;
  let countedLine = 1;
  const lineOf = (needle: string): number | undefined => {
    let at = text.indexOf(needle, searchFrom);
    if (at < 0) at = text.indexOf(needle);
    if (at < 0) return undefined;
    if (at < countedTo) {
      countedTo = 0;
      countedLine = 1;
    }
    for (let i = text.indexOf("\n", countedTo); i >= 0 && i < at; i = text.indexOf("\n", i + 1))
      countedLine++;
    countedTo = at;
    searchFrom = at + needle.length;
    return countedLine;
  };

  const packages: Package[] = [];
  /** bom-ref → purl of the package made from it (for the dependency graph). */
  const refToPurl = new Map<string, string>();
  /** bom-ref → the packages made from it. */
  const refToPkgs = new Map<string, Package[]>();
  const topLevel = new Set<Package>();
  const withRef = new Set<Package>();
  const rootRef = bom.metadata?.component?.["bom-ref"];

  const visit = (c: CdxComponent, depth: number, parent?: Package) => {
    if (!c || typeof c !== "object") return;
    const ref = c["bom-ref"];
    let pkg: Package | undefined;
    const purlText = typeof c.purl === "string" ? c.purl.trim() : "";
    if (purlText !== "") {
      try {
        const id = identityFromPurl(purlText);
        const version = id.version ?? (typeof c.version === "string" ? c.version : "");
        const line = lineOf(options.xml ? purlText.replace(/&/g, "&amp;") : purlText);
        pkg = {
          ecosystem: id.ecosystem,
          name: id.name,
          normalizedName: normalizeName(id.ecosystem, id.name),
          version,
          purl: id.purl,
          direct: false,
          scopes: [scopeOf(c.scope)],
          locations: [line === undefined ? { path: options.path } : { path: options.path, line }],
        };
        const hashes = hashesOf(c.hashes);
        if (hashes) pkg.hashes = hashes;
        const license = licenseOf(c.licenses);
        if (license) pkg.license = license;
        if (typeof c.cpe === "string" && c.cpe !== "") pkg.cpe = c.cpe;
        const refs = Array.isArray(c.externalReferences) ? c.externalReferences : [];
        const vcs = refs.find((r) => r?.type === "vcs" && typeof r.url === "string");
        if (vcs?.url) pkg.repository = vcs.url;
        if (parent) pkg.meta = { partOf: parent.purl };
        packages.push(pkg);
        if (depth === 0) topLevel.add(pkg);
        if (typeof ref === "string") {
          if (!refToPurl.has(ref)) refToPurl.set(ref, pkg.purl);
          withRef.add(pkg);
          const list = refToPkgs.get(ref) ?? [];
          list.push(pkg);
          refToPkgs.set(ref, list);
        }
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        if (/no known ecosystem/.test(reason))
          warnings.group("unsupported-purl-type", "skipped (purl type with no known ecosystem)", purlText);
        else
          warnings.add(
            "invalid-purl",
            `component ${describe(c)} has an invalid purl '${purlText}' (${reason}), skipped`,
          );
      }
    } else if (PACKAGE_TYPES.has(c.type ?? "library")) {
      warnings.group("no-purl", "skipped (no purl)", describe(c));
    }
    if (Array.isArray(c.components)) for (const child of c.components) visit(child, depth + 1, pkg ?? parent);
  };
  if (Array.isArray(bom.components)) for (const c of bom.components) visit(c, 0);

  // The dependency graph: edges between packages, and the root's edges mark direct packages.
  const deps = Array.isArray(bom.dependencies) ? bom.dependencies : [];
  let rootDeps: string[] | undefined;
  const dependedOn = new Set<string>();
  for (const d of deps) {
    if (typeof d?.ref !== "string") continue;
    const on = Array.isArray(d.dependsOn) ? d.dependsOn.filter((x) => typeof x === "string") : [];
    if (rootRef !== undefined && d.ref === rootRef) {
      rootDeps = [...(rootDeps ?? []), ...on];
      continue;
    }
    for (const x of on) dependedOn.add(x);
    const from = refToPkgs.get(d.ref);
    if (!from) continue;
    const purls = on.map((x) => refToPurl.get(x)).filter((x): x is string => x !== undefined);
    for (const p of from) p.dependencies = [...new Set([...(p.dependencies ?? []), ...purls])];
  }
  if (rootDeps !== undefined) {
    // The root's own edges say exactly which packages are direct.
    for (const r of rootDeps) for (const p of refToPkgs.get(r) ?? []) p.direct = true;
  } else if (deps.length > 0) {
    // A graph without the root: packages nothing else depends on are the top of the tree.
    for (const [ref, list] of refToPkgs) if (!dependedOn.has(ref)) for (const p of list) p.direct = true;
    for (const p of topLevel) if (!withRef.has(p)) p.direct = true;
  } else {
    // No graph at all: the top-level components are what the product declares.
    for (const p of topLevel) p.direct = true;
  }
  return { packages, warnings: warnings.toList() };
}
