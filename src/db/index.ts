import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describeError } from "../core/errors.ts";
import { DbError } from "./errors.ts";
import {
  type DbLocation,
  type DbLocationOptions,
  describeDbLocation,
  resolveDbLocation,
} from "./location.ts";
import { migrationProviderFor } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { adaptNodeSqlite } from "./sqlite-adapter.ts";

export { DbError, type DbErrorCode } from "./errors.ts";
export { type DbLocation, describeDbLocation, intakeCacheDir, resolveDbLocation } from "./location.ts";
export type { Database } from "./schema.ts";

export interface IntakeDb {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  location: DbLocation;
  /** True when the embedded file did not exist before this open. */
  created: boolean;
  close(): Promise<void>;
}

export interface OpenDbOptions extends DbLocationOptions {
  /** Do not create a missing SQLite file (callers that only want to read: nothing to read). */
  mustExist?: boolean;
}

/**
 * Open (and migrate) the database: SQLite through Node's built-in `node:sqlite` by default,
 * PostgreSQL through `pg` when a URL is given. Both are driven by the same Kysely query layer.
 */
export async function openDatabase(options: OpenDbOptions = {}): Promise<IntakeDb> {
  const location = resolveDbLocation(options);
  let db: Kysely<Database>;
  let created = false;
  if (location.kind === "sqlite") {
    const { DatabaseSync } = await import("node:sqlite");
    const isMemory = location.path === ":memory:";
    created = isMemory || !existsSync(location.path);
    if (created && options.mustExist && !isMemory)
      throw new DbError("db-open-failed", `no advisory database at ${location.path}`, {
        file: location.path,
      });
    let raw: InstanceType<typeof DatabaseSync>;
    try {
      if (!isMemory) mkdirSync(dirname(location.path), { recursive: true });
      raw = new DatabaseSync(location.path);
      // WAL: readers never block the writer (a scan while a sync runs). NORMAL sync is safe with WAL
      // (a power cut may lose the last transaction, never corrupt). busy_timeout waits for a lock.
      raw.exec("PRAGMA journal_mode = WAL");
      raw.exec("PRAGMA synchronous = NORMAL");
      raw.exec("PRAGMA busy_timeout = 10000");
      raw.exec("PRAGMA foreign_keys = ON");
      raw.exec("PRAGMA temp_store = MEMORY");
      raw.exec("PRAGMA cache_size = -32000");
    } catch (e) {
      throw new DbError(
        "db-open-failed",
        `cannot open the advisory database ${location.path}: ${describeError(e)}`,
        {
          file: location.path,
          cause: e,
        },
      );
    }
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: adaptNodeSqlite(raw) }) });
  } else {
    let url: URL;
    try {
      url = new URL(location.url);
    } catch (e) {
      throw new DbError("db-url-invalid", "DATABASE_URL is not a valid URL", { cause: e });
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
      throw new DbError("db-url-invalid", `DATABASE_URL must be a postgres:// URL, got ${url.protocol}`);
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({ connectionString: location.url, max: 4, connectionTimeoutMillis: 10_000 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    await migrate(db, location.kind);
  } catch (e) {
    await db.destroy().catch(() => {});
    if (e instanceof DbError) throw e;
    throw new DbError(
      "db-open-failed",
      `cannot prepare the advisory database ${describeDbLocation(location)}: ${describeError(e)}`,
      { cause: e },
    );
  }
  return {
    db,
    dialect: location.kind,
    location,
    created,
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<Database>, dialect: "sqlite" | "postgres"): Promise<void> {
  // On PostgreSQL the bookkeeping tables go in the connection's current schema (search_path), so
  // that several Intake databases can share one server in separate schemas.
  let migrationTableSchema: string | undefined;
  if (dialect === "postgres") {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0]?.s ?? undefined;
  }
  const migrator = new Migrator({ db, provider: migrationProviderFor(dialect), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new DbError("db-migration-failed", `migration ${failed ?? "?"} failed: ${describeError(error)}`, {
      cause: error,
    });
  }
}
