import { PackageURL } from "packageurl-js";
import { type Ecosystem, ecosystemForPurlType } from "./ecosystem.ts";

/**
 * Package URL helpers over packageurl-js. Everything that reads a purl from untrusted input (SBOMs,
 * advisories, API requests) goes through `parsePurl`, so that fixes to the library's behaviour
 * live in one place (see purl.test.ts for the purl-spec conformance run).
 */

export type ParsedPurl = PackageURL;

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`Invalid purl: ${what} has a malformed percent-encoding`);
  }
}

/**
 * Split a purl string into decoded parts following the purl-spec parsing steps (subpath after the
 * rightmost `#`, qualifiers after the rightmost `?`, the version after the rightmost `@` of the
 * remainder, the name its last `/` segment). Written here because packageurl-js 2.0.1 takes
 * `pkg:apk/alpine/@1.2` as a package named `@1.2` instead of refusing the empty name; the parts
 * are then handed to the PackageURL constructor, which applies the per-type rules.
 */
export function splitPurl(text: string): PurlParts {
  let rest = text.trim();
  const colon = rest.indexOf(":");
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== "pkg")
    throw new Error('Invalid purl: missing required "pkg" scheme component');
  rest = rest.slice(colon + 1);
  let subpath: string | undefined;
  const hash = rest.lastIndexOf("#");
  if (hash >= 0) {
    const segments = rest
      .slice(hash + 1)
      .split("/")
      .filter((x) => x !== "" && x !== "." && x !== "..");
    subpath = segments.map((x) => decode(x, "subpath")).join("/") || undefined;
    rest = rest.slice(0, hash);
  }
  let qualifiers: Record<string, string> | undefined;
  const q = rest.lastIndexOf("?");
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new Error(`Invalid purl: qualifier '${pair}' is not key=value`);
      const value = decode(pair.slice(eq + 1), "qualifier value");
      if (value === "") continue;
      qualifiers ??= {};
      qualifiers[pair.slice(0, eq).toLowerCase()] = value;
    }
    rest = rest.slice(0, q);
  }
  rest = rest.replace(/^\/+/, "");
  const slash = rest.indexOf("/");
  if (slash <= 0) throw new Error('Invalid purl: "type" is a required component');
  const type = rest.slice(0, slash);
  rest = rest.slice(slash + 1).replace(/\/+$/, "");
  let version: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at >= 0 && at > rest.lastIndexOf("/")) {
    version = decode(rest.slice(at + 1), "version");
    rest = rest.slice(0, at);
  }
  // The git type's name is the repository path on the host, slashes included; its namespace is
  // the host alone (purl-spec types/git).
  const lastSlash = type.toLowerCase() === "git" ? rest.indexOf("/") : rest.lastIndexOf("/");
  const name = rest
    .slice(lastSlash + 1)
    .split("/")
    .map((x) => decode(x, "name"))
    .join("/");
  if (name === "" || name.split("/").includes(""))
    throw new Error('Invalid purl: "name" is a required component');
  const nsSegments =
    lastSlash >= 0
      ? rest
          .slice(0, lastSlash)
          .split("/")
          .filter((x) => x !== "")
      : [];
  const namespace = nsSegments.map((x) => decode(x, "namespace")).join("/") || undefined;
  const out: PurlParts = { type, name };
  if (namespace !== undefined) out.namespace = namespace;
  if (version !== undefined && version !== "") out.version = version;
  if (qualifiers) out.qualifiers = qualifiers;
  if (subpath !== undefined) out.subpath = subpath;
  return out;
}

/**
 * Percent-encode one purl component: everything but the unreserved characters, with `:` kept as
 * is (purl-spec: the colon is never encoded). packageurl-js 2.0.1 encodes `:` as `%3A` in
 * qualifier values and subpaths and leaves `+` unencoded in versions, which the spec's canonical
 * forms do not (`repository_url=https:%2F%2F...`, `1:2.4.47-2%2Bb1`).
 */
function encodeComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/%3A/gi, ":")
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical purl string for parts that have already been normalized. */
export function formatPurlParts(p: PurlParts): string {
  let out = `pkg:${p.type.toLowerCase()}/`;
  if (p.namespace)
    out += `${p.namespace
      .split("/")
      .filter((x) => x !== "")
      .map(encodeComponent)
      .join("/")}/`;
  out +=
    p.type.toLowerCase() === "git"
      ? p.name.split("/").map(encodeComponent).join("/")
      : encodeComponent(p.name);
  if (p.version) out += `@${encodeComponent(p.version)}`;
  const q = Object.entries(p.qualifiers ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (q.length > 0)
    out += `?${q.map(([k, v]) => `${k.toLowerCase()}=${encodeComponent(String(v))}`).join("&")}`;
  if (p.subpath) {
    const segs = p.subpath.split("/").filter((x) => x !== "" && x !== "." && x !== "..");
    if (segs.length > 0) out += `#${segs.map(encodeComponent).join("/")}`;
  }
  return out;
}

/**
 * Per-type rules from the purl-spec type definitions that packageurl-js 2.0.1 does not apply.
 * Namespace requirements are enforced for every type that prohibits one, but "required" only for
 * types Intake does not read as an ecosystem: SBOM tools write `pkg:golang/stdlib`, which the
 * golang definition would refuse, and refusing it would lose real packages. For the same reason
 * julia purls without the `uuid` qualifier are accepted (buildPurl cannot know the uuid either).
 */
const NAMESPACE_PROHIBITED = new Set([
  "bazel",
  "bitnami",
  "cargo",
  "chrome-extension",
  "cocoapods",
  "conda",
  "cran",
  "gem",
  "hackage",
  "julia",
  "mlflow",
  "nuget",
  "oci",
  "opam",
  "otp",
  "pub",
  "pypi",
  "vcpkg",
]);
const NAMESPACE_REQUIRED = new Set(["alpm", "bitbucket", "huggingface", "qpkg", "vscode-extension"]);

const CASE_INSENSITIVE_GIT_HOSTS = new Set(["github", "github.com", "bitbucket", "bitbucket.org"]);

function applyTypeRules(p: PurlParts): PurlParts {
  const type = p.type.toLowerCase();
  if (NAMESPACE_PROHIBITED.has(type) && p.namespace)
    throw new Error(`Invalid purl: ${type} purls have no namespace ('${p.namespace}' given)`);
  if (NAMESPACE_REQUIRED.has(type) && !p.namespace)
    throw new Error(`Invalid purl: ${type} purls need a namespace`);
  if (type === "brew") {
    // Homebrew tap and formula names are case-insensitive: canonical form is lower case.
    return {
      ...p,
      name: p.name.toLowerCase(),
      ...(p.namespace ? { namespace: p.namespace.toLowerCase() } : {}),
    };
  }
  if (type === "cpan" && p.name.includes("::"))
    throw new Error(
      "Invalid purl: a cpan name is a distribution name (Foo-Bar), never a module name (Foo::Bar)",
    );
  if (type === "git" && p.namespace && CASE_INSENSITIVE_GIT_HOSTS.has(p.namespace.toLowerCase())) {
    // Repositories on these forges are named case-insensitively (as their own purl types say).
    return { ...p, namespace: p.namespace.toLowerCase(), name: p.name.toLowerCase() };
  }
  if (type === "chrome-extension") {
    if (!/^[a-p]{32}$/.test(p.name)) throw new Error("Invalid purl: a chrome-extension id is 32 letters a-p");
    if (p.version !== undefined && !/^\d+(\.\d+){0,3}$/.test(p.version))
      throw new Error("Invalid purl: a chrome-extension version is one to four dot-separated numbers");
  }
  return p;
}

/** Build a normalized PackageURL from parts (the constructor applies per-type rules and checks). */
export function purlFromParts(parts: PurlParts): ParsedPurl {
  const p = applyTypeRules(parts);
  return new PackageURL(p.type, p.namespace, p.name, p.version, p.qualifiers, p.subpath);
}

/** The normalized parts of a PackageURL (what formatPurlParts serializes). */
export function partsOf(purl: ParsedPurl): PurlParts {
  const out: PurlParts = { type: purl.type, name: purl.name };
  if (purl.namespace) out.namespace = purl.namespace;
  if (purl.version) out.version = purl.version;
  if (purl.qualifiers && Object.keys(purl.qualifiers).length > 0) out.qualifiers = { ...purl.qualifiers };
  if (purl.subpath) out.subpath = purl.subpath;
  return out;
}

/** Parse a purl string; throws an Error with a readable message when it is not a valid purl. */
export function parsePurl(purl: string): ParsedPurl {
  if (typeof purl !== "string") throw new Error("purl is not a string");
  const text = purl.trim();
  if (text === "") throw new Error("purl is empty");
  return purlFromParts(splitPurl(text));
}

/** Parse or return undefined (for callers that only want to know whether it is usable). */
export function tryParsePurl(purl: string): ParsedPurl | undefined {
  try {
    return parsePurl(purl);
  } catch {
    return undefined;
  }
}

/** The canonical string form of a purl (lower-cased type, sorted qualifiers, spec encoding). */
export function canonicalPurl(purl: string): string {
  return formatPurlParts(partsOf(parsePurl(purl)));
}

/** The canonical string of a parsed purl. */
export function purlToString(purl: ParsedPurl): string {
  return formatPurlParts(partsOf(purl));
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
    purl: purlToString(parsed),
    parsed,
  };
  if (parsed.version) out.version = parsed.version;
  return out;
}
