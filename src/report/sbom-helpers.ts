import { createHash } from "node:crypto";
import type { Hash, Package } from "../core/package.ts";
import { normalizeHashAlg } from "../inventory/sbom-common.ts";

/** Helpers shared by the SBOM reporters (CycloneDX and SPDX). */

/** The fixed timestamp used when RenderOptions.deterministic is set. */
export const DETERMINISTIC_TIMESTAMP = "1970-01-01T00:00:00Z";

/** ISO timestamp without milliseconds (both SBOM formats accept it; SPDX requires this form). */
export function sbomTimestamp(iso: string, deterministic: boolean | undefined): string {
  if (deterministic) return DETERMINISTIC_TIMESTAMP;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DETERMINISTIC_TIMESTAMP;
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** A UUID (version 4 layout) derived from content, so identical inventories give identical ids. */
export function uuidFromContent(content: string): string {
  const h = createHash("sha256").update(content).digest("hex");
  const variant = ((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sha256Hex(content: string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The identity of the inventory (sorted purls), the input to content-derived ids. */
export function inventoryFingerprint(packages: readonly Package[]): string {
  return packages
    .map((p) => p.purl)
    .sort()
    .join("\n");
}

/**
 * Hex digests for a package: its `hashes`, plus its lockfile integrity (`sha512-<base64>` SRI or
 * `sha256:<hex>`) converted to hex when that algorithm is not already present.
 */
export function hexHashes(p: Package): Hash[] {
  const out: Hash[] = [];
  const add = (alg: string, value: string) => {
    const a = normalizeHashAlg(alg);
    if (!/^[0-9a-fA-F]+$/.test(value)) return;
    if (out.some((h) => h.alg === a)) return;
    out.push({ alg: a, value: value.toLowerCase() });
  };
  for (const h of p.hashes ?? []) add(h.alg, h.value);
  const integrity = p.integrity?.trim();
  if (integrity) {
    for (const part of integrity.split(/\s+/)) {
      const sri = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(part);
      if (sri) {
        const hex = Buffer.from(sri[2], "base64").toString("hex");
        add(sri[1], hex);
        continue;
      }
      const colon = /^(sha1|sha256|sha384|sha512|md5):([0-9a-fA-F]+)$/.exec(part);
      if (colon) add(colon[1], colon[2]);
    }
  }
  return out;
}

/** The name of the root component/package that describes the whole inventory. */
export function rootName(targets: readonly string[]): string {
  const t = targets.filter((x) => x.length > 0);
  if (t.length === 0) return "inventory";
  return t.join(" ");
}
