import { readFileSync } from "node:fs";
import type { Finding, Suppression } from "../core/result.ts";
import { PolicyError } from "./errors.ts";

export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** One VEX statement, from OpenVEX or CycloneDX, in one shape. */
export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  /** purls the statement is about; empty = the whole product the document describes. */
  products: string[];
  status: VexStatus;
  justification?: string;
  detail?: string;
  /** The file it came from. */
  source: string;
}

export interface VexDocument {
  format: "openvex" | "cyclonedx" | "csaf";
  file: string;
  statements: VexStatement[];
  /** Things that were skipped, with the reason. */
  warnings: string[];
}

const OPENVEX_STATUSES = new Set(["not_affected", "affected", "fixed", "under_investigation"]);

/** CycloneDX analysis states → VEX status (false positives are not affected). */
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
};

export function readVexFile(file: string): VexDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyError("vex-unreadable", `cannot read VEX file: ${(e as Error).message}`, {
      file,
      cause: e,
    });
  }
  return parseVex(file, text);
}

export function parseVex(file: string, text: string): VexDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyError("vex-invalid", `not JSON: ${(e as Error).message}`, { file, cause: e });
  }
  if (!isObject(doc)) throw new PolicyError("vex-invalid", "a VEX document is a JSON object", { file });
  if (typeof doc["@context"] === "string" && doc["@context"].includes("openvex"))
    return parseOpenVex(file, doc);
  if (Array.isArray(doc.statements)) return parseOpenVex(file, doc);
  if (doc.bomFormat === "CycloneDX") return parseCycloneDxVex(file, doc);
  if (isObject(doc.document) && doc.document.category === "csaf_vex") return parseCsafVex(file, doc);
  throw new PolicyError(
    "vex-invalid",
    "neither OpenVEX (an @context naming openvex, with statements), CycloneDX (bomFormat CycloneDX) nor CSAF VEX (document.category csaf_vex)",
    { file },
  );
}

function parseOpenVex(file: string, doc: Record<string, unknown>): VexDocument {
  const out: VexDocument = { format: "openvex", file, statements: [], warnings: [] };
  if (!Array.isArray(doc.statements))
    throw new PolicyError("vex-invalid", "OpenVEX: 'statements' must be a list", { file });
  for (const [i, s] of doc.statements.entries()) {
    if (!isObject(s)) {
      out.warnings.push(`statements[${i}]: not an object, skipped`);
      continue;
    }
    const vuln = s.vulnerability;
    const name = typeof vuln === "string" ? vuln : isObject(vuln) ? (vuln.name ?? vuln["@id"]) : undefined;
    if (typeof name !== "string" || !name) {
      out.warnings.push(`statements[${i}]: no vulnerability name, skipped`);
      continue;
    }
    const aliases =
      isObject(vuln) && Array.isArray(vuln.aliases)
        ? vuln.aliases.filter((a): a is string => typeof a === "string")
        : [];
    const status = s.status;
    if (typeof status !== "string" || !OPENVEX_STATUSES.has(status)) {
      out.warnings.push(`statements[${i}]: unknown status '${String(status)}', skipped`);
      continue;
    }
    const products: string[] = [];
    if (Array.isArray(s.products))
      for (const p of s.products) {
        const id =
          typeof p === "string"
            ? p
            : isObject(p)
              ? (p["@id"] ?? (isObject(p.identifiers) ? p.identifiers.purl : undefined))
              : undefined;
        if (typeof id === "string") products.push(id);
        if (isObject(p) && Array.isArray(p.subcomponents))
          for (const sc of p.subcomponents) {
            const sid = isObject(sc)
              ? (sc["@id"] ?? (isObject(sc.identifiers) ? sc.identifiers.purl : undefined))
              : undefined;
            if (typeof sid === "string") products.push(sid);
          }
      }
    const st: VexStatement = {
      vulnerability: name,
      aliases,
      products,
      status: status as VexStatus,
      source: file,
    };
    if (typeof s.justification === "string") st.justification = s.justification;
    const detail = s.impact_statement ?? s.status_notes ?? s.action_statement;
    if (typeof detail === "string") st.detail = detail;
    out.statements.push(st);
  }
  return out;
}

function parseCycloneDxVex(file: string, doc: Record<string, unknown>): VexDocument {
  const out: VexDocument = { format: "cyclonedx", file, statements: [], warnings: [] };
  // bom-ref → purl, from every component (nested too) and the metadata component.
  const refs = new Map<string, string | undefined>();
  const walk = (c: unknown) => {
    if (!isObject(c)) return;
    const ref = c["bom-ref"];
    if (typeof ref === "string") refs.set(ref, typeof c.purl === "string" ? c.purl : undefined);
    if (Array.isArray(c.components)) for (const x of c.components) walk(x);
  };
  if (isObject(doc.metadata)) walk(doc.metadata.component);
  if (Array.isArray(doc.components)) for (const c of doc.components) walk(c);
  if (!Array.isArray(doc.vulnerabilities)) {
    out.warnings.push("no 'vulnerabilities' list: nothing to apply");
    return out;
  }
  for (const [i, v] of doc.vulnerabilities.entries()) {
    if (!isObject(v) || typeof v.id !== "string") {
      out.warnings.push(`vulnerabilities[${i}]: no id, skipped`);
      continue;
    }
    const analysis = isObject(v.analysis) ? v.analysis : undefined;
    const state = typeof analysis?.state === "string" ? CDX_STATE[analysis.state] : undefined;
    if (!state) {
      out.warnings.push(`vulnerabilities[${i}] (${v.id}): no analysis state, skipped`);
      continue;
    }
    const aliases: string[] = [];
    if (Array.isArray(v.references))
      for (const r of v.references) if (isObject(r) && typeof r.id === "string") aliases.push(r.id);
    const products: string[] = [];
    let productWide = false;
    if (Array.isArray(v.affects))
      for (const a of v.affects) {
        if (!isObject(a) || typeof a.ref !== "string") continue;
        const purl = refToPurl(a.ref, refs);
        if (purl) products.push(purl);
        else productWide = true;
      }
    const st: VexStatement = {
      vulnerability: v.id,
      aliases,
      products: productWide ? [] : products,
      status: state,
      source: file,
    };
    const just = typeof analysis?.justification === "string" ? analysis.justification : undefined;
    if (just) st.justification = just;
    else if (analysis?.state === "false_positive") st.justification = "false_positive";
    if (typeof analysis?.detail === "string") st.detail = analysis.detail;
    out.statements.push(st);
  }
  return out;
}

/** CSAF product_status lists → VEX status. */
const CSAF_STATUS: [string, VexStatus][] = [
  ["known_not_affected", "not_affected"],
  ["fixed", "fixed"],
  ["first_fixed", "fixed"],
  ["known_affected", "affected"],
  ["first_affected", "affected"],
  ["last_affected", "affected"],
  ["under_investigation", "under_investigation"],
];

/**
 * CSAF 2.0 VEX profile: products are declared in `product_tree` (with a purl in their
 * identification helper), and each vulnerability lists product ids per status, with `flags`
 * carrying the not-affected justification and `threats` (category impact) the explanation.
 */
function parseCsafVex(file: string, doc: Record<string, unknown>): VexDocument {
  const out: VexDocument = { format: "csaf", file, statements: [], warnings: [] };
  const purls = new Map<string, string>();
  const addProduct = (p: unknown) => {
    if (!isObject(p) || typeof p.product_id !== "string") return;
    const helper = isObject(p.product_identification_helper) ? p.product_identification_helper : undefined;
    if (typeof helper?.purl === "string") purls.set(p.product_id, helper.purl);
  };
  const walkBranches = (branches: unknown) => {
    if (!Array.isArray(branches)) return;
    for (const b of branches) {
      if (!isObject(b)) continue;
      addProduct(b.product);
      walkBranches(b.branches);
    }
  };
  const tree = isObject(doc.product_tree) ? doc.product_tree : {};
  if (Array.isArray(tree.full_product_names)) for (const p of tree.full_product_names) addProduct(p);
  walkBranches(tree.branches);
  if (Array.isArray(tree.relationships))
    for (const r of tree.relationships) if (isObject(r)) addProduct(r.full_product_name);
  if (!Array.isArray(doc.vulnerabilities)) {
    out.warnings.push("no 'vulnerabilities' list: nothing to apply");
    return out;
  }
  for (const [i, v] of doc.vulnerabilities.entries()) {
    if (!isObject(v)) continue;
    const ids: string[] = [];
    if (typeof v.cve === "string") ids.push(v.cve);
    if (Array.isArray(v.ids))
      for (const x of v.ids) if (isObject(x) && typeof x.text === "string") ids.push(x.text);
    if (ids.length === 0) {
      out.warnings.push(`vulnerabilities[${i}]: no cve or ids, skipped`);
      continue;
    }
    const status = isObject(v.product_status) ? v.product_status : {};
    const flagFor = (pid: string): string | undefined => {
      if (!Array.isArray(v.flags)) return undefined;
      for (const f of v.flags)
        if (
          isObject(f) &&
          typeof f.label === "string" &&
          Array.isArray(f.product_ids) &&
          f.product_ids.includes(pid)
        )
          return f.label;
      return undefined;
    };
    const impactFor = (pid: string): string | undefined => {
      if (!Array.isArray(v.threats)) return undefined;
      for (const t of v.threats)
        if (isObject(t) && t.category === "impact" && typeof t.details === "string")
          if (!Array.isArray(t.product_ids) || t.product_ids.includes(pid)) return t.details;
      return undefined;
    };
    for (const [key, vexStatus] of CSAF_STATUS) {
      const list = status[key];
      if (!Array.isArray(list)) continue;
      for (const pid of list) {
        if (typeof pid !== "string") continue;
        const purl = purls.get(pid);
        if (!purl) {
          out.warnings.push(
            `vulnerabilities[${i}]: product '${pid}' has no purl in the product tree, skipped`,
          );
          continue;
        }
        const st: VexStatement = {
          vulnerability: ids[0],
          aliases: ids.slice(1),
          products: [purl],
          status: vexStatus,
          source: file,
        };
        const flag = flagFor(pid);
        if (flag) st.justification = flag;
        const impact = impactFor(pid);
        if (impact) st.detail = impact;
        out.statements.push(st);
      }
    }
  }
  return out;
}

/** A CycloneDX ref: a purl, a bom-ref of this document, or a BOM-Link (`urn:cdx:serial/version#ref`). */
function refToPurl(ref: string, refs: Map<string, string | undefined>): string | undefined {
  let r = ref;
  if (r.startsWith("urn:cdx:") && r.includes("#")) r = decodeURIComponent(r.slice(r.indexOf("#") + 1));
  if (r.startsWith("pkg:")) return r;
  return refs.get(r);
}

function purlKey(purl: string): { base: string; version?: string } {
  let p = purl;
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep as is
  }
  p = p.toLowerCase();
  const slash = p.lastIndexOf("/");
  const at = p.indexOf("@", slash + 1);
  return at < 0 ? { base: p } : { base: p.slice(0, at), version: p.slice(at + 1) };
}

function productMatches(products: string[], purl: string): boolean {
  if (products.length === 0) return true;
  const have = purlKey(purl);
  return products.some((p) => {
    const want = purlKey(p);
    return want.base === have.base && (want.version === undefined || want.version === have.version);
  });
}

/**
 * Apply VEX statements: `not_affected` and `fixed` suppress matching findings (the justification
 * is kept). Returns new findings (the input is not modified) and what happened.
 */
export function applyVex(
  findings: Finding[],
  documents: VexDocument[],
): { findings: Finding[]; notices: { level: "info" | "warning"; message: string }[] } {
  const notices: { level: "info" | "warning"; message: string }[] = [];
  const used = new Set<VexStatement>();
  const index = new Map<string, VexStatement[]>();
  for (const d of documents) {
    for (const w of d.warnings) notices.push({ level: "warning", message: `VEX ${d.file}: ${w}` });
    for (const s of d.statements)
      for (const id of [s.vulnerability, ...s.aliases]) {
        const k = id.toLowerCase();
        const list = index.get(k);
        if (list) list.push(s);
        else index.set(k, [s]);
      }
  }
  const out = findings.map((f) => {
    if (f.suppressed) return f;
    for (const id of [f.id, ...f.aliases]) {
      for (const s of index.get(id.toLowerCase()) ?? []) {
        if (!productMatches(s.products, f.package.purl)) continue;
        used.add(s);
        if (s.status !== "not_affected" && s.status !== "fixed") continue;
        const suppression: Suppression = {
          by: "vex",
          ref: s.source,
          reason:
            s.detail ??
            (s.status === "fixed" ? "fixed, says the VEX statement" : "not affected, says the VEX statement"),
          justification: s.justification ? `${s.status}: ${s.justification}` : s.status,
        };
        return { ...f, suppressed: suppression };
      }
    }
    return f;
  });
  for (const d of documents) {
    const unused = d.statements.filter((s) => !used.has(s)).length;
    if (unused > 0)
      notices.push({
        level: "info",
        message: `VEX ${d.file}: ${unused} statement${unused === 1 ? "" : "s"} matched no finding in this scan`,
      });
  }
  return { findings: out, notices };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
