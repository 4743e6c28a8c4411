import type { Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";
import { advisoryMeta } from "../advisories/candidate.ts";
import type { Database } from "./schema.ts";

/**
 * Migrations live in code (no files to find at run time, works from any install layout). Append new
 * ones; never edit one that has shipped. Each works on SQLite and PostgreSQL (a step may be
 * specific to one of them, e.g. SQLite's clustered table in 0003).
 */
function migrations(dialect: "sqlite" | "postgres"): Record<string, Migration> {
  return {
    "0001-advisories": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("advisories")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("modified", "text", (c) => c.notNull())
          .addColumn("published", "text")
          .addColumn("withdrawn", "text")
          .addColumn("summary", "text")
          .addColumn("severity_rating", "text", (c) => c.notNull())
          .addColumn("severity_score", "double precision")
          .addColumn("severity_vector", "text")
          .addColumn("aliases", "text", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("raw", "text", (c) => c.notNull())
          .addColumn("imported_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("advisories_source").on("advisories").column("source").execute();
        await db.schema
          .createTable("affected")
          .addColumn("advisory_id", "text", (c) => c.notNull())
          .addColumn("idx", "integer", (c) => c.notNull())
          .addColumn("ecosystem", "text", (c) => c.notNull())
          .addColumn("base_ecosystem", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("data", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("affected_package")
          .on("affected")
          .columns(["base_ecosystem", "name"])
          .execute();
        await db.schema.createIndex("affected_advisory").on("affected").column("advisory_id").execute();
        await db.schema
          .createTable("aliases")
          .addColumn("advisory_id", "text", (c) => c.notNull())
          .addColumn("alias", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("aliases_alias").on("aliases").column("alias").execute();
        await db.schema.createIndex("aliases_advisory").on("aliases").column("advisory_id").execute();
        await db.schema
          .createTable("sources")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("location", "text", (c) => c.notNull())
          .addColumn("ecosystem", "text")
          .addColumn("etag", "text")
          .addColumn("last_modified", "text")
          .addColumn("synced_at", "text", (c) => c.notNull())
          .addColumn("records", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const t of ["sources", "aliases", "affected", "advisories"])
          await db.schema.dropTable(t).execute();
      },
    },
    "0002-affected-advisory": {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("affected").addColumn("advisory", "text").execute();
        // Backfill from the advisories already stored (plain queries: the same on both dialects).
        const k = db as unknown as Kysely<Database>;
        let last = "";
        for (;;) {
          const rows = await k
            .selectFrom("advisories")
            .select([
              "id",
              "kind",
              "summary",
              "severity_rating",
              "severity_score",
              "severity_vector",
              "aliases",
              "modified",
              "published",
              "source",
              "withdrawn",
            ])
            .where("id", ">", last)
            .orderBy("id")
            .limit(1000)
            .execute();
          if (!rows.length) break;
          for (const r of rows)
            await k
              .updateTable("affected")
              .set({ advisory: advisoryMeta(r) })
              .where("advisory_id", "=", r.id)
              .execute();
          last = rows[rows.length - 1].id;
        }
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable("affected").dropColumn("advisory").execute();
      },
    },
    "0003-affected-clustered": {
      // SQLite: store `affected` clustered by (base_ecosystem, name) (a WITHOUT ROWID table keyed on
      // the lookup), so the rows a scan reads for one package sit together on a few pages instead of
      // one page each across the file. PostgreSQL keeps its heap and index (nothing to do).
      async up(db: Kysely<unknown>) {
        if (dialect !== "sqlite") return;
        const { sql } = await import("kysely");
        await sql`create table affected_new (
        advisory_id text not null, idx integer not null, ecosystem text not null,
        base_ecosystem text not null, name text not null, data text not null, advisory text,
        primary key (base_ecosystem, name, advisory_id, idx)) without rowid`.execute(db);
        await sql`insert or ignore into affected_new (advisory_id, idx, ecosystem, base_ecosystem, name, data, advisory)
        select advisory_id, idx, ecosystem, base_ecosystem, name, data, advisory from affected`.execute(db);
        await sql`drop table affected`.execute(db);
        await sql`alter table affected_new rename to affected`.execute(db);
        await sql`create index affected_advisory on affected (advisory_id)`.execute(db);
      },
    },
  };
}

/** Every migration's name, in order (kept beside the code so readers can check it without Kysely). */
export const MIGRATION_NAMES = [
  "0001-advisories",
  "0002-affected-advisory",
  "0003-affected-clustered",
] as const;

/** The newest migration: a store whose bookkeeping table ends here needs no migration. */
export const LATEST_MIGRATION: string = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];

export function migrationProviderFor(dialect: "sqlite" | "postgres"): MigrationProvider {
  return {
    async getMigrations() {
      return migrations(dialect);
    },
  };
}
