import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * Where to ask about packages, read from the user's own configuration — the same files and
 * variables npm and pip read. Nothing here names a registry host: with no configuration, the
 * registry is simply unknown and the signals that need it answer `unknown`.
 */

/** Credentials for one registry path prefix (npm's "nerf dart", `//host/path/`). Never printed. */
interface NpmAuth {
  token?: string;
  /** base64 `user:password`. */
  basic?: string;
  username?: string;
  password?: string;
}

export interface NpmConfig {
  /** The default registry URL (ends with `/`), when one is configured. */
  registry?: string;
  /** `@scope` → registry URL. */
  scopes: Record<string, string>;
  /** Which file or variable gave the registry (for `--verbose`; never the token). */
  origin?: string;
  auth: Map<string, NpmAuth>;
}

export interface PypiConfig {
  /** The simple index URL as configured. */
  indexUrl?: string;
  /** The JSON API base (`<base>/pypi/<name>/json`), derived from the index URL or set explicitly. */
  jsonApiBase?: string;
  /** Basic credentials taken from the index URL's user info (never printed). */
  authorization?: string;
  origin?: string;
  /** Why no JSON API could be derived, when that is the case. */
  problem?: string;
}

export interface RegistryConfig {
  npm: NpmConfig;
  pypi: PypiConfig;
}

export interface RegistryConfigOptions {
  /** Folder of the scanned input; `.npmrc` is looked for here and in every parent. */
  startDir?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Explicit PyPI JSON API base (config `pypiJsonUrl` / INTAKE_PYPI_JSON_URL) — wins over derivation. */
  pypiJsonUrl?: string;
}

function readText(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** `${VAR}` → the variable's value; `${VAR?}` → empty when unset. Unset without `?` stays empty too. */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/(\\*)\$\{([^}?]+)(\?)?\}/g, (whole, slashes: string, name: string) => {
    if (slashes.length % 2 === 1) return whole.slice(1);
    return `${slashes}${env[name] ?? ""}`;
  });
}

/** Parse an ini-style file (`.npmrc`, `pip.conf`) into section → key → value. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section = "";
  out.set(section, new Map());
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(";") || line.startsWith("#")) continue;
    // pip.conf allows continuation lines (indented) for multi-valued keys.
    if (/^\s/.test(raw) && lastKey && section) {
      const m = out.get(section)!;
      m.set(lastKey, `${m.get(lastKey)} ${line}`.trim());
      continue;
    }
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      if (!out.has(section)) out.set(section, new Map());
      lastKey = undefined;
      continue;
    }
    const eq = line.indexOf("=");
    const colonEq = eq < 0 ? line.indexOf(":") : -1;
    const at = eq >= 0 ? eq : colonEq;
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    let value = line.slice(at + 1).trim();
    if (/^(".*"|'.*')$/.test(value)) value = value.slice(1, -1);
    out.get(section)!.set(key, value);
    lastKey = key;
  }
  return out;
}

/** The nearest file named `name` in `startDir` or a parent folder. */
function findUp(startDir: string, name: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const p = join(dir, name);
    if (readText(p) !== undefined) return p;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** `https://host:8080/path/` → `//host:8080/path/` (npm's key for credentials). */
export function nerfDart(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `//${u.host}${withSlash(u.pathname)}`;
  } catch {
    return undefined;
  }
}

function applyNpmEntries(
  cfg: NpmConfig,
  entries: Map<string, string>,
  origin: string,
  env: NodeJS.ProcessEnv,
) {
  for (const [rawKey, rawValue] of entries) {
    const key = expandEnv(rawKey, env);
    const value = expandEnv(rawValue, env);
    if (key === "registry") {
      if (!cfg.registry && value) {
        cfg.registry = withSlash(value);
        cfg.origin = origin;
      }
      continue;
    }
    const scoped = /^(@[^:]+):registry$/.exec(key);
    if (scoped) {
      if (!cfg.scopes[scoped[1]] && value) cfg.scopes[scoped[1]] = withSlash(value);
      continue;
    }
    const auth = /^(\/\/.+?):(_authToken|_auth|username|_password)$/.exec(key);
    if (auth) {
      const dart = withSlash(auth[1]);
      const have = cfg.auth.get(dart) ?? {};
      const field = auth[2];
      if (field === "_authToken") have.token ??= value;
      else if (field === "_auth") have.basic ??= value;
      else if (field === "username") have.username ??= value;
      else if (field === "_password") have.password ??= value;
      cfg.auth.set(dart, have);
    }
  }
}

/** Read npm's configuration: environment, project `.npmrc`, user `.npmrc`, global `npmrc` (first wins). */
export function loadNpmConfig(options: RegistryConfigOptions = {}): NpmConfig {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const cfg: NpmConfig = { scopes: {}, auth: new Map() };
  // 1. npm_config_* variables (npm treats the prefix case-insensitively).
  const fromEnv = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || !/^npm_config_/i.test(k)) continue;
    const key = k.slice("npm_config_".length);
    if (key.toLowerCase() === "registry") fromEnv.set("registry", v);
    else if (key.startsWith("@") || key.startsWith("//")) fromEnv.set(key, v);
  }
  applyNpmEntries(cfg, fromEnv, "npm_config_registry", env);
  // 2. project .npmrc next to the scanned input (or above it).
  const files: string[] = [];
  if (options.startDir) {
    const p = findUp(options.startDir, ".npmrc");
    if (p) files.push(p);
  }
  // 3. user config, 4. global config.
  const user = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(home, ".npmrc");
  files.push(user);
  const global = env.npm_config_globalconfig ?? env.NPM_CONFIG_GLOBALCONFIG;
  if (global) files.push(global);
  for (const f of [...new Set(files)]) {
    const text = readText(f);
    if (text === undefined) continue;
    applyNpmEntries(cfg, parseIni(text).get("") ?? new Map(), f, env);
  }
  return cfg;
}

/** The registry URL and Authorization header for one npm package name. */
export function npmRegistryFor(
  cfg: NpmConfig,
  name: string,
): { url: string; authorization?: string } | undefined {
  const scope = name.startsWith("@") ? name.slice(0, name.indexOf("/")) : undefined;
  const url = (scope && cfg.scopes[scope]) || cfg.registry;
  if (!url) return undefined;
  return { url, authorization: npmAuthorizationFor(cfg, url) };
}

/** Credentials for a URL: the longest configured prefix of the URL's host and path. */
export function npmAuthorizationFor(cfg: NpmConfig, url: string): string | undefined {
  const dart = nerfDart(url);
  if (!dart) return undefined;
  let best: NpmAuth | undefined;
  let bestLen = -1;
  for (const [prefix, auth] of cfg.auth) {
    if (dart.startsWith(prefix) && prefix.length > bestLen) {
      best = auth;
      bestLen = prefix.length;
    }
  }
  if (!best) return undefined;
  if (best.token) return `Bearer ${best.token}`;
  if (best.basic) return `Basic ${best.basic}`;
  if (best.username && best.password) {
    const pw = Buffer.from(best.password, "base64").toString("utf8");
    return `Basic ${Buffer.from(`${best.username}:${pw}`).toString("base64")}`;
  }
  return undefined;
}

/**
 * The JSON API base for a simple index URL: `<base>/simple/` → `<base>`, so that
 * `<base>/pypi/<name>/json` is the project's JSON document. Indexes whose URL does not end in
 * `/simple` (devpi's `+simple`, plain file indexes) have no JSON API we can derive.
 */
export function pypiJsonBaseFromIndex(indexUrl: string): string | undefined {
  let u: URL;
  try {
    u = new URL(indexUrl);
  } catch {
    return undefined;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return undefined;
  const path = u.pathname.replace(/\/+$/, "");
  if (!path.endsWith("/simple")) return undefined;
  u.pathname = path.slice(0, -"/simple".length) || "/";
  u.username = "";
  u.password = "";
  return u.toString().replace(/\/+$/, "");
}

/** Read pip's index URL: `PIP_INDEX_URL`, `PIP_CONFIG_FILE`, user and global `pip.conf` (in pip's order). */
export function loadPypiConfig(options: RegistryConfigOptions = {}): PypiConfig {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  let indexUrl: string | undefined;
  let origin: string | undefined;
  if (env.PIP_INDEX_URL) {
    indexUrl = env.PIP_INDEX_URL;
    origin = "PIP_INDEX_URL";
  } else {
    const xdgConfig = env.XDG_CONFIG_HOME || join(home, ".config");
    // Highest priority first, as pip merges them (global < user < PIP_CONFIG_FILE).
    const candidates = [
      env.PIP_CONFIG_FILE,
      join(xdgConfig, "pip", "pip.conf"),
      join(home, ".pip", "pip.conf"),
      ...(env.XDG_CONFIG_DIRS ?? "/etc/xdg").split(":").map((d) => join(d, "pip", "pip.conf")),
      "/etc/pip.conf",
    ].filter((x): x is string => Boolean(x) && x !== "os.devnull");
    for (const f of candidates) {
      const text = readText(f);
      if (text === undefined) continue;
      const ini = parseIni(text);
      const v =
        ini.get("install")?.get("index-url") ??
        ini.get("install")?.get("index_url") ??
        ini.get("global")?.get("index-url") ??
        ini.get("global")?.get("index_url");
      if (v) {
        indexUrl = v;
        origin = f;
        break;
      }
    }
  }
  const cfg: PypiConfig = {};
  if (origin) cfg.origin = origin;
  if (indexUrl) {
    cfg.indexUrl = indexUrl;
    try {
      const u = new URL(indexUrl);
      if (u.username)
        cfg.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString("base64")}`;
    } catch {
      // not a URL: no credentials
    }
  }
  const explicit = options.pypiJsonUrl ?? env.INTAKE_PYPI_JSON_URL;
  if (explicit) {
    cfg.jsonApiBase = explicit.replace(/\/+$/, "");
  } else if (indexUrl) {
    const base = pypiJsonBaseFromIndex(indexUrl);
    if (base) cfg.jsonApiBase = base;
    else cfg.problem = "the configured index URL does not end in /simple, so its JSON API cannot be derived";
  } else {
    cfg.problem = "no PyPI index configured (PIP_INDEX_URL or pip.conf index-url)";
  }
  return cfg;
}

export function loadRegistryConfig(options: RegistryConfigOptions = {}): RegistryConfig {
  return { npm: loadNpmConfig(options), pypi: loadPypiConfig(options) };
}
