import type { Dispatcher } from "undici";

import { SignalsError } from "../types.ts";
import { type CacheEntry, DiskCache } from "./cache.ts";

// undici is loaded on the first request, not at start-up: most scans (offline, cached) never
// need it, and importing it costs a noticeable share of the CLI's start-up time.
type Undici = typeof import("undici");
let undiciModule: Promise<Undici> | undefined;
function loadUndici(): Promise<Undici> {
  undiciModule ??= import("undici");
  return undiciModule;
}

export interface HttpClientOptions {
  /** Cache folder; `false` for no disk cache. */
  cacheDir?: string | false;
  /** Cache only: a miss is an `offline` error, nothing is sent. */
  offline?: boolean;
  /** How long a cached response is used without asking the server again (default 24 h). */
  ttlMs?: number;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Per-attempt timeout for the whole exchange (default 15 s). */
  timeoutMs?: number;
  /** Extra attempts after the first for timeouts, network errors, 429 and 5xx (default 3). */
  retries?: number;
  /** First backoff delay; doubled each attempt, with jitter (default 250 ms). */
  retryBaseMs?: number;
  /** Give up instead of waiting when a server asks for a longer Retry-After (default 60 s). */
  maxRetryAfterMs?: number;
  /** Largest body accepted (default 64 MiB). */
  maxBodyBytes?: number;
  userAgent?: string;
  /** An undici dispatcher; by default one that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  dispatcher?: Dispatcher;
  /** Clock, for tests. */
  now?: () => number;
  /** Called for each network request (never with credentials), for verbose logs. */
  onRequest?: (info: { method: string; url: string; attempt: number }) => void;
}

export interface HttpRequestOptions {
  accept?: string;
  /** Sent as the Authorization header; never cached, logged or part of an error message. */
  authorization?: string;
  /** Override the TTL for this request. */
  ttlMs?: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  body: Buffer;
  fromCache: boolean;
  /** Served from the cache past its TTL because we are offline. */
  stale?: boolean;
}

/** A bounded counter of running tasks: `run` waits for a free slot. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly limit: number;

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Drop user:password from a URL before it goes into a message. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = "";
      u.password = "";
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//");
  }
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
/** Network errors that another attempt will not fix. */
const FINAL_NETWORK_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ERR_INVALID_URL", "UND_ERR_INVALID_ARG"]);

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function defaultDispatcher({ Agent, EnvHttpProxyAgent, interceptors }: Undici): Dispatcher {
  const env = process.env;
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  const base = proxied ? new EnvHttpProxyAgent() : new Agent({ connections: 32 });
  return base.compose(interceptors.redirect({ maxRedirections: 5 }));
}

/**
 * The one HTTP layer every collector shares: bounded concurrency, timeouts, retries with
 * exponential backoff and jitter, 429/503 Retry-After, an on-disk cache with a TTL and
 * conditional revalidation (ETag / Last-Modified), proxies from the environment, and an
 * offline mode that answers from the cache only. GET only: collectors never change anything.
 */
export class HttpClient {
  readonly offline: boolean;
  /** The disk cache folder, when there is one (other caches, e.g. a Sigstore root, live beside it). */
  readonly cacheDir?: string;
  private readonly cache?: DiskCache;
  private readonly sem: Semaphore;
  private readonly opts: Required<
    Pick<
      HttpClientOptions,
      "ttlMs" | "timeoutMs" | "retries" | "retryBaseMs" | "maxRetryAfterMs" | "maxBodyBytes" | "userAgent"
    >
  >;
  private dispatcherValue?: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly now: () => number;
  private readonly onRequest?: HttpClientOptions["onRequest"];
  private readonly inflight = new Map<string, Promise<HttpResponse>>();
  /** Counters for benchmarks and verbose output. */
  readonly stats = { requests: 0, cacheHits: 0, revalidated: 0, retries: 0 };

  constructor(options: HttpClientOptions = {}) {
    this.offline = Boolean(options.offline);
    if (options.cacheDir) {
      this.cache = new DiskCache(options.cacheDir);
      this.cacheDir = options.cacheDir;
    }
    this.sem = new Semaphore(options.concurrency ?? 16);
    this.opts = {
      ttlMs: options.ttlMs ?? 24 * 3600_000,
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 250,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
      userAgent: options.userAgent ?? "intake (supply-chain scanner)",
    };
    this.dispatcherValue = options.dispatcher;
    this.ownsDispatcher = !options.dispatcher;
    this.now = options.now ?? Date.now;
    this.onRequest = options.onRequest;
  }

  private async dispatcher(u: Undici): Promise<Dispatcher> {
    this.dispatcherValue ??= defaultDispatcher(u);
    return this.dispatcherValue;
  }

  /** Close the connections this client opened. */
  async close(): Promise<void> {
    if (this.ownsDispatcher && this.dispatcherValue) await this.dispatcherValue.close();
    this.dispatcherValue = undefined;
  }

  /**
   * GET a URL. Resolves for 2xx and 4xx answers (callers decide what 404 means); throws a
   * `SignalsError` for timeouts, network failures, 5xx and 429 after the retries, and offline misses.
   */
  async get(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const key = `${options.accept ?? ""} ${url}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.getUncoalesced(url, key, options).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** GET and parse JSON. 404/410 resolve with `data: undefined`; other non-2xx throw `http-status`. */
  async getJson(
    url: string,
    options: HttpRequestOptions = {},
  ): Promise<{ status: number; data: unknown; fromCache: boolean; stale?: boolean }> {
    const res = await this.get(url, { accept: "application/json", ...options });
    if (res.status === 404 || res.status === 410)
      return { status: res.status, data: undefined, fromCache: res.fromCache, stale: res.stale };
    if (res.status < 200 || res.status >= 300)
      throw new SignalsError("http-status", `${redactUrl(url)} answered HTTP ${res.status}`);
    try {
      return {
        status: res.status,
        data: JSON.parse(res.body.toString("utf8")),
        fromCache: res.fromCache,
        stale: res.stale,
      };
    } catch (e) {
      throw new SignalsError("malformed-response", `${redactUrl(url)} did not return valid JSON`, {
        cause: e,
      });
    }
  }

  private async getUncoalesced(url: string, key: string, options: HttpRequestOptions): Promise<HttpResponse> {
    const cached = this.cache ? await this.cache.get(key) : undefined;
    const ttl = options.ttlMs ?? this.opts.ttlMs;
    if (cached) {
      // A "not found" may stop being true (a package just published): keep it for an hour at most.
      const limit = cached.meta.status === 404 || cached.meta.status === 410 ? Math.min(ttl, 3600_000) : ttl;
      const fresh = this.now() - cached.meta.storedAt < limit;
      if (fresh || this.offline) {
        this.stats.cacheHits++;
        return {
          url,
          status: cached.meta.status,
          body: cached.body,
          fromCache: true,
          ...(fresh ? {} : { stale: true }),
        };
      }
    }
    if (this.offline) throw new SignalsError("offline", `offline: ${redactUrl(url)} is not in the cache`);
    const res = await this.fetchWithRetries(url, options, cached);
    return res;
  }

  private async fetchWithRetries(
    url: string,
    options: HttpRequestOptions,
    cached: CacheEntry | undefined,
  ): Promise<HttpResponse> {
    const shown = redactUrl(url);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.opts.retries;
      let status: number;
      let body: Buffer;
      let headers: Record<string, string | string[] | undefined>;
      try {
        ({ status, body, headers } = await this.sem.run(() => this.once(url, options, cached, attempt)));
      } catch (e) {
        const err = e as { code?: string; name?: string; message?: string };
        const timedOut =
          err?.name === "TimeoutError" ||
          err?.name === "AbortError" ||
          err?.code === "UND_ERR_HEADERS_TIMEOUT" ||
          err?.code === "UND_ERR_BODY_TIMEOUT" ||
          err?.code === "UND_ERR_CONNECT_TIMEOUT";
        if (e instanceof SignalsError) throw e;
        if (last || FINAL_NETWORK_CODES.has(err?.code ?? "")) {
          if (timedOut)
            throw new SignalsError(
              "http-timeout",
              `${shown} did not answer within ${this.opts.timeoutMs} ms (${attempt + 1} attempts)`,
            );
          throw new SignalsError(
            "http-network",
            `${shown}: ${err?.code ?? err?.message ?? "network error"}${attempt ? ` (${attempt + 1} attempts)` : ""}`,
          );
        }
        this.stats.retries++;
        await sleep(this.backoff(attempt));
        continue;
      }
      if (status === 304 && cached) {
        this.stats.revalidated++;
        const meta = { ...cached.meta, storedAt: this.now() };
        await this.cache?.put(`${options.accept ?? ""} ${url}`, { meta, body: cached.body });
        return { url, status: cached.meta.status, body: cached.body, fromCache: true };
      }
      if (RETRY_STATUS.has(status)) {
        const wait = parseRetryAfter(headers["retry-after"], this.now());
        if (last)
          throw new SignalsError(
            "http-status",
            `${shown} answered HTTP ${status}${status === 429 ? " (rate limited)" : ""} after ${attempt + 1} attempts`,
          );
        if (wait !== undefined && wait > this.opts.maxRetryAfterMs)
          throw new SignalsError(
            "http-status",
            `${shown} answered HTTP ${status} and asked to retry after ${Math.round(wait / 1000)} s; not waiting that long`,
          );
        this.stats.retries++;
        await sleep(wait ?? this.backoff(attempt));
        continue;
      }
      const result: HttpResponse = { url, status, body, fromCache: false };
      if (this.cache && ((status >= 200 && status < 300) || status === 404 || status === 410)) {
        await this.cache.put(`${options.accept ?? ""} ${url}`, {
          meta: {
            url: shown,
            status,
            etag: header(headers, "etag"),
            lastModified: header(headers, "last-modified"),
            contentType: header(headers, "content-type"),
            storedAt: this.now(),
          },
          body,
        });
      }
      return result;
    }
  }

  /** Exponential backoff with full jitter: a random delay in [base·2^n / 2, base·2^n]. */
  private backoff(attempt: number): number {
    const ceiling = this.opts.retryBaseMs * 2 ** attempt;
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async once(
    url: string,
    options: HttpRequestOptions,
    cached: CacheEntry | undefined,
    attempt: number,
  ): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
    const headers: Record<string, string> = {
      "user-agent": this.opts.userAgent,
      accept: options.accept ?? "*/*",
      "accept-encoding": "identity",
    };
    if (options.authorization) headers.authorization = options.authorization;
    if (cached?.meta.etag) headers["if-none-match"] = cached.meta.etag;
    if (cached?.meta.lastModified) headers["if-modified-since"] = cached.meta.lastModified;
    this.stats.requests++;
    this.onRequest?.({ method: "GET", url: redactUrl(url), attempt });
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    const u = await loadUndici();
    const res = await u.request(url, {
      method: "GET",
      headers,
      dispatcher: await this.dispatcher(u),
      signal,
      headersTimeout: this.opts.timeoutMs,
      bodyTimeout: this.opts.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > this.opts.maxBodyBytes) {
        res.body.destroy();
        throw new SignalsError(
          "malformed-response",
          `${redactUrl(url)}: response larger than ${this.opts.maxBodyBytes} bytes`,
        );
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, body: Buffer.concat(chunks), headers: res.headers };
  }
}
