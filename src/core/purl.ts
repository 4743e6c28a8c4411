import { PackageURL } from "packageurl-js";
import { type Ecosystem, ecosystemForPurlType } from "./ecosystem.ts";

/**
 * Package URL helpers over packageurl-js. Everything that reads a purl from untrusted input (SBOMs,
 * advisories, API requests) goes through `parsePurl`, so that fixes to the library's behaviour
 * live in one place (see purl.test.ts for the purl-spec conformance run).
 */

export type ParsedPurl = PackageURL;

/** Parse a purl string; throws an Error with a readable message when it is not a valid purl. */
export function parsePurl(purl: string): ParsedPurl {
  if (typeof purl !== "string") throw new Error("purl is not a string");
  const text = purl.trim();
  if (text === "") throw new Error("purl is empty");
  return PackageURL.fromString(text);
}

/** Parse or return undefined (for callers that only want to know whether it is usable). */
export function tryParsePurl(purl: string): ParsedPurl | undefined {
  try {
    return parsePurl(purl);
  } catch {
    return undefined;
  }
}

/** The canonical string form of a purl (lower-cased type, sorted qualifiers, percent-encoding). */
export function canonicalPurl(purl: string): string {
  return parsePurl(purl).toString();
}

/** Purl types whose namespace is part of the package name as the ecosystem spells it, joined by `/`. */
const SLASH_NAMESPACE = new Set(["npm", "golang", "composer", "swift", "githubactions", "github"]);

/**
 * The package name as its ecosystem spells it, from purl parts: Maven `group:artifact`, npm
 * `@scope/name`, Go `host/path/module`, Packagist `vendor/name`; types whose namespace is not
 * part of the name (deb/apk/rpm distro namespaces, for instance) give the bare name.
 */
export function ecosystemNameFromPurl(p: { type: string; namespace?: string | null; name: string }): string {
  const type = p.type.toLowerCase();
  const ns = p.namespace ?? undefined;
  if (!ns) return p.name;
  if (type === "maven") return `${ns}:${p.name}`;
  if (SLASH_NAMESPACE.has(type)) return `${ns}/${p.name}`;
  return p.name;
}

/**
 * The release suffix OSV uses for distribution ecosystems, from a purl's `distro` qualifier:
 * `debian-12` → `Debian:12`, `ubuntu-22.04` → `Ubuntu:22.04`, `alpine-3.19.1` → `Alpine:v3.19`.
 * Anything not recognised gives the bare ecosystem (never a guessed release).
 */
function withRelease(base: string, distro: string | undefined): Ecosystem {
  if (!distro) return base as Ecosystem;
  const d = distro.toLowerCase();
  if (base === "Debian") {
    const m = /^(?:debian-)?(\d+)(?:\.\d+)*$/.exec(d);
    if (m) return `Debian:${m[1]}` as Ecosystem;
  } else if (base === "Ubuntu") {
    const m = /^(?:ubuntu-)?(\d+\.\d+)$/.exec(d);
    if (m) return `Ubuntu:${m[1]}` as Ecosystem;
  } else if (base === "Alpine") {
    const m = /^(?:alpine-)?v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(d);
    if (m) return `Alpine:v${m[1]}.${m[2]}` as Ecosystem;
  }
  return base as Ecosystem;
}

export interface PurlIdentity {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  /** The canonical purl string. */
  purl: string;
  parsed: ParsedPurl;
}

/**
 * Turn a purl into the ecosystem, name and version Intake uses. Throws an Error (message fit for
 * a warning) when the purl is invalid or its type maps to no ecosystem Intake knows.
 */
export function identityFromPurl(purl: string): PurlIdentity {
  const parsed = parsePurl(purl);
  const base = ecosystemForPurlType(parsed.type, parsed.namespace ?? undefined);
  if (!base) throw new Error(`purl type '${parsed.type}' has no known ecosystem`);
  const distro = parsed.qualifiers?.distro;
  const ecosystem =
    base === "Debian" || base === "Ubuntu" || base === "Alpine" ? withRelease(base, distro) : base;
  const out: PurlIdentity = {
    ecosystem,
    name: ecosystemNameFromPurl(parsed),
    purl: parsed.toString(),
    parsed,
  };
  if (parsed.version) out.version = parsed.version;
  return out;
}
