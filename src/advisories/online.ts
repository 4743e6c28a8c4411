import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../core/errors.ts";
import type { Package } from "../core/package.ts";
import { intakeCacheDir } from "../db/location.ts";
import { AdvisoryError } from "./errors.ts";
import { parseOsvRecord } from "./osv-model.ts";
import type { CandidateRow } from "./osv-store.ts";
import { loadCvss4, severityOf } from "./severity.ts";

export const DEFAULT_OSV_API_URL = "https://api.osv.dev";

export interface OsvApiOptions {
  /** Default `INTAKE_OSV_API_URL` or https://api.osv.dev. */
  baseUrl?: string;
  /** Per request (headers and body), default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for 5xx, 429, timeouts and dropped connections (default 3). */
  retries?: number;
  /** Base backoff delay, doubled per retry (default 500 ms). */
  backoffMs?: number;
  /** Where fetched records are cached (default `$XDG_CACHE_HOME/intake/osv-api`); `false` disables. */
  cacheDir?: string | false;
  progress?: (message: string) => void;
}

export interface OnlineResult {
  rows: CandidateRow[];
  /** Problems with the API, one line each; the scan goes on without those answers. */
  problems: string[];
  queried: number;
  fetched: number;
  fromCache: number;
}

const BATCH = 1000;

/**
 * The OSV API client: `POST /v1/querybatch` (≤ 1000 queries a call, following page tokens) for
 * the ids affecting each package version, then `GET /v1/vulns/{id}` for records not already in the
 * on-disk cache at the same `modified` time. Records are validated like imported ones and turned
 * into the same candidate rows, so the matcher evaluates them exactly as it does local data.
 */
export async function queryOsvApi(packages: Package[], options: OsvApiOptions = {}): Promise<OnlineResult> {
  const base = (options.baseUrl ?? process.env.INTAKE_OSV_API_URL ?? DEFAULT_OSV_API_URL).replace(/\/+$/, "");
  const cacheDir =
    options.cacheDir === false ? undefined : (options.cacheDir ?? join(intakeCacheDir(), "osv-api"));
  const out: OnlineResult = { rows: [], problems: [], queried: 0, fetched: 0, fromCache: 0 };
  const unique = new Map<string, Package>();
  for (const p of packages) if (p.version) unique.set(`${p.ecosystem}\0${p.name}\0${p.version}`, p);
  const list = [...unique.values()];
  const ids = new Map<string, string | undefined>(); // id → modified (as the API reports it)
  for (let i = 0; i < list.length; i += BATCH) {
    const slice = list.slice(i, i + BATCH);
    options.progress?.(`OSV API: querying ${Math.min(i + BATCH, list.length)}/${list.length} packages`);
    let queries = slice.map(
      (p) => ({ package: { ecosystem: p.ecosystem, name: p.name }, version: p.version }) as Query,
    );
    for (let page = 0; queries.length && page < 20; page++) {
      let body: unknown;
      try {
        body = await requestJson(
          `${base}/v1/querybatch`,
          { method: "POST", body: JSON.stringify({ queries }) },
          options,
        );
      } catch (e) {
        out.problems.push(`OSV API querybatch failed for ${queries.length} packages: ${describeError(e)}`);
        break;
      }
      out.queried += queries.length;
      const results = (body as { results?: unknown })?.results;
      if (!Array.isArray(results) || results.length !== queries.length) {
        out.problems.push(
          "OSV API querybatch answered with a malformed body (no results array of the right length)",
        );
        break;
      }
      const next: Query[] = [];
      results.forEach((r, qi) => {
        const vulns = (r as { vulns?: unknown })?.vulns;
        if (Array.isArray(vulns))
          for (const v of vulns) {
            const id = (v as { id?: unknown })?.id;
            if (typeof id === "string" && /^[A-Za-z0-9._:-]+$/.test(id)) {
              const modified = (v as { modified?: unknown }).modified;
              ids.set(id, typeof modified === "string" ? modified : undefined);
            }
          }
        const token = (r as { next_page_token?: unknown })?.next_page_token;
        if (typeof token === "string" && token) next.push({ ...queries[qi], page_token: token });
      });
      queries = next;
    }
  }
  await loadCvss4();
  let n = 0;
  for (const [id, modified] of ids) {
    n++;
    options.progress?.(`OSV API: records ${n}/${ids.size}`);
    let record: unknown;
    const cached = cacheDir ? readCache(cacheDir, id) : undefined;
    if (cached && modified && (cached as { modified?: unknown }).modified === modified) {
      record = cached;
      out.fromCache++;
    } else {
      try {
        record = await requestJson(`${base}/v1/vulns/${encodeURIComponent(id)}`, { method: "GET" }, options);
        out.fetched++;
        if (cacheDir) writeCache(cacheDir, id, record);
      } catch (e) {
        if (cached) {
          record = cached;
          out.fromCache++;
          out.problems.push(
            `OSV API: ${id} could not be refreshed (${describeError(e)}); using the cached copy`,
          );
        } else {
          out.problems.push(`OSV API: record ${id} could not be fetched: ${describeError(e)}`);
          continue;
        }
      }
    }
    const parsed = parseOsvRecord(record);
    if (!parsed.ok) {
      out.problems.push(`OSV API: record ${id} is invalid: ${parsed.reason}`);
      continue;
    }
    if (parsed.record.withdrawn) continue;
    const r = parsed.record;
    let severity = severityOf(r.severity ?? [], r.database_specific ?? undefined);
    if (severity.rating === "unknown" && parsed.kind === "malicious") severity = { rating: "critical" };
    const aliases = [...new Set((r.aliases ?? []).filter((a) => a !== r.id))];
    for (const a of parsed.affected)
      out.rows.push({
        advisoryId: r.id,
        idx: a.idx,
        ecosystem: a.ecosystem,
        baseEcosystem: a.baseEcosystem,
        name: a.name,
        data: a.data,
        kind: parsed.kind,
        summary: r.summary ?? null,
        severity,
        aliases,
        modified: r.modified,
        published: r.published ?? null,
        source: "osv-api",
      });
  }
  return out;
}

interface Query {
  package: { ecosystem: string; name: string };
  version: string;
  page_token?: string;
}

/** True for errors worth retrying: the server may answer next time. */
function retryable(e: unknown): boolean {
  if (e instanceof HttpStatusError) return e.status >= 500 || e.status === 429;
  const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") return false;
  return !(e instanceof AdvisoryError);
}

class HttpStatusError extends Error {
  readonly status: number;
  constructor(status: number, url: string) {
    super(`HTTP ${status} from ${url}`);
    this.status = status;
  }
}

async function requestJson(
  url: string,
  init: { method: string; body?: string },
  options: OsvApiOptions,
): Promise<unknown> {
  const { request } = await import("undici");
  const timeout = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 500;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, backoff * 2 ** (attempt - 1)));
    try {
      const res = await request(url, {
        method: init.method as "GET" | "POST",
        body: init.body,
        headers: init.body
          ? { "content-type": "application/json", accept: "application/json" }
          : { accept: "application/json" },
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const text = await res.body.text();
      if (res.statusCode >= 400) throw new HttpStatusError(res.statusCode, url);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AdvisoryError("api-failed", `malformed JSON from ${url}`);
      }
    } catch (e) {
      lastError = e;
      if (!retryable(e)) break;
    }
  }
  if (lastError instanceof AdvisoryError) throw lastError;
  throw new AdvisoryError("api-failed", describeError(lastError), { cause: lastError });
}

function cacheFile(dir: string, id: string): string {
  return join(dir, `${id.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
}

function readCache(dir: string, id: string): unknown {
  try {
    return JSON.parse(readFileSync(cacheFile(dir, id), "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, id: string, record: unknown): void {
  try {
    mkdirSync(dir, { recursive: true });
    const f = cacheFile(dir, id);
    writeFileSync(`${f}.tmp`, JSON.stringify(record));
    renameSync(`${f}.tmp`, f);
  } catch {
    // A cache that cannot be written only costs a refetch next time.
  }
}
