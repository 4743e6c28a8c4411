import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describeError } from "../core/errors.ts";
import { intakeCacheDir } from "../db/location.ts";
import { AdvisoryError } from "./errors.ts";
import { readZip } from "./import.ts";
import type { ImportStats, OsvStore } from "./osv-store.ts";

export const DEFAULT_OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com";

/** Synced when no ecosystem is named and the store syncs none yet: the language ecosystems. */
export const DEFAULT_SYNC_ECOSYSTEMS = [
  "npm",
  "PyPI",
  "Go",
  "crates.io",
  "Maven",
  "RubyGems",
  "Packagist",
  "NuGet",
  "Pub",
  "Hex",
];

export interface SyncOptions {
  /** OSV ecosystem names (`npm`, `PyPI`, `Debian:12`...). Default: those synced before, else DEFAULT_SYNC_ECOSYSTEMS. */
  ecosystems?: string[];
  /** Mirror of the OSV exports: `<base>/<Ecosystem>/all.zip`. Default INTAKE_OSV_BASE_URL or OSV's bucket. */
  baseUrl?: string;
  /** Where zips are downloaded before import (default `$XDG_CACHE_HOME/intake/downloads`). */
  downloadDir?: string;
  timeoutMs?: number;
  retries?: number;
  progress?: (message: string) => void;
  now?: Date;
}

export interface SyncResult {
  ecosystem: string;
  status: "updated" | "unchanged" | "failed";
  url: string;
  stats?: ImportStats;
  bytes?: number;
  error?: string;
}

/**
 * Download each ecosystem's OSV export and import it. Per ecosystem: a conditional GET (ETag /
 * Last-Modified) skips an unchanged export; the zip is streamed to disk (never held in memory),
 * then imported in one transaction (records not newer than the stored copy are left alone, records
 * gone from the export are removed). A failed download or import leaves that ecosystem's previous
 * data as it was; other ecosystems go on.
 */
export async function syncAdvisories(store: OsvStore, options: SyncOptions = {}): Promise<SyncResult[]> {
  const base = (options.baseUrl ?? process.env.INTAKE_OSV_BASE_URL ?? DEFAULT_OSV_BASE_URL).replace(
    /\/+$/,
    "",
  );
  let ecosystems = options.ecosystems?.length ? options.ecosystems : undefined;
  if (!ecosystems) {
    const st = await store.status();
    const synced = st.sources.filter((s) => s.kind === "sync" && s.ecosystem).map((s) => s.ecosystem!);
    ecosystems = synced.length ? synced : DEFAULT_SYNC_ECOSYSTEMS;
  }
  const dir = options.downloadDir ?? join(intakeCacheDir(), "downloads");
  mkdirSync(dir, { recursive: true });
  const results: SyncResult[] = [];
  for (const eco of [...new Set(ecosystems)]) {
    const url = `${base}/${encodeURIComponent(eco)}/all.zip`;
    const sourceId = `osv:${eco}`;
    const file = join(dir, `${eco.replace(/[^A-Za-z0-9._-]/g, "_")}-${process.pid}.zip`);
    try {
      const prev = await store.getSource(sourceId);
      const dl = await download(
        url,
        file,
        { etag: prev?.etag, lastModified: prev?.last_modified },
        options,
        eco,
      );
      if (dl.notModified) {
        await store.touchSource(sourceId, options.now);
        results.push({ ecosystem: eco, status: "unchanged", url });
        options.progress?.(`${eco}: unchanged since the last sync`);
        continue;
      }
      options.progress?.(`${eco}: importing`);
      const stats = await store.importRecords(
        readZip(file),
        {
          id: sourceId,
          kind: "sync",
          location: url,
          ecosystem: eco,
          etag: dl.etag,
          lastModified: dl.lastModified,
        },
        {
          removeMissing: true,
          now: options.now,
          onProgress: (s) =>
            options.progress?.(`${eco}: ${s.read} records read, ${s.inserted + s.updated} new or changed`),
        },
      );
      results.push({ ecosystem: eco, status: "updated", url, stats, bytes: dl.bytes });
    } catch (e) {
      results.push({ ecosystem: eco, status: "failed", url, error: describeError(e) });
    } finally {
      rmSync(file, { force: true });
    }
  }
  return results;
}

interface Download {
  notModified: boolean;
  etag?: string | null;
  lastModified?: string | null;
  bytes?: number;
}

async function download(
  url: string,
  file: string,
  prev: { etag?: string | null; lastModified?: string | null },
  options: SyncOptions,
  label: string,
): Promise<Download> {
  const { request } = await import("undici");
  const timeout = options.timeoutMs ?? 60_000;
  const retries = options.retries ?? 2;
  let last: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 1000 * 2 ** (attempt - 1)));
    try {
      const headers: Record<string, string> = {};
      if (prev.etag) headers["if-none-match"] = prev.etag;
      if (prev.lastModified) headers["if-modified-since"] = prev.lastModified;
      const res = await request(url, {
        method: "GET",
        headers,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      if (res.statusCode === 304) {
        await res.body.dump();
        return { notModified: true };
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        const err = new AdvisoryError("download-failed", `HTTP ${res.statusCode} from ${url}`);
        if (res.statusCode < 500 && res.statusCode !== 429) throw Object.assign(err, { final: true });
        throw err;
      }
      const total = Number(res.headers["content-length"] ?? 0);
      let bytes = 0;
      let lastTick = 0;
      res.body.on("data", (c: Buffer) => {
        bytes += c.length;
        const now = Date.now();
        if (now - lastTick > 250) {
          lastTick = now;
          options.progress?.(
            `${label}: downloading ${(bytes / 1e6).toFixed(1)} MB${total ? ` of ${(total / 1e6).toFixed(1)} MB` : ""}`,
          );
        }
      });
      await pipeline(res.body, createWriteStream(file));
      const h = (k: string) => {
        const v = res.headers[k];
        return typeof v === "string" ? v : null;
      };
      return { notModified: false, etag: h("etag"), lastModified: h("last-modified"), bytes };
    } catch (e) {
      last = e;
      if ((e as { final?: boolean }).final) break;
    }
  }
  if (last instanceof AdvisoryError) throw last;
  throw new AdvisoryError("download-failed", `cannot download ${url}: ${describeError(last)}`, {
    cause: last,
  });
}
