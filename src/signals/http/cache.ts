import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What the cache keeps about one response besides its body. */
export interface CacheMeta {
  url: string;
  status: number;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  /** When the response was stored or last revalidated (ms since epoch). */
  storedAt: number;
}

export interface CacheEntry {
  meta: CacheMeta;
  body: Buffer;
}

/**
 * The default cache folder: `INTAKE_CACHE_DIR`, else `$XDG_CACHE_HOME/intake`, else `~/.cache/intake`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INTAKE_CACHE_DIR) return env.INTAKE_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg?.startsWith("/") ? xdg : join(homedir(), ".cache"), "intake");
}

/**
 * An on-disk HTTP response cache: one file per key, a JSON header line followed by the raw body.
 * Written here rather than taken from undici's cache interceptor because we need three things it
 * does not give: serving stale entries when offline, a TTL of our choosing regardless of the
 * server's Cache-Control, and a file layout that survives between runs without a database.
 * Writes go to a temporary file renamed into place, so a crash never leaves half an entry.
 */
export class DiskCache {
  readonly dir: string;
  private readonly made = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  private pathFor(key: string): string {
    const h = createHash("sha256").update(key).digest("hex");
    return join(this.dir, "http", h.slice(0, 2), h);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    let raw: Buffer;
    try {
      // Synchronous on purpose: entries are small and a warm run reads thousands of them; the
      // thread-pool round trip of the promise API costs more than the read itself.
      raw = readFileSync(this.pathFor(key));
    } catch {
      return undefined;
    }
    const nl = raw.indexOf(10);
    if (nl < 0) return undefined;
    try {
      const meta = JSON.parse(raw.subarray(0, nl).toString("utf8")) as CacheMeta;
      if (typeof meta?.status !== "number" || typeof meta.storedAt !== "number") return undefined;
      return { meta, body: raw.subarray(nl + 1) };
    } catch {
      // A damaged entry is a miss, never an error.
      return undefined;
    }
  }

  async put(key: string, entry: CacheEntry): Promise<void> {
    const file = this.pathFor(key);
    try {
      const folder = dirname(file);
      if (!this.made.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.made.add(folder);
      }
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(entry.meta)}\n`), entry.body]));
      await rename(tmp, file);
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs speed.
    }
  }
}
