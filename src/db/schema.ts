/**
 * The tables, as Kysely sees them. Column names are snake_case in SQL. Times are ISO-8601 strings
 * (UTC, as OSV writes them), so that they sort as text in both SQLite and PostgreSQL.
 */
export interface AdvisoryTable {
  id: string;
  /** `vulnerability` or `malicious`. */
  kind: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  severity_rating: string;
  severity_score: number | null;
  severity_vector: string | null;
  /** JSON array of alias ids. */
  aliases: string;
  /** The source id (`osv:npm`, `import:/path`). */
  source: string;
  /** The record as it came, JSON. */
  raw: string;
  imported_at: string;
}

/** One `affected[]` entry with a package: what the matcher loads by (base ecosystem, name). */
export interface AffectedTable {
  advisory_id: string;
  /** Position in the record's `affected` array. */
  idx: number;
  /** The ecosystem as the record writes it (`Debian:12`). */
  ecosystem: string;
  /** Without the release suffix (`Debian`): the lookup key. */
  base_ecosystem: string;
  /** Normalized with `normalizeName` (PEP 503 for PyPI, ...). */
  name: string;
  /** JSON `{ranges, versions}`: only what matching needs, so the raw record is never parsed. */
  data: string;
  /** The advisory's kind, severity, aliases... as JSON (see AdvisoryMeta): the scan reads no join. */
  advisory: string | null;
}

export interface AliasTable {
  advisory_id: string;
  alias: string;
}

/** Where advisories came from, and when (sync of an ecosystem export, or a local import). */
export interface SourceTable {
  id: string;
  kind: string;
  location: string;
  ecosystem: string | null;
  etag: string | null;
  last_modified: string | null;
  synced_at: string;
  records: number;
  rejected: number;
}

export interface Database {
  advisories: AdvisoryTable;
  affected: AffectedTable;
  aliases: AliasTable;
  sources: SourceTable;
}
