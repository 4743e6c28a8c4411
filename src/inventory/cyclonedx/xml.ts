import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { InventoryError } from "../types.ts";
import { type CdxSchemaVersion, isCdxSchemaVersion } from "./schema.ts";

/**
 * CycloneDX XML → the JSON shape of the same specification version, so that one extraction and
 * one validator (the official JSON schema) serve both encodings. No XSD validator exists for
 * Node without native addons, so this is the decision recorded in docs/decisions.md.
 *
 * The mapping is driven by the JSON schema itself rather than written per element: walking the
 * XML tree and the schema together, an XML attribute or child element fills the JSON property of
 * the same name (`content-type` → `contentType`), arrays are either a wrapper element whose
 * children are the items (`<components><component>`) or repeated elements (`<url>`, `<contact>`),
 * element text fills the one text-valued property (`hash` → `content`, `property` → `value`),
 * and `<licenses><license>`/`<expression>` become `{license}`/`{expression}` items.
 * Elements in other namespaces (XML signatures, extensions) and unknown elements are dropped;
 * repeated elements where the schema wants one value are kept as an array so validation fails.
 */

const require = createRequire(import.meta.url);
const NS_PREFIX = "http://cyclonedx.org/schema/bom/";

type Schema = { [key: string]: unknown };

interface XNode {
  attrs: Record<string, string>;
  text: string;
  children: { name: string; node: XNode }[];
  /** Local names of child elements in other namespaces (e.g. `Signature` from XML-DSig). */
  foreign?: string[];
}

// ---------------------------------------------------------------- XML → XNode

type Ordered = Record<string, unknown>[];

function toXNode(
  items: Ordered,
  attrs: Record<string, string>,
  keep: (name: string) => string | undefined,
): XNode {
  const node: XNode = { attrs: {}, text: "", children: [] };
  for (const [k, v] of Object.entries(attrs)) {
    const name = k.startsWith("@_") ? k.slice(2) : k;
    // Unprefixed attributes are CycloneDX's; xmlns declarations and prefixed (foreign) ones are not.
    if (name.includes(":") || name === "xmlns") continue;
    node.attrs[name] = String(v);
  }
  const texts: string[] = [];
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) {
      if (key === ":@") continue;
      if (key === "#text") {
        texts.push(String(value));
        continue;
      }
      const name = keep(key);
      if (name === undefined) {
        node.foreign ??= [];
        node.foreign.push(key.slice(key.indexOf(":") + 1));
        continue;
      }
      const childAttrs = (item[":@"] as Record<string, string> | undefined) ?? {};
      node.children.push({ name, node: toXNode(value as Ordered, childAttrs, keep) });
    }
  }
  node.text = texts.join("").trim();
  return node;
}

// ------------------------------------------------------------ schema helpers

const schemaCache = new Map<CdxSchemaVersion, Schema>();

function jsonSchema(version: CdxSchemaVersion): Schema {
  let s = schemaCache.get(version);
  if (!s) {
    const dir = join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");
    s = JSON.parse(readFileSync(join(dir, `bom-${version}.SNAPSHOT.schema.json`), "utf8")) as Schema;
    schemaCache.set(version, s);
  }
  return s;
}

const SKIP: Schema = { "x-skip": true };
const STRING: Schema = { type: "string" };

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

class SchemaWalker {
  private readonly root: Schema;
  private readonly resolved = new Map<Schema, Schema>();
  private readonly propsCache = new Map<Schema, Record<string, Schema>>();

  constructor(root: Schema) {
    this.root = root;
  }

  resolve(s: Schema | undefined): Schema {
    if (!s || typeof s !== "object") return {};
    const hit = this.resolved.get(s);
    if (hit) return hit;
    let cur: Schema = s;
    for (let i = 0; i < 20 && typeof cur.$ref === "string"; i++) {
      const ref = cur.$ref as string;
      if (ref.startsWith("#/")) {
        let target: unknown = this.root;
        for (const part of ref.slice(2).split("/")) target = (target as Schema | undefined)?.[part];
        cur = (target as Schema) ?? {};
      } else if (ref.startsWith("jsf-")) {
        cur = SKIP; // JSON signatures have no XML form (XML uses ds:Signature, another namespace)
      } else {
        cur = STRING; // spdx and cryptography-defs references are string enumerations
      }
    }
    this.resolved.set(s, cur);
    return cur;
  }

  /** Properties of an object schema, including those of allOf parts. */
  props(s: Schema): Record<string, Schema> {
    const hit = this.propsCache.get(s);
    if (hit) return hit;
    const out: Record<string, Schema> = { ...((s.properties as Record<string, Schema>) ?? {}) };
    for (const part of (s.allOf as Schema[]) ?? []) Object.assign(out, this.props(this.resolve(part)));
    // Objects whose properties sit in oneOf/anyOf branches (`{type: object, oneOf: [...]}`): the
    // union is what the element may carry; validation then decides which branch it matches.
    if (s.type === "object" || s.properties) {
      for (const b of [...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])]) {
        const rb = this.resolve(b);
        if (rb.properties || rb.allOf)
          for (const [k, v] of Object.entries(this.props(rb))) if (!(k in out)) out[k] = v;
      }
    }
    this.propsCache.set(s, out);
    return out;
  }

  kind(s: Schema): "array" | "object" | "scalar" | "choice" | "skip" {
    if (s === SKIP) return "skip";
    if (s.type === "array") return "array";
    if (s.type === "object" || s.properties) return "object";
    if (s.allOf) {
      const kinds = (s.allOf as Schema[]).map((p) => this.kind(this.resolve(p)));
      if (kinds.includes("object")) return "object";
      if (kinds.includes("array")) return "array";
      return "scalar";
    }
    if (s.oneOf || s.anyOf) return "choice";
    return "scalar";
  }

  private readonly candidatesCache = new Map<Schema, { list: Schema[]; choice: Schema }>();

  /** itemCandidates, and one `{oneOf: candidates}` schema for them, computed once per array schema. */
  items(s: Schema): { list: Schema[]; choice: Schema } {
    let hit = this.candidatesCache.get(s);
    if (!hit) {
      const list = this.itemCandidates(s);
      hit = { list, choice: list.length > 1 ? { oneOf: list } : (list[0] ?? {}) };
      this.candidatesCache.set(s, hit);
    }
    return hit;
  }

  /** The schemas an array's items may have (its items, tuple items and those of its oneOf branches). */
  itemCandidates(s: Schema): Schema[] {
    const out: Schema[] = [];
    const add = (items: unknown) => {
      if (Array.isArray(items)) for (const i of items) out.push(this.resolve(i as Schema));
      else if (items && typeof items === "object") out.push(this.resolve(items as Schema));
    };
    add(s.items);
    for (const b of [...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])])
      add(this.resolve(b).items);
    // Items that are themselves choices (oneOf of objects): offer each branch.
    return out.flatMap((c) =>
      this.kind(c) === "choice"
        ? [...((c.oneOf as Schema[]) ?? []), ...((c.anyOf as Schema[]) ?? [])].map((b) => this.resolve(b))
        : [c],
    );
  }
}

// ---------------------------------------------------------------- conversion

const patterns = new Map<string, RegExp | null>();
function patternOf(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function scalarOf(text: string, s: Schema): unknown {
  const t = s.type;
  // xs:normalizedString and xs:token values may be written across lines in XML; the schema
  // turns line breaks and tabs into spaces before checking. JSON patterns such as ^(.*)$ would
  // otherwise reject them.
  if (typeof s.pattern === "string" && /[\t\r\n]/.test(text)) {
    const re = patternOf(s.pattern);
    if (re && !re.test(text)) {
      const normalized = text.replace(/[\t\r\n]/g, " ");
      if (re.test(normalized)) return normalized;
    }
  }
  if (t === "integer" || t === "number") {
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
  }
  if (t === "boolean") {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    return text;
  }
  return text;
}

/** XML element names that differ from their JSON property (beyond kebab-case → camelCase). */
const XML_ALIASES: Record<string, string> = {
  responses: "response", // vulnerability analysis
  cryptoRef: "cryptoRefArray", // protocolProperties (1.6+)
  details: "expressionDetails", // 1.7 <expression-detailed><details>
};

function propKey(props: Record<string, Schema>, name: string): string | undefined {
  if (name in props) return name;
  const c = camel(name);
  if (c in props) return c;
  const alias = XML_ALIASES[name];
  return alias !== undefined && alias in props ? alias : undefined;
}

/** The properties an item schema requires, including those required by its oneOf/anyOf branches. */
function requiredOf(s: Schema): string[] {
  const out = [...((s.required as string[] | undefined) ?? [])];
  for (const b of [...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])])
    out.push(...((b.required as string[] | undefined) ?? []));
  return out;
}

/** `<asserter><ref>x</ref></asserter>`: an element standing for a reference string. */
function refChildText(node: XNode): string | undefined {
  if (node.children.length !== 1 || node.children[0].name !== "ref" || node.text !== "") return undefined;
  const ref = node.children[0].node;
  return ref.children.length === 0 ? ref.text : undefined;
}

class Converter {
  private readonly w: SchemaWalker;
  constructor(walker: SchemaWalker) {
    this.w = walker;
  }

  convert(node: XNode, schema: Schema): unknown {
    let s = this.w.resolve(schema);
    if (this.w.kind(s) === "choice") {
      // `<asserter><organization>...</organization></asserter>`: an XSD choice element wraps the
      // chosen alternative, which JSON holds directly.
      const only = node.children.length === 1 && node.text === "" ? node.children[0] : undefined;
      if (
        only &&
        only.name !== "ref" &&
        Object.keys(node.attrs).length === 0 &&
        !this.isBranchProperty(s, only.name)
      )
        return this.convert(only.node, s);
      s = this.chooseBranch(node, s);
    }
    switch (this.w.kind(s)) {
      case "skip":
        return undefined;
      case "array":
        return this.array([node], s);
      case "object":
        return this.object(node, s);
      default: {
        const text = node.text !== "" ? node.text : (node.attrs.ref ?? refChildText(node) ?? "");
        return scalarOf(text, s);
      }
    }
  }

  private isBranchProperty(s: Schema, name: string): boolean {
    const branches = [...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])].map((b) =>
      this.w.resolve(b),
    );
    return branches.some((b) => this.w.kind(b) === "object" && propKey(this.w.props(b), name) !== undefined);
  }

  /** Pick the oneOf/anyOf branch the element's shape fits best. */
  private chooseBranch(node: XNode, s: Schema): Schema {
    const branches = [...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])].map((b) =>
      this.w.resolve(b),
    );
    if (
      (node.children.length === 0 && Object.keys(node.attrs).length === 0) ||
      refChildText(node) !== undefined
    ) {
      const scalar = branches.find((b) => this.w.kind(b) === "scalar");
      if (scalar) return scalar;
    }
    let best: Schema | undefined;
    let bestScore = 0;
    for (const b of branches) {
      if (this.w.kind(b) !== "object") continue;
      const props = this.w.props(b);
      let score = 0;
      for (const c of node.children) if (propKey(props, c.name)) score++;
      for (const a of Object.keys(node.attrs)) if (propKey(props, a)) score++;
      if (score > bestScore) {
        best = b;
        bestScore = score;
      }
    }
    if (best) return best;
    return branches.find((b) => this.w.kind(b) === "array") ?? branches[0] ?? {};
  }

  private object(node: XNode, s: Schema): Record<string, unknown> {
    const props = this.w.props(s);
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(node.attrs)) {
      const key = propKey(props, name);
      if (!key) continue;
      const ps = this.w.resolve(props[key]);
      out[key] = scalarOf(
        value,
        this.w.kind(ps) === "choice"
          ? (this.chooseBranch({ attrs: {}, text: value, children: [] }, ps) ?? ps)
          : ps,
      );
    }
    const groups = new Map<string, XNode[]>();
    for (const c of node.children) {
      const list = groups.get(c.name) ?? [];
      list.push(c.node);
      groups.set(c.name, list);
    }
    // A dependency's children are `<dependency ref>` elements (dependsOn in JSON).
    if ("dependsOn" in props && "ref" in props && groups.has("dependency")) {
      out.dependsOn = (groups.get("dependency") ?? []).map((d) => d.attrs.ref ?? d.text);
      groups.delete("dependency");
    }
    for (const [name, list] of groups) {
      const key = propKey(props, name);
      if (!key) {
        // An element of the CycloneDX namespace the schema does not know: keep a marker so that
        // `additionalProperties: false` rejects it, as the XSD would.
        if (s.additionalProperties === false) out[name] = true;
        continue;
      }
      const ps = this.w.resolve(props[key]);
      const kind = this.w.kind(ps);
      if (kind === "skip") continue;
      if (kind === "array" || (kind === "choice" && this.isArrayChoice(list, ps))) {
        out[key] = this.array(list, kind === "choice" ? this.chooseArrayBranch(list, ps) : ps);
      } else if (list.length > 1) {
        // The schema wants one value and the document has several: keep them all so that
        // validation reports it (the XSD's maxOccurs="1").
        out[key] = list.map((n) => this.convert(n, ps));
      } else {
        const v = this.convert(list[0], ps);
        if (v !== undefined) out[key] = v;
        // `<classification flow="inbound">PII</classification>`: attributes of a text element
        // belong to the enclosing JSON object.
        if (kind === "scalar")
          for (const [a, av] of Object.entries(list[0].attrs)) {
            const ak = propKey(props, a);
            if (ak && out[ak] === undefined) out[ak] = scalarOf(av, this.w.resolve(props[ak]));
          }
      }
    }
    // XML signs with XML-DSig (another namespace); JSON with JSF. A placeholder JSF signature
    // stands for it so that rules requiring a signature hold; Intake never reads signatures.
    if (node.foreign?.includes("Signature") && "signature" in props && out.signature === undefined)
      out.signature = { algorithm: "RS256", value: "xml-dsig" };
    if (node.text !== "") {
      for (const key of ["content", "value", "text", "expression"]) {
        if (key in props && out[key] === undefined && this.w.kind(this.w.resolve(props[key])) === "scalar") {
          out[key] = scalarOf(node.text, this.w.resolve(props[key]));
          break;
        }
      }
    }
    return out;
  }

  private isArrayChoice(list: XNode[], s: Schema): boolean {
    const b = this.chooseBranch(list[0], s);
    return this.w.kind(b) === "array";
  }

  private chooseArrayBranch(list: XNode[], s: Schema): Schema {
    return this.chooseBranch(list[0], s);
  }

  /** Are these elements the items themselves (true) or one wrapper around the items (false)? */
  private areItems(list: XNode[], candidates: Schema[]): boolean {
    if (list.length > 1) return true;
    const n = list[0];
    if (n.children.length === 0) return n.text !== "" || Object.keys(n.attrs).length > 0;
    const objectCands = candidates.filter((c) => this.w.kind(c) === "object");
    for (const c of objectCands) {
      const props = this.w.props(c);
      if (Object.keys(n.attrs).some((a) => propKey(props, a))) return true;
      const names = new Set(n.children.map((x) => x.name).filter((x) => propKey(props, x)));
      if (names.size >= 2) return true;
    }
    return false;
  }

  private array(list: XNode[], s: Schema): unknown[] {
    const items = this.w.items(s);
    const candidates = items.list;
    if (this.areItems(list, candidates))
      return list.map((n) => this.item(n, undefined, candidates, items.choice));
    return list[0].children
      .map((c) => this.item(c.node, c.name, candidates, items.choice))
      .filter((x) => x !== undefined);
  }

  /** One array item; `name` is the element name when it came out of a wrapper. */
  private item(node: XNode, name: string | undefined, candidates: Schema[], choice: Schema): unknown {
    if (name !== undefined) {
      for (const c of candidates) {
        if (this.w.kind(c) !== "object") continue;
        const props = this.w.props(c);
        const key = propKey(props, name);
        // Only single-purpose wrappers (`{license}`, `{expression}`, `{text}`) are keyed by the
        // element name: the property must be one the item requires.
        if (!key || !requiredOf(c).includes(key)) continue;
        const ps = this.w.resolve(props[key]);
        const kind = this.w.kind(ps);
        if (kind === "scalar" && node.children.length === 0) {
          // `<expression acknowledgement="declared">MIT</expression>` → {expression, acknowledgement}
          const out: Record<string, unknown> = { [key]: scalarOf(node.text, ps) };
          for (const [a, v] of Object.entries(node.attrs)) {
            const ak = propKey(props, a);
            if (ak && ak !== key) out[ak] = scalarOf(v, this.w.resolve(props[ak]));
          }
          return out;
        }
        if (kind === "object" || kind === "choice") return { [key]: this.convert(node, ps) };
      }
    }
    return this.convert(node, choice);
  }
}

// ------------------------------------------------------------------- entry

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  processEntities: true,
});

/** Parse CycloneDX XML and return the equivalent JSON document (not yet validated). */
export function xmlToCdxJson(text: string, path: string): Record<string, unknown> {
  // CycloneDX never needs a DTD; entity declarations in untrusted input only serve expansion
  // attacks, so they are refused before parsing.
  if (/<!ENTITY/i.test(text.slice(0, 64 * 1024))) {
    throw new InventoryError("malformed", "XML entity declarations (<!ENTITY>) are not allowed in an SBOM", {
      file: path,
    });
  }
  const check = XMLValidator.validate(text);
  if (check !== true) {
    throw new InventoryError("malformed", `not well-formed XML: ${check.err.msg}`, {
      file: path,
      line: check.err.line,
      column: check.err.col,
    });
  }
  let ordered: Ordered;
  try {
    ordered = parser.parse(text) as Ordered;
  } catch (e) {
    throw new InventoryError(
      "malformed",
      `not well-formed XML: ${e instanceof Error ? e.message : String(e)}`,
      {
        file: path,
        cause: e,
      },
    );
  }
  const rootItem = ordered.find((item) => Object.keys(item).some((k) => k !== ":@" && k !== "#text"));
  if (!rootItem) throw new InventoryError("wrong-format", "no root element", { file: path });
  const rootName = Object.keys(rootItem).find((k) => k !== ":@" && k !== "#text")!;
  const rootAttrs = (rootItem[":@"] as Record<string, string> | undefined) ?? {};
  const colon = rootName.indexOf(":");
  const prefix = colon >= 0 ? rootName.slice(0, colon) : undefined;
  const local = colon >= 0 ? rootName.slice(colon + 1) : rootName;
  const ns = rootAttrs[prefix ? `@_xmlns:${prefix}` : "@_xmlns"];
  if (local !== "bom") {
    if (local === "Document" || local === "rdf:RDF" || rootName === "rdf:RDF")
      throw new InventoryError("wrong-format", "this is not a CycloneDX document (SPDX RDF?)", {
        file: path,
      });
    throw new InventoryError("wrong-format", `not a CycloneDX document: the root element is <${rootName}>`, {
      file: path,
    });
  }
  if (typeof ns !== "string" || !ns.startsWith(NS_PREFIX)) {
    throw new InventoryError(
      "wrong-format",
      `not a CycloneDX document: <bom> is in namespace '${ns ?? "(none)"}', expected ${NS_PREFIX}1.x`,
      { file: path },
    );
  }
  const version = ns.slice(NS_PREFIX.length);
  if (!isCdxSchemaVersion(version)) {
    throw new InventoryError(
      /^\d+\.\d+$/.test(version) ? "unsupported-version" : "schema-invalid",
      /^\d+\.\d+$/.test(version)
        ? `CycloneDX XML version ${version} is not supported (supported: 1.2 to 1.7)`
        : `the CycloneDX namespace '${ns}' names no known version`,
      { file: path },
    );
  }
  // Elements of the CycloneDX namespace: the root's prefix, or no prefix when it is the default.
  const keep = (name: string): string | undefined => {
    const i = name.indexOf(":");
    if (i < 0) return prefix === undefined ? name : undefined;
    return name.slice(0, i) === prefix ? name.slice(i + 1) : undefined;
  };
  const root = toXNode(rootItem[rootName] as Ordered, rootAttrs, keep);
  checkUniqueBomRefs(root, path);
  const walker = new SchemaWalker(jsonSchema(version));
  const converter = new Converter(walker);
  const doc = converter.convert(root, jsonSchema(version)) as Record<string, unknown>;
  dropRepeatedItems(doc);
  return { bomFormat: "CycloneDX", specVersion: version, ...doc };
}

/**
 * The XML schema's identity constraint (xs:unique on every `@bom-ref` in the document), which the
 * JSON schema cannot express. Elements repeated verbatim are tolerated, as dropRepeatedItems
 * does: real SBOMs repeat whole components (osv-scanner's with-duplicates.cdx.xml).
 */
function checkUniqueBomRefs(root: XNode, path: string): void {
  const seen = new Map<string, string>();
  const walk = (node: XNode) => {
    const ref = node.attrs["bom-ref"];
    if (ref !== undefined) {
      const content = JSON.stringify(node);
      const before = seen.get(ref);
      if (before !== undefined && before !== content) {
        throw new InventoryError(
          "schema-invalid",
          `bom-ref '${ref}' is used by two different elements; bom-refs must be unique in a BOM`,
          { file: path },
        );
      }
      seen.set(ref, content);
    }
    for (const c of node.children) walk(c.node);
  };
  walk(root);
}

/**
 * Remove items repeated verbatim inside one array (two identical `<component>` elements). The
 * JSON schema forbids them with uniqueItems; the XML schema has no such rule, and real SBOMs
 * repeat entries (osv-scanner's with-duplicates.cdx.xml), so the XML route must accept them.
 */
function dropRepeatedItems(value: unknown): void {
  if (Array.isArray(value)) {
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item && typeof item === "object") {
        const key = JSON.stringify(item);
        if (seen.has(key)) {
          value.splice(i--, 1);
          continue;
        }
        seen.add(key);
      }
      dropRepeatedItems(item);
    }
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) dropRepeatedItems(v);
  }
}
