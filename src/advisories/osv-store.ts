import type { Kysely, Transaction } from "kysely";
import { type IntakeDb, type OpenDbOptions, openDatabase } from "../db/index.ts";
import type { Database } from "../db/schema.ts";
import { type AdvisoryReader, advisoryMeta, type CandidateRow, rowToCandidate } from "./candidate.ts";
import { loadCvss4, severityOf } from "./severity.ts";

export type { AdvisoryReader, CandidateRow, CandidateSqlRow } from "./candidate.ts";

/** One record handed to an import, with where it came from (file or zip entry) for error messages. */
export interface RecordInput {
  origin: string;
  /** Parsed JSON/YAML, or an error that happened while reading it. */
  value?: unknown;
  error?: string;
}

export interface SourceInit {
  id: string;
  kind: "sync" | "import";
  location: string;
  ecosystem?: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface Rejection {
  origin: string;
  id?: string;
  reason: string;
}

export interface ImportStats {
  source: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Records removed because the source no longer has them (sync with `removeMissing`). */
  removed: number;
  /** Records kept, with parts dropped (affected entries without package, ranges without introduced). */
  warnings: number;
  /** The first rejections and warnings, with reasons (capped). */
  rejections: Rejection[];
  warningSamples: Rejection[];
}

export interface ImportOptions {
  /** Delete this source's records that the input no longer contains (a full export). */
  removeMissing?: boolean;
  onProgress?: (stats: ImportStats) => void;
  now?: Date;
}

export interface StoreStatus {
  location: string;
  dialect: "sqlite" | "postgres";
  advisories: number;
  withdrawn: number;
  byEcosystem: { ecosystem: string; kind: string; count: number }[];
  sources: {
    id: string;
    kind: string;
    location: string;
    ecosystem: string | null;
    syncedAt: string;
    records: number;
    rejected: number;
  }[];
  lastSync?: string;
}

const BATCH = 500;
const MAX_SAMPLES = 50;

/** The advisory store: OSV records in the database, indexed for matching. */
export class OsvStore implements AdvisoryReader {
  readonly idb: IntakeDb;

  constructor(idb: IntakeDb) {
    this.idb = idb;
  }

  get db(): Kysely<Database> {
    return this.idb.db;
  }

  close(): Promise<void> {
    return this.idb.close();
  }

  /**
   * Import records in ONE transaction: either all of it lands or none (an interrupted import leaves
   * the previous data). Incremental: a record whose `modified` is not newer than the stored copy is
   * left alone. Invalid records are counted and reported, never fatal.
   */
  async importRecords(
    records: AsyncIterable<RecordInput> | Iterable<RecordInput>,
    source: SourceInit,
    options: ImportOptions = {},
  ): Promise<ImportStats> {
    await loadCvss4();
    // The OSV model (zod) is loaded only by imports: a scan that only reads never pays for it.
    const { parseOsvRecord } = await import("./osv-model.ts");
    const now = (options.now ?? new Date()).toISOString();
    const stats: ImportStats = {
      source: source.id,
      read: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      removed: 0,
      warnings: 0,
      rejections: [],
      warningSamples: [],
    };
    const seen = options.removeMissing ? new Set<string>() : undefined;
    await this.db.transaction().execute(async (trx) => {
      let batch: Prepared[] = [];
      for await (const input of records) {
        stats.read++;
        const prepared = prepare(input, stats, parseOsvRecord);
        if (prepared) {
          seen?.add(prepared.id);
          batch.push(prepared);
        }
        if (batch.length >= BATCH) {
          await writeBatch(trx, batch, source.id, now, stats);
          batch = [];
          options.onProgress?.(stats);
        }
      }
      if (batch.length) await writeBatch(trx, batch, source.id, now, stats);
      if (seen) stats.removed = await removeMissing(trx, source.id, seen);
      const row = {
        id: source.id,
        kind: source.kind,
        location: source.location,
        ecosystem: source.ecosystem ?? null,
        etag: source.etag ?? null,
        last_modified: source.lastModified ?? null,
        synced_at: now,
        records: 0,
        rejected: stats.rejected,
      };
      const count = await trx
        .selectFrom("advisories")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("source", "=", source.id)
        .executeTakeFirst();
      row.records = Number(count?.n ?? 0);
      await trx
        .insertInto("sources")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet({ ...row, id: undefined }))
        .execute();
    });
    options.onProgress?.(stats);
    return stats;
  }

  /** Mark a sync source as checked now without importing (the export did not change). */
  async touchSource(id: string, now = new Date()): Promise<void> {
    await this.db.updateTable("sources").set({ synced_at: now.toISOString() }).where("id", "=", id).execute();
  }

  async getSource(id: string): Promise<Database["sources"] | undefined> {
    return this.db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** When the store last changed (latest sync or import), or undefined for an empty store. */
  async lastUpdated(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("sources")
      .select((eb) => eb.fn.max("synced_at").as("last"))
      .executeTakeFirst();
    return row?.last ?? undefined;
  }

  /** True when the store has any record for the ecosystem (base name, e.g. `Debian`). */
  async hasEcosystem(baseEcosystem: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("affected")
      .select("advisory_id")
      .where("base_ecosystem", "=", baseEcosystem)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Every non-withdrawn affected entry for the given (base ecosystem, normalized name) pairs, in
   * one indexed pass (a query per ecosystem and 500 names).
   */
  async candidates(keys: { baseEcosystem: string; name: string }[]): Promise<CandidateRow[]> {
    const byEco = new Map<string, Set<string>>();
    for (const k of keys) {
      const s = byEco.get(k.baseEcosystem);
      if (s) s.add(k.name);
      else byEco.set(k.baseEcosystem, new Set([k.name]));
    }
    const out: CandidateRow[] = [];
    for (const [eco, nameSet] of byEco) {
      const names = [...nameSet];
      for (let i = 0; i < names.length; i += BATCH) {
        const rows = await this.db
          .selectFrom("affected")
          .select(["advisory_id", "idx", "ecosystem", "base_ecosystem", "name", "data", "advisory"])
          .where("base_ecosystem", "=", eco)
          .where("name", "in", names.slice(i, i + BATCH))
          .execute();
        for (const r of rows) {
          const c = rowToCandidate(r);
          if (c) out.push(c);
        }
      }
    }
    return out;
  }

  /** The raw records (as imported) for ids. */
  async getRecords(ids: string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db
        .selectFrom("advisories")
        .select(["id", "raw"])
        .where("id", "in", ids.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.set(r.id, JSON.parse(r.raw));
    }
    return out;
  }

  async status(): Promise<StoreStatus> {
    const total = await this.db
      .selectFrom("advisories")
      .select((eb) => [eb.fn.countAll<number>().as("n")])
      .executeTakeFirst();
    const withdrawn = await this.db
      .selectFrom("advisories")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("withdrawn", "is not", null)
      .executeTakeFirst();
    const byEco = await this.db
      .selectFrom("affected")
      .innerJoin("advisories", "advisories.id", "affected.advisory_id")
      .select((eb) => [
        "affected.base_ecosystem",
        "advisories.kind",
        eb.fn.count<number>("affected.advisory_id").distinct().as("n"),
      ])
      .groupBy(["affected.base_ecosystem", "advisories.kind"])
      .orderBy("affected.base_ecosystem")
      .orderBy("advisories.kind")
      .execute();
    const sources = await this.db.selectFrom("sources").selectAll().orderBy("id").execute();
    const syncTimes = sources
      .filter((s) => s.kind === "sync")
      .map((s) => s.synced_at)
      .sort();
    const st: StoreStatus = {
      location: this.idb.location.kind === "sqlite" ? this.idb.location.path : "postgres",
      dialect: this.idb.dialect,
      advisories: Number(total?.n ?? 0),
      withdrawn: Number(withdrawn?.n ?? 0),
      byEcosystem: byEco.map((r) => ({ ecosystem: r.base_ecosystem, kind: r.kind, count: Number(r.n) })),
      sources: sources.map((s) => ({
        id: s.id,
        kind: s.kind,
        location: s.location,
        ecosystem: s.ecosystem,
        syncedAt: s.synced_at,
        records: Number(s.records),
        rejected: Number(s.rejected),
      })),
    };
    const last =
      syncTimes.at(-1) ??
      sources
        .map((s) => s.synced_at)
        .sort()
        .at(-1);
    if (last) st.lastSync = last;
    return st;
  }
}

/** Open the store at the configured location (see `resolveDbLocation`). */
export async function openStore(options: OpenDbOptions = {}): Promise<OsvStore> {
  return new OsvStore(await openDatabase(options));
}

interface Prepared {
  id: string;
  modified: string;
  advisory: Database["advisories"];
  affected: Database["affected"][];
  aliases: string[];
}

function prepare(
  input: RecordInput,
  stats: ImportStats,
  parseOsvRecord: typeof import("./osv-model.ts").parseOsvRecord,
): Prepared | undefined {
  const reject = (reason: string, id?: string) => {
    stats.rejected++;
    if (stats.rejections.length < MAX_SAMPLES)
      stats.rejections.push(id ? { origin: input.origin, id, reason } : { origin: input.origin, reason });
    return undefined;
  };
  if (input.error !== undefined) return reject(input.error);
  const parsed = parseOsvRecord(input.value);
  if (!parsed.ok) return reject(parsed.reason, parsed.id);
  const { record } = parsed;
  if (parsed.warnings.length) {
    stats.warnings++;
    if (stats.warningSamples.length < MAX_SAMPLES)
      stats.warningSamples.push({ origin: input.origin, id: record.id, reason: parsed.warnings.join("; ") });
  }
  let severity = severityOf(record.severity ?? [], record.database_specific ?? undefined);
  if (severity.rating === "unknown") {
    // Schema 1.5 puts severity on affected entries; use the highest one there.
    for (const a of record.affected ?? []) {
      const s = severityOf(a.severity ?? [], a.database_specific ?? undefined);
      if (s.rating !== "unknown" && (severity.score ?? -1) < (s.score ?? 0)) severity = s;
    }
  }
  if (severity.rating === "unknown" && parsed.kind === "malicious") {
    // A malicious package is a compromise whatever its score: rate it critical (documented).
    severity = { rating: "critical" };
  }
  const aliases = [...new Set((record.aliases ?? []).filter((a) => a && a !== record.id))];
  return {
    id: record.id,
    modified: record.modified,
    aliases,
    advisory: {
      id: record.id,
      kind: parsed.kind,
      modified: record.modified,
      published: record.published ?? null,
      withdrawn: record.withdrawn ?? null,
      summary: record.summary ?? null,
      severity_rating: severity.rating,
      severity_score: severity.score ?? null,
      severity_vector: severity.vector ?? null,
      aliases: JSON.stringify(aliases),
      source: "",
      raw: JSON.stringify(input.value),
      imported_at: "",
    },
    affected: parsed.affected.map((a) => ({
      advisory_id: record.id,
      idx: a.idx,
      ecosystem: a.ecosystem,
      base_ecosystem: a.baseEcosystem,
      name: a.name,
      data: JSON.stringify(a.data),
      advisory: null as string | null,
    })),
  };
}

async function writeBatch(
  trx: Transaction<Database>,
  batch: Prepared[],
  source: string,
  now: string,
  stats: ImportStats,
): Promise<void> {
  // Within a batch, the newest copy of an id wins.
  const latest = new Map<string, Prepared>();
  for (const p of batch) {
    const have = latest.get(p.id);
    if (!have) latest.set(p.id, p);
    else {
      stats.unchanged++;
      if (Date.parse(p.modified) > Date.parse(have.modified)) latest.set(p.id, p);
    }
  }
  const ids = [...latest.keys()];
  const existing = new Map<string, string>();
  const rows = await trx.selectFrom("advisories").select(["id", "modified"]).where("id", "in", ids).execute();
  for (const r of rows) existing.set(r.id, r.modified);
  const write: Prepared[] = [];
  for (const p of latest.values()) {
    const old = existing.get(p.id);
    if (old === undefined) {
      stats.inserted++;
      write.push(p);
    } else if (Date.parse(p.modified) > Date.parse(old)) {
      stats.updated++;
      write.push(p);
    } else stats.unchanged++;
  }
  if (!write.length) return;
  const updatedIds = write.filter((p) => existing.has(p.id)).map((p) => p.id);
  if (updatedIds.length) {
    await trx.deleteFrom("affected").where("advisory_id", "in", updatedIds).execute();
    await trx.deleteFrom("aliases").where("advisory_id", "in", updatedIds).execute();
  }
  const advisories = write.map((p) => ({ ...p.advisory, source, imported_at: now }));
  for (const chunk of chunks(advisories, 200)) {
    await trx
      .insertInto("advisories")
      .values(chunk)
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          kind: eb.ref("excluded.kind"),
          modified: eb.ref("excluded.modified"),
          published: eb.ref("excluded.published"),
          withdrawn: eb.ref("excluded.withdrawn"),
          summary: eb.ref("excluded.summary"),
          severity_rating: eb.ref("excluded.severity_rating"),
          severity_score: eb.ref("excluded.severity_score"),
          severity_vector: eb.ref("excluded.severity_vector"),
          aliases: eb.ref("excluded.aliases"),
          source: eb.ref("excluded.source"),
          raw: eb.ref("excluded.raw"),
          imported_at: eb.ref("excluded.imported_at"),
        })),
      )
      .execute();
  }
  const affected = write.flatMap((p) => {
    const meta = advisoryMeta({ ...p.advisory, source });
    return p.affected.map((a) => ({ ...a, advisory: meta }));
  });
  for (const chunk of chunks(affected, 1000)) await trx.insertInto("affected").values(chunk).execute();
  const aliases = write.flatMap((p) => p.aliases.map((alias) => ({ advisory_id: p.id, alias })));
  for (const chunk of chunks(aliases, 2000)) await trx.insertInto("aliases").values(chunk).execute();
}

async function removeMissing(trx: Transaction<Database>, source: string, seen: Set<string>): Promise<number> {
  const rows = await trx.selectFrom("advisories").select("id").where("source", "=", source).execute();
  const gone = rows.map((r) => r.id).filter((id) => !seen.has(id));
  for (const chunk of chunks(gone, BATCH)) {
    await trx.deleteFrom("affected").where("advisory_id", "in", chunk).execute();
    await trx.deleteFrom("aliases").where("advisory_id", "in", chunk).execute();
    await trx.deleteFrom("advisories").where("id", "in", chunk).execute();
  }
  return gone.length;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
