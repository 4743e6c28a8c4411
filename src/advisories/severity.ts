import type { Severity, SeverityInfo } from "../core/result.ts";

/** CVSS qualitative rating scale (identical for v3.x and v4.0). */
export function ratingForScore(score: number): Severity {
  if (score <= 0) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

const V3_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/**
 * CVSS v3.0 / v3.1 base score from a vector, with the specification's formula. Hand-written (not a
 * library) because it is twenty lines and the one place where we need it to be exactly the spec's
 * arithmetic, including v3.1's float-safe Roundup. Returns undefined for an invalid vector.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = /^CVSS:3\.([01])\/(.*)$/.exec(vector.trim());
  if (!m) return undefined;
  const minor = m[1];
  const metrics = new Map<string, string>();
  for (const part of m[2].split("/")) {
    const [k, v] = part.split(":");
    if (!k || v === undefined || metrics.has(k)) return undefined;
    metrics.set(k, v);
  }
  const get = <T extends Record<string, number>>(key: string, table: T): number | undefined => {
    const v = metrics.get(key);
    return v !== undefined && v in table ? table[v as keyof T] : undefined;
  };
  const scope = metrics.get("S");
  if (scope !== "U" && scope !== "C") return undefined;
  const changed = scope === "C";
  const av = get("AV", V3_WEIGHTS.AV);
  const ac = get("AC", V3_WEIGHTS.AC);
  const ui = get("UI", V3_WEIGHTS.UI);
  const pr = get("PR", changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 });
  const c = get("C", V3_WEIGHTS.CIA);
  const i = get("I", V3_WEIGHTS.CIA);
  const a = get("A", V3_WEIGHTS.CIA);
  if ([av, ac, ui, pr, c, i, a].some((x) => x === undefined)) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  const raw = changed
    ? Math.min(1.08 * (impact + exploitability), 10)
    : Math.min(impact + exploitability, 10);
  return minor === "1" ? roundUp31(raw) : Math.ceil(raw * 10) / 10;
}

/** CVSS v3.1 Appendix A Roundup: the smallest one-decimal number ≥ x, robust to float error. */
function roundUp31(x: number): number {
  const intInput = Math.round(x * 100000);
  if (intInput % 10000 === 0) return intInput / 100000;
  return (Math.floor(intInput / 10000) + 1) / 10;
}

type Cvss4Ctor = new (vector: string) => { calculateScores(): { base?: number } };
let cvss4Ctor: Cvss4Ctor | undefined;

/** Load the CVSS v4 calculator (its macro-vector tables are large; only import paths need it). */
export async function loadCvss4(): Promise<void> {
  if (cvss4Ctor) return;
  const mod = (await import("ae-cvss-calculator")) as unknown as {
    default?: { Cvss4P0: Cvss4Ctor };
    Cvss4P0?: Cvss4Ctor;
  };
  cvss4Ctor = mod.Cvss4P0 ?? mod.default?.Cvss4P0;
}

/**
 * CVSS v4.0 base score. v4 scores come from the specification's macro-vector lookup table and
 * severity distances; we use ae-cvss-calculator (Apache-2.0) for that rather than copy the tables.
 * Call `loadCvss4()` once first; returns undefined when not loaded or the vector is invalid.
 */
export function cvss4BaseScore(vector: string): number | undefined {
  if (!cvss4Ctor || !/^CVSS:4\.0\/AV:[NALP]\//.test(vector.trim())) return undefined;
  try {
    const score = new cvss4Ctor(vector.trim()).calculateScores().base;
    return typeof score === "number" && Number.isFinite(score) ? score : undefined;
  } catch {
    return undefined;
  }
}

const WORD_RATINGS: Record<string, Severity> = {
  critical: "critical",
  high: "high",
  important: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
  negligible: "low",
  none: "none",
};

/** GHSA's `database_specific.severity`, Ubuntu/Debian words: `HIGH`, `MODERATE`, `important`. */
export function ratingForWord(word: unknown): Severity | undefined {
  return typeof word === "string" ? WORD_RATINGS[word.trim().toLowerCase()] : undefined;
}

export interface SeverityEntry {
  type: string;
  score: string;
}

/**
 * The severity of a record: the CVSS v4 vector if there is one, else v3.x; a vector we cannot
 * score falls back to the database's own word (`database_specific.severity`), then `unknown`.
 */
export function severityOf(
  entries: SeverityEntry[],
  databaseSpecific?: Record<string, unknown>,
): SeverityInfo {
  const byType = (t: string) => entries.find((e) => e.type === t);
  for (const type of ["CVSS_V4", "CVSS_V3"]) {
    const e = byType(type);
    if (!e) continue;
    const score = type === "CVSS_V4" ? cvss4BaseScore(e.score) : cvss3BaseScore(e.score);
    if (score !== undefined) return { rating: ratingForScore(score), score, vector: e.score };
  }
  const word = ratingForWord(databaseSpecific?.severity);
  if (word) {
    const vector = entries.find((e) => e.type.startsWith("CVSS"))?.score;
    return vector ? { rating: word, vector } : { rating: word };
  }
  for (const e of entries) {
    const w = ratingForWord(e.score);
    if (w) return { rating: w };
  }
  return { rating: "unknown" };
}
