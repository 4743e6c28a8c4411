import type { FindingKind, Severity } from "../core/result.ts";
import type { AffectedData } from "./osv-model.ts";

// Kept free of runtime imports of the database layer: the scan's SQLite reader uses these without
// loading Kysely.

/** An affected entry joined with its advisory: what the matcher evaluates. */
export interface CandidateRow {
  advisoryId: string;
  idx: number;
  ecosystem: string;
  baseEcosystem: string;
  name: string;
  data: AffectedData;
  kind: FindingKind;
  summary: string | null;
  severity: { rating: Severity; score?: number; vector?: string };
  aliases: string[];
  modified: string;
  published: string | null;
  source: string;
}

/** A joined affected + advisory row as SQL returns it (both backends, and the raw SQLite reader). */
export interface CandidateSqlRow {
  advisory_id: string;
  idx: number | string;
  ecosystem: string;
  base_ecosystem: string;
  name: string;
  data: string;
  /** `AdvisoryMeta` as JSON (null only in rows written before migration 0002 backfilled them). */
  advisory: string | null;
}

/**
 * The advisory facts the matcher needs, copied onto each affected row (migration 0002) so that the
 * scan's lookup reads one table in index order instead of jumping to every advisory row.
 */
export interface AdvisoryMeta {
  kind: string;
  summary: string | null;
  severity_rating: string;
  severity_score: number | null;
  severity_vector: string | null;
  aliases: string[];
  modified: string;
  published: string | null;
  source: string;
  withdrawn: string | null;
}

export function advisoryMeta(a: {
  kind: string;
  summary: string | null;
  severity_rating: string;
  severity_score: number | string | null;
  severity_vector: string | null;
  aliases: string;
  modified: string;
  published: string | null;
  source: string;
  withdrawn: string | null;
}): string {
  const meta: AdvisoryMeta = {
    kind: a.kind,
    summary: a.summary,
    severity_rating: a.severity_rating,
    severity_score: a.severity_score === null ? null : Number(a.severity_score),
    severity_vector: a.severity_vector,
    aliases: JSON.parse(a.aliases) as string[],
    modified: a.modified,
    published: a.published,
    source: a.source,
    withdrawn: a.withdrawn,
  };
  return JSON.stringify(meta);
}

/** A candidate from its row; undefined for a withdrawn record or a row without its advisory facts. */
export function rowToCandidate(r: CandidateSqlRow): CandidateRow | undefined {
  if (r.advisory === null) return undefined;
  const m = JSON.parse(r.advisory) as AdvisoryMeta;
  if (m.withdrawn) return undefined;
  const severity: CandidateRow["severity"] = { rating: m.severity_rating as Severity };
  if (m.severity_score !== null) severity.score = m.severity_score;
  if (m.severity_vector) severity.vector = m.severity_vector;
  return {
    advisoryId: r.advisory_id,
    idx: Number(r.idx),
    ecosystem: r.ecosystem,
    baseEcosystem: r.base_ecosystem,
    name: r.name,
    data: JSON.parse(r.data) as AffectedData,
    kind: m.kind as FindingKind,
    summary: m.summary,
    severity,
    aliases: m.aliases,
    modified: m.modified,
    published: m.published,
    source: m.source,
  };
}

/** What the scan reads from a store: implemented by OsvStore (Kysely) and the SQLite reader. */
export interface AdvisoryReader {
  candidates(keys: { baseEcosystem: string; name: string }[]): Promise<CandidateRow[]>;
  hasEcosystem(baseEcosystem: string): Promise<boolean>;
  lastUpdated(): Promise<string | undefined>;
  close(): Promise<void>;
}
