import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SignalsError } from "../types.ts";

/** One Scorecard check as Intake keeps it. `score` -1 means the check could not decide. */
export interface ScorecardCheck {
  name: string;
  score: number;
  reason?: string;
}

/** A Scorecard result (v2 JSON, the API's answer, or a signed payload's JsonOutput). */
export interface ScorecardResult {
  /** `github.com/owner/repo` as written in the result (lower case). */
  repo: string;
  commit?: string;
  date?: string;
  scorecardVersion?: string;
  /** Aggregate score 0–10; absent in probe-only results. */
  score?: number;
  checks: ScorecardCheck[];
  /** Probe findings count, for probe-format results (no checks, no aggregate). */
  probeFindings?: number;
  /** Where it came from: a file path or the API base. */
  source: string;
}

type Json = Record<string, unknown>;
function obj(v: unknown): Json | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

/** `https://github.com/O/R.git` / `github.com/O/R` / `O/R` → `github.com/o/r`. */
export function repoKey(repo: string): string {
  let s = repo
    .trim()
    .toLowerCase()
    .replace(/^git\+/, "")
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  s = s.replace(/^[a-z+]+:\/\//, "").replace(/^[^@/]+@/, "");
  return s;
}

/**
 * Parse one Scorecard JSON document. Accepts the v2 result format (files and API), a signed
 * payload wrapper (`{ JsonOutput: "<json>" }`) and the probe format (`findings` instead of
 * checks). Throws `malformed-response` naming `source` and what is missing.
 */
export function parseScorecardResult(data: unknown, source: string): ScorecardResult {
  let d = obj(data);
  if (d && typeof d.JsonOutput === "string") {
    try {
      d = obj(JSON.parse(d.JsonOutput));
    } catch {
      throw new SignalsError("malformed-response", `${source}: JsonOutput is not valid JSON`, {
        file: source,
      });
    }
  }
  if (!d)
    throw new SignalsError("malformed-response", `${source}: a Scorecard result must be a JSON object`, {
      file: source,
    });
  const repo = obj(d.repo);
  if (!repo || typeof repo.name !== "string" || !repo.name)
    throw new SignalsError("malformed-response", `${source}: repo.name is missing`, { file: source });
  const out: ScorecardResult = { repo: repoKey(repo.name), checks: [], source };
  if (typeof repo.commit === "string") out.commit = repo.commit;
  if (typeof d.date === "string") out.date = d.date;
  const sc = obj(d.scorecard);
  if (sc && typeof sc.version === "string") out.scorecardVersion = sc.version;
  if (Array.isArray(d.findings) && !Array.isArray(d.checks)) {
    out.probeFindings = d.findings.length;
    return out;
  }
  if (!Array.isArray(d.checks))
    throw new SignalsError("malformed-response", `${source}: checks is missing or not a list`, {
      file: source,
    });
  for (const [i, c] of d.checks.entries()) {
    const co = obj(c);
    if (!co || typeof co.name !== "string" || typeof co.score !== "number" || !Number.isFinite(co.score))
      throw new SignalsError(
        "malformed-response",
        `${source}: checks[${i}] needs a name and a numeric score`,
        {
          file: source,
        },
      );
    out.checks.push({
      name: co.name,
      score: co.score,
      ...(typeof co.reason === "string" ? { reason: co.reason } : {}),
    });
  }
  if (typeof d.score === "number" && Number.isFinite(d.score)) out.score = d.score;
  return out;
}

/**
 * Read every `*.json` under a folder into a map repo → newest result. Files that are not
 * Scorecard JSON are returned as problems (path and reason), never thrown; SARIF and log files
 * are left alone.
 */
export async function loadScorecardDir(dir: string): Promise<{
  byRepo: Map<string, ScorecardResult>;
  problems: { file: string; reason: string }[];
  files: number;
}> {
  const byRepo = new Map<string, ScorecardResult>();
  const problems: { file: string; reason: string }[] = [];
  let files = 0;
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })) as string[];
  } catch (e) {
    throw new SignalsError("config-invalid", `cannot read Scorecard results folder ${dir}`, {
      cause: e,
      file: dir,
    });
  }
  for (const rel of entries.sort()) {
    if (!rel.endsWith(".json")) continue;
    const file = join(dir, rel);
    files++;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      problems.push({ file, reason: `not JSON: ${(e as Error).message}` });
      continue;
    }
    try {
      const r = parseScorecardResult(data, file);
      const have = byRepo.get(r.repo);
      if (!have || (r.date ?? "") > (have.date ?? "")) byRepo.set(r.repo, r);
    } catch (e) {
      problems.push({ file, reason: (e as Error).message });
    }
  }
  return { byRepo, problems, files };
}

/** The aggregate the way Scorecard reports it, or, when absent, the mean of the decided checks. */
export function aggregateScore(r: ScorecardResult): number | undefined {
  if (r.score !== undefined) return r.score;
  const decided = r.checks.filter((c) => c.score >= 0);
  if (decided.length === 0) return undefined;
  return Math.round((decided.reduce((a, c) => a + c.score, 0) / decided.length) * 10) / 10;
}
