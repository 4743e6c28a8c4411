import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { baseEcosystem } from "../core/ecosystem.ts";
import { type Package, toRef } from "../core/package.ts";
import type { SignalResult } from "../core/result.ts";
import { defaultCacheDir } from "./http/cache.ts";
import { HttpClient, type HttpClientOptions, Semaphore } from "./http/http.ts";
import { type ProjectSignalSettings, readProjectSignalSettings } from "./project-settings.ts";
import { SIGNALS, signalFamilies } from "./registry.ts";
import { loadRegistryConfig, type RegistryConfig } from "./registry-config.ts";
import {
  outcomeFromError,
  type Signal,
  type SignalContext,
  type SignalSettings,
  SignalsError,
} from "./types.ts";

export const DEFAULT_SETTINGS: SignalSettings = {
  windowDays: 7,
  dormancyDays: 730,
  internalScopes: [],
  internalPackages: [],
  internalRegistries: [],
  scorecardThreshold: 4,
  scorecardStaleDays: 90,
  scorecardApiUrl: "https://api.securityscorecards.dev",
  depsDevUrl: "https://api.deps.dev/v3",
  cratesIoUrl: "https://crates.io/api/v1",
  rubyGemsUrl: "https://rubygems.org",
  packagistUrl: "https://repo.packagist.org",
  nugetUrl: "https://api.nuget.org/v3",
  goProxyUrl: "https://proxy.golang.org",
};

export interface SignalsOptions {
  /** Signal ids or family names, `all` (default) or `none`. */
  select?: string[] | "all" | "none";
  settings?: Partial<SignalSettings>;
  /** Cache only: network signals answer from the cache or `unknown` ("offline"). */
  offline?: boolean;
  /** HTTP cache folder (default INTAKE_CACHE_DIR / XDG cache); `false` for none. */
  cacheDir?: string | false;
  /** Packages worked on at once (default 32); HTTP requests are bounded separately (default 16). */
  concurrency?: number;
  http?: HttpClient;
  httpOptions?: HttpClientOptions;
  registries?: RegistryConfig;
  /** Where the scanned input is (a file or folder): `.npmrc` is looked for from here upwards. */
  startDir?: string;
  now?: Date;
  progress?: (message: string) => void;
  /** Settings from the project's `.intake.yaml` (read by collectSignals from `startDir`). */
  projectSettings?: ProjectSignalSettings;
}

/** Resolve `--signals` words (ids or families) into signals; throws `unknown-signal` for a bad word. */
export function selectSignals(select: SignalsOptions["select"] = "all"): Signal[] {
  if (select === "none") return [];
  if (select === "all") return SIGNALS;
  const families = new Set(signalFamilies());
  const wanted = new Set<string>();
  for (const raw of select) {
    const w = raw.trim();
    if (!w) continue;
    if (w === "all") return SIGNALS;
    if (w === "none") continue;
    if (families.has(w)) {
      for (const s of SIGNALS) if (s.definition.family === w) wanted.add(s.definition.id);
    } else if (SIGNALS.some((s) => s.definition.id === w)) wanted.add(w);
    else
      throw new SignalsError(
        "unknown-signal",
        `unknown signal or family '${w}' (see 'intake signals list'; families: ${[...families].join(", ")})`,
      );
  }
  return SIGNALS.filter((s) => wanted.has(s.definition.id));
}

function startDirOf(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const abs = resolve(p);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return dirname(abs);
  }
}

/** Build the context collectors share: one HTTP client, one registry configuration, one memo table. */
export function makeSignalContext(options: SignalsOptions = {}): {
  ctx: SignalContext;
  http: HttpClient;
  ownsHttp: boolean;
} {
  const offline = Boolean(options.offline);
  const ownsHttp = !options.http;
  const http =
    options.http ??
    new HttpClient({
      cacheDir: options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir,
      offline,
      ...options.httpOptions,
    });
  const registries = options.registries ?? loadRegistryConfig({ startDir: startDirOf(options.startDir) });
  const { select: _select, ...project } = options.projectSettings ?? {};
  const memo = new Map<string, Promise<unknown>>();
  const ctx: SignalContext = {
    http,
    registries,
    settings: {
      ...DEFAULT_SETTINGS,
      ...settingsFromEnv(),
      ...stripUndefined(project),
      ...stripUndefined(options.settings ?? {}),
    },
    now: options.now ?? new Date(),
    offline,
    memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) {
        p = Promise.resolve().then(fn);
        memo.set(key, p);
      }
      return p;
    },
  };
  return { ctx, http, ownsHttp };
}

/** Settings from INTAKE_* variables (a list is comma-separated); flags and options win over these. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SignalSettings> {
  const list = (v: string | undefined) =>
    v
      ? v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : undefined;
  const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : undefined);
  return stripUndefined({
    windowDays: num(env.INTAKE_SIGNALS_WINDOW_DAYS),
    dormancyDays: num(env.INTAKE_DORMANCY_DAYS),
    internalScopes: list(env.INTAKE_INTERNAL_SCOPES),
    internalPackages: list(env.INTAKE_INTERNAL_PACKAGES),
    internalRegistries: list(env.INTAKE_INTERNAL_REGISTRIES),
    scorecardThreshold: num(env.INTAKE_SCORECARD_THRESHOLD),
    scorecardStaleDays: num(env.INTAKE_SCORECARD_STALE_DAYS),
    scorecardApiUrl: env.INTAKE_SCORECARD_API_URL || undefined,
    depsDevUrl: env.INTAKE_DEPS_DEV_URL || undefined,
    scorecardResultsDir: env.INTAKE_SCORECARD_RESULTS || undefined,
    cratesIoUrl: env.INTAKE_CRATES_IO_URL || undefined,
    rubyGemsUrl: env.INTAKE_RUBYGEMS_URL || undefined,
    packagistUrl: env.INTAKE_PACKAGIST_URL || undefined,
    nugetUrl: env.INTAKE_NUGET_URL || undefined,
    goProxyUrl: env.INTAKE_GOPROXY_URL || undefined,
    sigstoreTrustedRoot: env.INTAKE_SIGSTORE_TRUSTED_ROOT || undefined,
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function applies(signal: Signal, pkg: Package, ctx: SignalContext): boolean {
  const ecos = signal.definition.ecosystems;
  if (ecos) {
    const base = baseEcosystem(pkg.ecosystem);
    if (!base || !ecos.includes(base)) return false;
  }
  return signal.appliesTo ? signal.appliesTo(pkg, ctx) : true;
}

/**
 * The signals stage: every selected signal for every package it applies to, packages worked on
 * concurrently (bounded), each package's signals together so they share one registry fetch.
 * A collector that throws becomes an `error` result; nothing here aborts the scan.
 */
export async function collectSignals(
  packages: Package[],
  options: SignalsOptions = {},
): Promise<SignalResult[]> {
  const projectSettings = options.projectSettings ?? readProjectSignalSettings(options.startDir);
  // Flags win over the project file: `select` from .intake.yaml applies only when none was given.
  const signals = selectSignals(options.select ?? projectSettings.select);
  if (signals.length === 0 || packages.length === 0) return [];
  const { ctx, http, ownsHttp } = makeSignalContext({ ...options, projectSettings });
  const perPackage: SignalResult[][] = new Array(packages.length);
  const pool = new Semaphore(options.concurrency ?? 32);
  let done = 0;
  try {
    await Promise.all(
      packages.map((pkg, i) =>
        pool.run(async () => {
          const ref = toRef(pkg);
          const chosen = signals.filter((s) => applies(s, pkg, ctx));
          const outcomes = await Promise.all(
            chosen.map((s) => s.collect(pkg, ctx).catch((e: unknown) => outcomeFromError(e))),
          );
          perPackage[i] = outcomes.map((o, j) => {
            const r: SignalResult = {
              id: chosen[j].definition.id,
              package: ref,
              outcome: o.outcome,
              evidence: o.evidence,
            };
            if (o.reason) r.reason = o.reason;
            return r;
          });
          done++;
          options.progress?.(`signals ${done}/${packages.length}: ${pkg.name}`);
        }),
      ),
    );
  } finally {
    if (ownsHttp) await http.close();
  }
  return perPackage.flat();
}
