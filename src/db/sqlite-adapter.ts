import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Kysely's SqliteDialect expects the better-sqlite3 API; Node's built-in `node:sqlite` is close but
 * not the same (parameters are spread, and there is no `reader` flag). This thin adapter bridges
 * the two so that we need no native addon. A statement is a reader when it yields columns
 * (SELECT, PRAGMA, and INSERT/UPDATE/DELETE ... RETURNING).
 */
export function adaptNodeSqlite(db: DatabaseSync): SqliteDatabase {
  // Prepared statements are cached by SQL text: Kysely compiles the same SQL for repeated queries.
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size > 500) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    close() {
      cache.clear();
      if (db.isOpen) db.close();
    },
    prepare(sql: string): SqliteStatement {
      const stmt = prepare(sql);
      const params = (p: ReadonlyArray<unknown>) => p.map(toSqlite);
      return {
        reader: stmt.columns().length > 0,
        all: (p) => stmt.all(...params(p)),
        run: (p) => {
          const r = stmt.run(...params(p));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (p) => stmt.iterate(...params(p)) as IterableIterator<unknown>,
      };
    },
  };
}

function toSqlite(v: unknown): SQLInputValue {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v as SQLInputValue;
}
