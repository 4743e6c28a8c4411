import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import { importAdvisories } from "../advisories/import.ts";
import { matchPackages } from "../advisories/matcher.ts";
import { OsvStore } from "../advisories/osv-store.ts";
import { makePackage } from "../core/package.ts";
import { describeDbLocation, openDatabase, resolveDbLocation } from "./index.ts";
import { MIGRATION_NAMES, migrationProviderFor } from "./migrations.ts";

const tmp = mkdtempSync(join(tmpdir(), "intake-db-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("database location", () => {
  it("--db wins, then DATABASE_URL, then INTAKE_DB, then the XDG cache", () => {
    const env = { DATABASE_URL: "postgres://u:secret@h/db", INTAKE_DB: "/x/i.db", XDG_CACHE_HOME: "/c" };
    assert.deepEqual(resolveDbLocation({ path: "/p.db", env }), { kind: "sqlite", path: "/p.db" });
    assert.deepEqual(resolveDbLocation({ env }), { kind: "postgres", url: env.DATABASE_URL });
    assert.deepEqual(resolveDbLocation({ env: { INTAKE_DB: "/x/i.db" } }), {
      kind: "sqlite",
      path: "/x/i.db",
    });
    assert.deepEqual(resolveDbLocation({ env: { XDG_CACHE_HOME: "/c" } }), {
      kind: "sqlite",
      path: "/c/intake/intake.db",
    });
    assert.match(
      resolveDbLocation({ env: {} }).kind === "sqlite"
        ? (resolveDbLocation({ env: {} }) as { path: string }).path
        : "",
      /\.cache\/intake\/intake\.db$/,
    );
    assert.equal(describeDbLocation({ kind: "postgres", url: env.DATABASE_URL }), "postgres://u:***@h/db");
  });
});

describe("SQLite (node:sqlite)", () => {
  it("creates the file, runs migrations once, uses WAL", async () => {
    const path = join(tmp, "nested", "dir", "a.db");
    const first = await openDatabase({ path });
    assert.equal(first.created, true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(first.db);
    assert.equal(mode.rows[0].journal_mode, "wal");
    await first.close();
    const second = await openDatabase({ path });
    assert.equal(second.created, false);
    const migrations = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(
      second.db,
    );
    assert.equal(migrations.rows[0].n, MIGRATION_NAMES.length);
    await second.close();
  });

  it("MIGRATION_NAMES lists the migrations in order", async () => {
    assert.deepEqual(Object.keys(await migrationProviderFor("sqlite").getMigrations()), [...MIGRATION_NAMES]);
    assert.deepEqual(Object.keys(await migrationProviderFor("postgres").getMigrations()), [
      ...MIGRATION_NAMES,
    ]);
  });

  it("mustExist does not create a store that is not there", async () => {
    const path = join(tmp, "missing.db");
    await assert.rejects(openDatabase({ path, mustExist: true }), { code: "db-open-failed" });
    assert.equal(existsSync(path), false);
  });

  it("an unreadable location is a typed error naming it", async () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "not a folder");
    await assert.rejects(openDatabase({ path: join(file, "x.db") }), { code: "db-open-failed" });
  });
});

const PG_URL = process.env.INTAKE_TEST_PG_URL ?? process.env.DATABASE_URL;
describe("PostgreSQL (pg)", {
  skip: PG_URL ? false : "set INTAKE_TEST_PG_URL or DATABASE_URL to run the PostgreSQL tests",
}, () => {
  it(
    "the same store works on PostgreSQL: migrate, import, incremental re-import, match, status",
    skipUnlessShared("advisories"),
    async () => {
      // A private schema per run so that the tests never touch anything else in that database.
      const schema = `intake_test_${process.pid}_${Date.now()}`;
      const pg = (await import("pg")).default;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const url = new URL(PG_URL!);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const idb = await openDatabase({ url: url.toString() });
      const store = new OsvStore(idb);
      try {
        assert.equal(idb.dialect, "postgres");
        const dirs = ["github-advisory-database-sample", "malicious-packages-sample", "pypa-osv-json"].map(
          (d) => sharedPath("advisories", d)!,
        );
        const stats = await importAdvisories(store, dirs);
        assert.ok(stats.every((s) => s.rejected === 0));
        const again = await importAdvisories(store, dirs);
        assert.ok(again.every((s) => s.inserted === 0 && s.updated === 0));
        const out = await matchPackages(store, [
          makePackage({ ecosystem: "npm", name: "lodash", version: "4.17.15" }),
          makePackage({ ecosystem: "PyPI", name: "requests", version: "2.30.0" }),
        ]);
        assert.ok(out.findings.some((f) => f.id === "GHSA-35jh-r3h4-6jhm" && f.upgradeTo === "4.17.21"));
        assert.equal(out.findings.filter((f) => f.aliases.includes("CVE-2023-32681")).length, 1);
        const st = await store.status();
        assert.equal(st.dialect, "postgres");
        assert.ok(st.advisories > 200);
      } finally {
        await store.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    },
  );
});

describe("migrations", () => {
  it("0002 backfills the advisory facts onto affected rows of an older store", async () => {
    const path = join(tmp, "old.db");
    const { DatabaseSync } = await import("node:sqlite");
    const { Kysely, SqliteDialect } = await import("kysely");
    const { Migrator } = await import("kysely/migration");
    const { adaptNodeSqlite } = await import("./sqlite-adapter.ts");
    const { migrationProviderFor } = await import("./migrations.ts");
    const old = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new SqliteDialect({ database: adaptNodeSqlite(new DatabaseSync(path)) }),
    });
    const step = await new Migrator({ db: old, provider: migrationProviderFor("sqlite") }).migrateTo(
      "0001-advisories",
    );
    assert.equal(step.error, undefined);
    await old
      .insertInto("advisories")
      .values({
        id: "GHSA-old",
        kind: "vulnerability",
        modified: "2024-01-01T00:00:00Z",
        published: null,
        withdrawn: null,
        summary: "from before 0002",
        severity_rating: "high",
        severity_score: 7.5,
        severity_vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        aliases: JSON.stringify(["CVE-2024-1"]),
        source: "import:old",
        raw: "{}",
        imported_at: "2024-01-02T00:00:00Z",
      })
      .execute();
    await old
      .insertInto("affected")
      .values({
        advisory_id: "GHSA-old",
        idx: 0,
        ecosystem: "npm",
        base_ecosystem: "npm",
        name: "old-pkg",
        data: JSON.stringify({
          ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }],
          versions: [],
        }),
      })
      .execute();
    await old.destroy();
    const store = new OsvStore(await openDatabase({ path }));
    try {
      const out = await matchPackages(store, [
        makePackage({ ecosystem: "npm", name: "old-pkg", version: "1.0.0" }),
      ]);
      assert.deepEqual(
        out.findings.map((f) => [f.id, f.summary, f.severity.score, f.aliases, f.upgradeTo]),
        [["GHSA-old", "from before 0002", 7.5, ["CVE-2024-1"], "2.0.0"]],
      );
    } finally {
      await store.close();
    }
  });
});
