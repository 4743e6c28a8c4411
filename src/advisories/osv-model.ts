import { z } from "zod";
import { baseEcosystem } from "../core/ecosystem.ts";
import { normalizeName } from "../core/package.ts";
import type { FindingKind } from "../core/result.ts";

/**
 * The OSV schema (https://ossf.github.io/osv-schema/) as a zod model: what Intake relies on is
 * checked, everything else passes through untouched (records are stored as they came). Validation
 * happens once, at the boundary: after `parseOsvRecord` the rest of the code trusts the shape.
 */
const Event = z
  .object({
    introduced: z.string().min(1).optional(),
    fixed: z.string().min(1).optional(),
    last_affected: z.string().min(1).optional(),
    limit: z.string().min(1).optional(),
  })
  .loose();

const Range = z
  .object({
    type: z.string().min(1),
    repo: z.string().optional(),
    events: z.array(Event).min(1),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const PackageInfo = z
  .object({
    ecosystem: z.string().min(1),
    name: z.string().min(1),
    purl: z.string().optional(),
  })
  .loose();

const SeverityItem = z.object({ type: z.string().min(1), score: z.string().min(1) }).loose();

const Affected = z
  .object({
    package: PackageInfo.optional(),
    severity: z.array(SeverityItem).nullish(),
    ranges: z.array(Range).nullish(),
    versions: z.array(z.string()).nullish(),
    ecosystem_specific: z.record(z.string(), z.unknown()).nullish(),
    database_specific: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an RFC 3339 timestamp");

export const OsvRecordSchema = z
  .object({
    schema_version: z.string().nullish(),
    id: z.string().min(1).max(200),
    modified: Timestamp,
    published: Timestamp.nullish(),
    withdrawn: Timestamp.nullish(),
    aliases: z.array(z.string()).nullish(),
    related: z.array(z.string()).nullish(),
    upstream: z.array(z.string()).nullish(),
    summary: z.string().nullish(),
    details: z.string().nullish(),
    severity: z.array(SeverityItem).nullish(),
    affected: z.array(Affected).nullish(),
    references: z.array(z.object({ type: z.string(), url: z.string() }).loose()).nullish(),
    credits: z.array(z.unknown()).nullish(),
    database_specific: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

export type OsvRecord = z.infer<typeof OsvRecordSchema>;
export type OsvRange = z.infer<typeof Range>;
export type OsvEvent = z.infer<typeof Event>;

/** The part of one `affected[]` entry that matching needs (stored as JSON beside the index). */
export interface AffectedData {
  ranges: { type: string; events: OsvEvent[]; repo?: string }[];
  versions: string[];
}

export interface IndexedAffected {
  idx: number;
  ecosystem: string;
  baseEcosystem: string;
  name: string;
  data: AffectedData;
}

export type ParseResult =
  | { ok: true; record: OsvRecord; affected: IndexedAffected[]; kind: FindingKind; warnings: string[] }
  | { ok: false; id?: string; reason: string };

/**
 * Validate one record. Structural problems reject it (with the reason); problems confined to one
 * affected entry or range drop that part with a warning and keep the rest, because the rest of the
 * record is still true (e.g. an entry with no package, a range with no `introduced` event).
 */
export function parseOsvRecord(input: unknown): ParseResult {
  const parsed = OsvRecordSchema.safeParse(input);
  if (!parsed.success) {
    const id =
      input && typeof input === "object" && typeof (input as { id?: unknown }).id === "string"
        ? (input as { id: string }).id
        : undefined;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "record";
    return { ok: false, id, reason: `${where}: ${issue?.message ?? "invalid"}` };
  }
  const record = parsed.data;
  const warnings: string[] = [];
  const affected: IndexedAffected[] = [];
  const seen = new Set<string>();
  (record.affected ?? []).forEach((a, idx) => {
    if (!a.package) {
      warnings.push(`affected[${idx}] names no package: nothing to match`);
      return;
    }
    const ecosystem = a.package.ecosystem;
    const base = baseEcosystem(ecosystem) ?? ecosystem.split(":")[0];
    const ranges: AffectedData["ranges"] = [];
    (a.ranges ?? []).forEach((r, ri) => {
      const bad = r.events.findIndex((e) => eventKinds(e) !== 1);
      if (bad >= 0) {
        warnings.push(
          `affected[${idx}].ranges[${ri}].events[${bad}] must have exactly one of introduced, fixed, last_affected, limit: range skipped`,
        );
        return;
      }
      if (!r.events.some((e) => e.introduced !== undefined)) {
        warnings.push(`affected[${idx}].ranges[${ri}] has no introduced event: range skipped`);
        return;
      }
      if (r.type === "GIT" && !r.repo)
        warnings.push(`affected[${idx}].ranges[${ri}] is a GIT range without repo`);
      ranges.push(
        r.repo ? { type: r.type, events: r.events, repo: r.repo } : { type: r.type, events: r.events },
      );
    });
    const versions = a.versions ?? [];
    const data: AffectedData = { ranges, versions };
    const name = normalizeName(ecosystem, a.package.name);
    const key = `${ecosystem}\0${name}\0${JSON.stringify(data)}`;
    if (seen.has(key)) {
      warnings.push(`affected[${idx}] repeats an earlier entry for ${ecosystem}/${a.package.name}`);
      return;
    }
    seen.add(key);
    affected.push({ idx, ecosystem, baseEcosystem: base, name, data });
  });
  return { ok: true, record, affected, kind: kindOf(record), warnings };
}

function eventKinds(e: OsvEvent): number {
  let n = 0;
  if (e.introduced !== undefined) n++;
  if (e.fixed !== undefined) n++;
  if (e.last_affected !== undefined) n++;
  if (e.limit !== undefined) n++;
  return n;
}

/** `malicious` for the OpenSSF malicious-packages feed (MAL- ids or its origins field). */
export function kindOf(record: Pick<OsvRecord, "id" | "database_specific">): FindingKind {
  if (record.id.startsWith("MAL-")) return "malicious";
  const ds = record.database_specific;
  if (ds && typeof ds === "object" && "malicious-packages-origins" in ds) return "malicious";
  return "vulnerability";
}
