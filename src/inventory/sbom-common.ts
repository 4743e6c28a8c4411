import { createRequire } from "node:module";
import type { ErrorInfo } from "../core/result.ts";

/** Helpers shared by the SBOM parsers (CycloneDX and SPDX). */

const require = createRequire(import.meta.url);
// Untyped CommonJS packages: the shapes used here are small and declared inline.
const parseSpdx = require("spdx-expression-parse") as (expression: string) => unknown;
const correctSpdx = require("spdx-correct") as (
  identifier: string,
  options?: { upgrade?: boolean },
) => string | null;

// SBOMs repeat the same few licences thousands of times: remember the answers (bounded).
const expressionCache = new Map<string, boolean>();

/** Line and column of a JSON.parse error, from the message Node gives (`... (line 3 column 2)`). */
export function jsonErrorPosition(message: string, text: string): { line?: number; column?: number } {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(message);
  if (!at) return {};
  let line = 1;
  const pos = Number(at[1]);
  for (let i = text.indexOf("\n"); i >= 0 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return { line };
}

/** True when text is a valid SPDX licence expression. */
export function isSpdxExpression(text: string): boolean {
  const hit = expressionCache.get(text);
  if (hit !== undefined) return hit;
  let ok: boolean;
  try {
    parseSpdx(text);
    ok = true;
  } catch {
    ok = false;
  }
  if (expressionCache.size > 10_000) expressionCache.clear();
  expressionCache.set(text, ok);
  return ok;
}

/**
 * An SPDX expression for one licence as an SBOM writes it: valid expressions as they are, free
 * text corrected by spdx-correct when it recognises it (`Apache License 2.0` → `Apache-2.0`),
 * otherwise the text unchanged (Package.license allows free text).
 */
const correctedCache = new Map<string, string>();

export function toSpdxExpression(text: string): string | undefined {
  const t = text.trim();
  if (t === "" || t === "NOASSERTION" || t === "NONE") return undefined;
  if (isSpdxExpression(t)) return t;
  const hit = correctedCache.get(t);
  if (hit !== undefined) return hit;
  let out = t;
  try {
    const fixed = correctSpdx(t, { upgrade: true });
    if (fixed) out = fixed;
  } catch {
    // spdx-correct throws on some inputs it cannot read; keep the text.
  }
  if (correctedCache.size > 10_000) correctedCache.clear();
  correctedCache.set(t, out);
  return out;
}

/** Combine several licences with AND, wrapping compound parts in parentheses. */
export function joinLicenses(parts: string[]): string | undefined {
  const uniq = [...new Set(parts.filter((p) => p.length > 0))];
  if (uniq.length === 0) return undefined;
  if (uniq.length === 1) return uniq[0];
  return uniq.map((p) => (/\s/.test(p) && !/^\(.*\)$/.test(p) ? `(${p})` : p)).join(" AND ");
}

/**
 * Hash algorithm names as Package.hashes stores them (lower case, `sha256` not `SHA-256`), from
 * CycloneDX (`SHA-256`, `SHA3-256`, `BLAKE2b-256`) or SPDX (`SHA256`, `SHA3_256`, `BLAKE2b-256`).
 */
export function normalizeHashAlg(alg: string): string {
  const a = alg.trim().toLowerCase().replace(/_/g, "-");
  const m = /^sha-?(1|224|256|384|512)$/.exec(a);
  if (m) return `sha${m[1]}`;
  return a;
}

const CDX_HASH_ALGS: Record<string, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
  "sha3-256": "SHA3-256",
  "sha3-384": "SHA3-384",
  "sha3-512": "SHA3-512",
  "blake2b-256": "BLAKE2b-256",
  "blake2b-384": "BLAKE2b-384",
  "blake2b-512": "BLAKE2b-512",
  blake3: "BLAKE3",
};

/** The CycloneDX spelling of a normalized algorithm, or undefined when CycloneDX has none. */
export function cdxHashAlg(alg: string): string | undefined {
  return CDX_HASH_ALGS[normalizeHashAlg(alg)];
}

const SPDX_HASH_ALGS: Record<string, string> = {
  md5: "MD5",
  sha1: "SHA1",
  sha224: "SHA224",
  sha256: "SHA256",
  sha384: "SHA384",
  sha512: "SHA512",
  "sha3-256": "SHA3-256",
  "sha3-384": "SHA3-384",
  "sha3-512": "SHA3-512",
  "blake2b-256": "BLAKE2b-256",
  "blake2b-384": "BLAKE2b-384",
  "blake2b-512": "BLAKE2b-512",
  blake3: "BLAKE3",
};

/** The SPDX 2.3 spelling of a normalized algorithm, or undefined when SPDX has none. */
export function spdxHashAlg(alg: string): string | undefined {
  return SPDX_HASH_ALGS[normalizeHashAlg(alg)];
}

/** Hex digests only (SRI base64 values have no place in SBOM hash fields). */
export function isHexDigest(value: string): boolean {
  return /^[0-9a-fA-F]{32,128}$/.test(value);
}

/**
 * Collects skipped entries by reason and turns them into a few readable warnings, so that an SBOM
 * with 3,000 unidentifiable files gives one warning, not 3,000.
 */
export class WarningCollector {
  private readonly groups = new Map<string, { message: string; examples: string[]; count: number }>();
  private readonly single: ErrorInfo[] = [];
  private readonly noun: [string, string];

  /** `noun` names the entries: `["component", "components"]`, `["package", "packages"]`. */
  constructor(noun: [string, string] = ["entry", "entries"]) {
    this.noun = noun;
  }

  /** One warning of its own (shown individually, up to a limit). */
  add(code: string, message: string, line?: number): void {
    this.single.push(line === undefined ? { code, message } : { code, message, line });
  }

  /** Count an entry under a grouped reason (`skipped, no purl`); `example` names the entry. */
  group(code: string, message: string, example: string): void {
    const key = `${code}\u0000${message}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { message, examples: [], count: 0 };
      this.groups.set(key, g);
    }
    g.count++;
    if (g.examples.length < 5) g.examples.push(example);
  }

  toList(maxSingle = 20): ErrorInfo[] {
    const out = this.single.slice(0, maxSingle);
    if (this.single.length > maxSingle)
      out.push({
        code: "more-warnings",
        message: `${this.single.length - maxSingle} more warnings like these`,
      });
    for (const [key, g] of this.groups) {
      const code = key.slice(0, key.indexOf("\u0000"));
      const names = g.examples.join(", ") + (g.count > g.examples.length ? ", ..." : "");
      const noun = g.count === 1 ? this.noun[0] : this.noun[1];
      out.push({ code, message: `${g.count} ${noun} ${g.message}: ${names}` });
    }
    return out;
  }
}
