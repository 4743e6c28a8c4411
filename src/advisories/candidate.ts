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
  kind: string;
  summary: string | null;
  severity_rating: string;
  severity_score: number | string | null;
  severity_vector: string | null;
  aliases: string;
  modified: string;
  published: string | null;
  source: string;
}

export function rowToCandidate(r: CandidateSqlRow): CandidateRow {
  const severity: CandidateRow["severity"] = { rating: r.severity_rating as Severity };
  if (r.severity_score !== null) severity.score = Number(r.severity_score);
  if (r.severity_vector) severity.vector = r.severity_vector;
  return {
    advisoryId: r.advisory_id,
    idx: Number(r.idx),
    ecosystem: r.ecosystem,
    baseEcosystem: r.base_ecosystem,
    name: r.name,
    data: JSON.parse(r.data) as AffectedData,
    kind: r.kind as FindingKind,
    summary: r.summary,
    severity,
    aliases: JSON.parse(r.aliases) as string[],
    modified: r.modified,
    published: r.published,
    source: r.source,
  };
}

/** What the scan reads from a store: implemented by OsvStore (Kysely) and the SQLite reader. */
export interface AdvisoryReader {
  candidates(keys: { baseEcosystem: string; name: string }[]): Promise<CandidateRow[]>;
  hasEcosystem(baseEcosystem: string): Promise<boolean>;
  lastUpdated(): Promise<string | undefined>;
  close(): Promise<void>;
}
