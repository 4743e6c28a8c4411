import { homedir } from "node:os";
import { join, resolve } from "node:path";

export interface DbLocationOptions {
  /** `--db PATH`. */
  path?: string;
  /** A PostgreSQL URL; when set it wins over every path. */
  url?: string;
  env?: NodeJS.ProcessEnv;
}

export type DbLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/**
 * Where the database is: `--db PATH`, else `DATABASE_URL` (PostgreSQL), else `INTAKE_DB`, else
 * `$XDG_CACHE_HOME/intake/intake.db` (`~/.cache/intake/intake.db`). An explicit `--db` wins over
 * the environment so that a user can always point one command at a local file. `:memory:` works.
 */
export function resolveDbLocation(options: DbLocationOptions = {}): DbLocation {
  const env = options.env ?? process.env;
  if (options.url) return { kind: "postgres", url: options.url };
  if (options.path)
    return { kind: "sqlite", path: options.path === ":memory:" ? ":memory:" : resolve(options.path) };
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  if (env.INTAKE_DB) return { kind: "sqlite", path: resolve(env.INTAKE_DB) };
  return { kind: "sqlite", path: join(intakeCacheDir(env), "intake.db") };
}

/** `$XDG_CACHE_HOME/intake` or `~/.cache/intake`. */
export function intakeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.startsWith("/") ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "intake");
}

/** A printable form: the path, or the URL with its password hidden. */
export function describeDbLocation(loc: DbLocation): string {
  if (loc.kind === "sqlite") return loc.path;
  try {
    const u = new URL(loc.url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres (invalid URL)";
  }
}
