import { existsSync } from "node:fs";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { describeError } from "../core/errors.ts";
import { DbError } from "../db/errors.ts";
import { type DbLocationOptions, resolveDbLocation } from "../db/location.ts";
import { LATEST_MIGRATION } from "../db/migrations.ts";
import { type AdvisoryReader, type CandidateRow, type CandidateSqlRow, rowToCandidate } from "./candidate.ts";

/**
 * Open the store for a scan, which only reads. Writes, migrations and PostgreSQL go through the
 * Kysely query layer (`OsvStore`); for the embedded store, when its schema is current, the three
 * read queries a scan needs run as prepared statements on `node:sqlite` directly. Why: loading
 * Kysely costs about 250 ms of CPU at start-up (hundreds of modules) — a quarter of a whole scan —
 * for three fixed SELECTs. The SQL is the same as OsvStore's; the tests run both on the same data.
 */
export async function openReader(
  options: DbLocationOptions & { mustExist?: boolean } = {},
): Promise<AdvisoryReader> {
  const loc = resolveDbLocation(options);
  if (loc.kind === "sqlite" && loc.path !== ":memory:") {
    if (!existsSync(loc.path)) {
      if (options.mustExist)
        throw new DbError("db-open-failed", `no advisory database at ${loc.path}`, { file: loc.path });
    } else {
      const reader = await SqliteReader.open(loc.path);
      if (reader) return reader;
    }
  }
  const { openStore } = await import("./osv-store.ts");
  return openStore({ ...options, mustExist: options.mustExist });
}

const CANDIDATES_SQL = `select advisory_id, idx, ecosystem, base_ecosystem, name, data, advisory
from affected where base_ecosystem = ? and name in (select value from json_each(?))`;

export class SqliteReader implements AdvisoryReader {
  readonly db: DatabaseSync;
  readonly #candidates: StatementSync;

  private constructor(db: DatabaseSync) {
    this.db = db;
    this.#candidates = db.prepare(CANDIDATES_SQL);
  }

  /** Undefined when the file is not a current Intake store (then the caller migrates through Kysely). */
  static async open(path: string): Promise<SqliteReader | undefined> {
    const { DatabaseSync } = await import("node:sqlite");
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path);
      db.exec("PRAGMA busy_timeout = 10000");
      // No mmap: it made the candidate query about 2x faster on a dense store but added the mapped
      // file pages (~140 MB on a 200,000-record store) to the process's resident memory.
      db.exec("PRAGMA cache_size = -32000");
    } catch (e) {
      throw new DbError("db-open-failed", `cannot open the advisory database ${path}: ${describeError(e)}`, {
        file: path,
        cause: e,
      });
    }
    try {
      const row = db.prepare("select max(name) as m from kysely_migration").get() as
        | { m?: string }
        | undefined;
      if (row?.m === LATEST_MIGRATION) return new SqliteReader(db);
    } catch {
      // No bookkeeping table: not migrated yet.
    }
    db.close();
    return undefined;
  }

  async candidates(keys: { baseEcosystem: string; name: string }[]): Promise<CandidateRow[]> {
    const byEco = new Map<string, string[]>();
    for (const k of keys) {
      const list = byEco.get(k.baseEcosystem);
      if (list) list.push(k.name);
      else byEco.set(k.baseEcosystem, [k.name]);
    }
    const out: CandidateRow[] = [];
    for (const [eco, names] of byEco) {
      const rows = this.#candidates.all(
        eco,
        JSON.stringify([...new Set(names)]),
      ) as unknown as CandidateSqlRow[];
      for (const r of rows) {
        const c = rowToCandidate(r);
        if (c) out.push(c);
      }
    }
    return out;
  }

  async hasEcosystem(baseEcosystem: string): Promise<boolean> {
    return (
      this.db.prepare("select 1 as x from affected where base_ecosystem = ? limit 1").get(baseEcosystem) !==
      undefined
    );
  }

  async lastUpdated(): Promise<string | undefined> {
    const row = this.db.prepare("select max(synced_at) as last from sources").get() as
      | { last?: string | null }
      | undefined;
    return row?.last ?? undefined;
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
