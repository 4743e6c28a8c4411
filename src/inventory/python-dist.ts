import type { Hash, SourceKind } from "../core/package.ts";
import { normalizeName } from "../core/package.ts";

/**
 * Helpers shared by the Python parsers: distribution file names (wheels, sdists), direct URL
 * requirements and hashes. Written by hand because the rules are small and fixed by the PyPA
 * specifications (binary distribution format, source distribution format, PEP 440/508/610).
 */

const ARCHIVE_EXT = /\.(tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|zip|tar)$/i;
/**
 * A version-looking string: digits first, optional leading `v` (for tags), PEP 440-ish tail.
 * Each repetition starts with a separator, so the pattern cannot backtrack exponentially.
 */
const VERSIONISH = /^v?(\d+(?:\.\d+)*[A-Za-z0-9]*(?:[._+!-][A-Za-z0-9]+)*)$/;
const COMMIT = /^[0-9a-f]{7,40}$/i;

export interface DistName {
  name: string;
  version: string;
}

/**
 * Name and version from a wheel (`name-ver(-build)?-py-abi-plat.whl`) or sdist
 * (`name-ver.tar.gz`) file name. For sdists the split is at the last `-` followed by a digit,
 * or after `knownName-` when the caller knows the name.
 */
export function parseDistFilename(filename: string, knownName?: string): DistName | undefined {
  const base = filename.replace(/[?#].*$/, "").replace(/^.*\//, "");
  if (/\.whl$/i.test(base)) {
    const parts = base.slice(0, -4).split("-");
    if (parts.length >= 5 && parts[0] && parts[1]) return { name: parts[0], version: parts[1] };
    return undefined;
  }
  if (!ARCHIVE_EXT.test(base)) return undefined;
  const stem = base.replace(ARCHIVE_EXT, "");
  if (knownName) {
    const want = normalizeName("PyPI", knownName);
    const i = stem.lastIndexOf("-");
    // Try every `-` split whose left side normalizes to the known name.
    for (let j = stem.indexOf("-"); j > 0; j = stem.indexOf("-", j + 1)) {
      if (normalizeName("PyPI", stem.slice(0, j)) === want) {
        const v = stem.slice(j + 1);
        if (VERSIONISH.test(v)) return { name: stem.slice(0, j), version: v };
      }
    }
    if (i < 0 && VERSIONISH.test(stem)) return { name: knownName, version: stem.replace(/^v/, "") };
    return undefined;
  }
  // `name-version`: the version follows the last `-` and starts with a digit.
  const dash = stem.lastIndexOf("-");
  const first = stem.charCodeAt(dash + 1);
  if (dash > 0 && first >= 48 && first <= 57)
    return { name: stem.slice(0, dash), version: stem.slice(dash + 1) };
  return undefined;
}

export interface DirectUrlInfo {
  source: SourceKind;
  resolved: string;
  /** Package name from `#egg=` (or from a wheel / sdist file name). */
  name?: string;
  /** Version when the URL names one (a wheel/sdist file, a version tag); else "". */
  version: string;
  commit?: string;
  ref?: string;
}

/**
 * Read what a direct reference tells about a package: `git+https://host/repo@v1.2#egg=x`,
 * `https://host/x-1.0.tar.gz`, `file:///wheels/x-1.0-py3-none-any.whl`, `./dist/x.whl`.
 */
export function parseDirectUrl(url: string, knownName?: string): DirectUrlInfo {
  const hashAt = url.indexOf("#");
  const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : "";
  const noFragment = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const params = new URLSearchParams(fragment);
  let eggName = params.get("egg") ?? undefined;
  if (eggName) eggName = eggName.replace(/\[.*$/, "");
  const name = knownName ?? eggName;
  const vcs = /^(git|hg|svn|bzr)\+/i.exec(noFragment);
  if (vcs) {
    const rest = noFragment.slice(vcs[0].length);
    const schemeEnd = rest.indexOf("://");
    const pathStart = schemeEnd >= 0 ? rest.indexOf("/", schemeEnd + 3) : 0;
    const at = rest.lastIndexOf("@");
    let ref: string | undefined;
    if (at > pathStart && pathStart >= 0) ref = rest.slice(at + 1);
    const info: DirectUrlInfo = {
      source: vcs[1].toLowerCase() === "git" ? "git" : "url",
      resolved: url,
      version: "",
    };
    if (name) info.name = name;
    if (ref) {
      if (COMMIT.test(ref) && !/^\d+$/.test(ref)) info.commit = ref;
      else {
        const v = VERSIONISH.exec(ref);
        if (v) info.version = v[1];
        else info.ref = ref;
      }
    }
    return info;
  }
  const isFile = /^file:/i.test(noFragment) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(noFragment);
  const info: DirectUrlInfo = { source: isFile ? "file" : "url", resolved: url, version: "" };
  if (name) info.name = name;
  const dist = parseDistFilename(noFragment, name);
  if (dist) {
    info.name ??= dist.name;
    info.version = dist.version;
    return info;
  }
  // A tag archive such as `.../archive/refs/tags/1.26.8.zip` names the version alone.
  const base = noFragment
    .replace(/[?].*$/, "")
    .replace(/^.*\//, "")
    .replace(ARCHIVE_EXT, "");
  if (ARCHIVE_EXT.test(noFragment.replace(/[?].*$/, ""))) {
    const v = VERSIONISH.exec(base);
    if (v) info.version = v[1];
  }
  return info;
}

/** `sha256:abc…` (pip `--hash`, poetry/uv/pdm file hashes) → Hash; undefined without `alg:`. */
export function hashFromSpec(spec: string): Hash | undefined {
  const i = spec.indexOf(":");
  if (i <= 0 || i === spec.length - 1) return undefined;
  return { alg: spec.slice(0, i).toLowerCase(), value: spec.slice(i + 1) };
}

/** Add a hash once (same algorithm and value). */
export function pushHash(list: Hash[], h: Hash | undefined): void {
  if (!h) return;
  if (!list.some((x) => x.alg === h.alg && x.value === h.value)) list.push(h);
}
