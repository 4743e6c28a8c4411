import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";

/**
 * CycloneDX JSON-schema validation with the official schemas that @cyclonedx/cyclonedx-library
 * ships (`res/schema/`), loaded from node_modules at first use: they are never copied into this
 * repository. Each version's schema is compiled once per process and cached, because compiling
 * the 1.6/1.7 schemas costs far more than validating a document.
 */

const require = createRequire(import.meta.url);
// CommonJS packages: require() gives the constructor and plugin without default-export interop games.
const { Ajv } = require("ajv") as typeof import("ajv");
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;

export const CDX_SCHEMA_VERSIONS = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] as const;
export type CdxSchemaVersion = (typeof CDX_SCHEMA_VERSIONS)[number];

export function isCdxSchemaVersion(v: unknown): v is CdxSchemaVersion {
  return typeof v === "string" && (CDX_SCHEMA_VERSIONS as readonly string[]).includes(v);
}

let schemaDir: string | undefined;
function schemaPath(file: string): string {
  schemaDir ??= join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");
  return join(schemaDir, file);
}

function loadJson(file: string): Record<string, unknown> {
  return withFastUniqueItems(JSON.parse(readFileSync(schemaPath(file), "utf8")));
}

/**
 * ajv checks `uniqueItems` by comparing every pair of items with a deep equality: quadratic, and
 * on a 900-component SBOM it costs ten times the rest of the validation. The schemas are loaded
 * with `uniqueItems: true` renamed to the `uniqueItemsByKey` keyword below, which checks the same
 * rule in one pass with a canonical key per item (sorted object keys, so key order does not
 * matter, as for a deep equality).
 */
function withFastUniqueItems(node: unknown): Record<string, unknown> {
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    if (o.uniqueItems === true) {
      delete o.uniqueItems;
      o.uniqueItemsByKey = true;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(node);
  return node as Record<string, unknown>;
}

function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

interface KeywordValidate {
  (schema: boolean, data: unknown): boolean;
  errors?: Partial<ErrorObject>[];
}

/** A cheap key from an item's top level; equal items always share it, different ones rarely do. */
function shallowKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}`;
  if (!value || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const parts: string[] = [];
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    parts.push(
      `${k}=${v && typeof v === "object" ? (Array.isArray(v) ? `[${v.length}` : "{") : JSON.stringify(v)}`,
    );
  }
  return parts.join("\u0000");
}

const uniqueItemsByKey: KeywordValidate = (schema, data) => {
  uniqueItemsByKey.errors = undefined;
  if (!schema || !Array.isArray(data)) return true;
  // Bucket by the shallow key; only items sharing one are compared in full (canonical keys).
  const buckets = new Map<string, number[]>();
  const full = new Map<number, string>();
  const fullKey = (i: number) => {
    let k = full.get(i);
    if (k === undefined) {
      k = canonicalKey(data[i]);
      full.set(i, k);
    }
    return k;
  };
  for (let i = 0; i < data.length; i++) {
    const key = shallowKey(data[i]);
    const bucket = buckets.get(key);
    if (!bucket) {
      buckets.set(key, [i]);
      continue;
    }
    const mine = typeof data[i] === "object" && data[i] !== null ? fullKey(i) : key;
    for (const j of bucket) {
      const theirs = typeof data[j] === "object" && data[j] !== null ? fullKey(j) : key;
      if (theirs === mine) {
        uniqueItemsByKey.errors = [
          {
            keyword: "uniqueItems",
            message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
            params: { i: j, j: i },
          },
        ];
        return false;
      }
    }
    bucket.push(i);
  }
  return true;
};

/** The library's copies reference their helpers by these ids (see its res/schema/README.md). */
const HELPER_SCHEMAS: Record<string, string> = {
  "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json": "spdx.SNAPSHOT.schema.json",
  "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json": "jsf-0.82.SNAPSHOT.schema.json",
  "http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json":
    "cryptography-defs.SNAPSHOT.schema.json",
};

let ajvInstance: InstanceType<typeof Ajv> | undefined;
function ajv(): InstanceType<typeof Ajv> {
  if (ajvInstance) return ajvInstance;
  const a = new Ajv({
    strict: false,
    allErrors: false,
    useDefaults: false,
    addUsedSchema: false,
    logger: false,
    loadSchema: (uri: string) => {
      throw new Error(`remote schemas are disabled: ${uri}`);
    },
  });
  addFormats(a);
  a.addKeyword({
    keyword: "uniqueItemsByKey",
    type: "array",
    schemaType: "boolean",
    validate: uniqueItemsByKey,
  });
  // Formats the schemas use that ajv-formats does not define: accept any string, as the
  // CycloneDX library's own validator does.
  a.addFormat("iri-reference", true);
  a.addFormat("idn-email", true);
  for (const [id, file] of Object.entries(HELPER_SCHEMAS)) a.addSchema(loadJson(file), id);
  ajvInstance = a;
  return a;
}

const compiled = new Map<CdxSchemaVersion, ValidateFunction>();

/** The compiled validator for one CycloneDX version (compiled on first use, then cached). */
export function cdxValidator(version: CdxSchemaVersion): ValidateFunction {
  let v = compiled.get(version);
  if (!v) {
    v = ajv().compile(loadJson(`bom-${version}.SNAPSHOT.schema.json`));
    compiled.set(version, v);
  }
  return v;
}

/** `/components/3/hashes/0/alg: must be equal to one of the allowed values (MD5, SHA-1, ...)`, first few. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined, max = 3): string {
  if (!errors || errors.length === 0) return "document does not match the schema";
  const lines = errors.slice(0, max).map((e) => {
    let msg = e.message ?? "is invalid";
    const params = e.params as Record<string, unknown>;
    if (Array.isArray(params.allowedValues)) {
      const allowed = params.allowedValues.slice(0, 8).map(String);
      msg += ` (${allowed.join(", ")}${params.allowedValues.length > 8 ? ", ..." : ""})`;
    } else if (typeof params.additionalProperty === "string") {
      msg += ` ('${params.additionalProperty}')`;
    }
    return `${e.instancePath || "/"}: ${msg}`;
  });
  const more = errors.length > max ? ` (and ${errors.length - max} more)` : "";
  return lines.join("; ") + more;
}

/** Validate a parsed document; returns undefined when valid, else the readable error text. */
export function validateCdx(version: CdxSchemaVersion, doc: unknown): string | undefined {
  const v = cdxValidator(version);
  if (v(doc)) return undefined;
  return describeSchemaErrors(v.errors);
}
