import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { baseEcosystem } from "../core/ecosystem.ts";
import { describeError } from "../core/errors.ts";
import type { Package } from "../core/package.ts";
import type { Finding } from "../core/result.ts";
import type { AdvisoryReader, CandidateRow } from "./candidate.ts";
import { matchCandidates } from "./matcher.ts";
import { openReader } from "./sqlite-reader.ts";

/** The project settings file a scanned folder may carry; this stage reads only its `advisories` key. */
export const PROJECT_SETTINGS_FILE = ".intake.yaml";

export interface AdvisoryStageOptions {
  /** `--db PATH`: the embedded store (default: INTAKE_DB, DATABASE_URL, or the user cache). */
  db?: string;
  /** Never touch the network. */
  offline?: boolean;
  /** Ask the OSV API for every ecosystem, not only those without local data. */
  online?: boolean;
  osvApiUrl?: string;
  /** Extra OSV folders/zips used for this scan only (`--advisories`), on top of the store. */
  advisories?: string[];
  /** Scan targets: folders among them may carry a `.intake.yaml` with `advisories: [paths]`. */
  targets?: string[];
  /** Warn when the store's data is older than this many days (default 7). */
  staleAfterDays?: number;
  progress?: (message: string) => void;
  now?: Date;
}

export interface AdvisoryStageResult {
  findings: Finding[];
  notices: { level: "info" | "warning"; message: string }[];
}

/**
 * The matching stage of the pipeline: local store (and per-project advisory folders) first, the
 * OSV API for ecosystems with no local data (or all of them with `online`), never the network
 * with `offline`. Problems become notices; they never abort the scan.
 */
export async function findVulnerabilities(
  packages: Package[],
  options: AdvisoryStageOptions = {},
): Promise<AdvisoryStageResult> {
  const notices: AdvisoryStageResult["notices"] = [];
  const versioned = packages.filter((p) => p.version);
  if (!versioned.length) return { findings: [], notices };
  const stores: AdvisoryReader[] = [];
  let mainStore: AdvisoryReader | undefined;
  try {
    try {
      mainStore = await openReader({ path: options.db, mustExist: true });
      stores.push(mainStore);
    } catch (e) {
      if (!/no advisory database/.test(describeError(e)))
        notices.push({ level: "warning", message: `advisory store unavailable: ${describeError(e)}` });
    }
    const extra = [...(options.advisories ?? []), ...projectAdvisoryPaths(options.targets ?? [], notices)];
    if (extra.length) {
      const { openStore } = await import("./osv-store.ts");
      const overlay = await openStore({ path: ":memory:" });
      stores.push(overlay);
      try {
        const { importAdvisories } = await import("./import.ts");
        const stats = await importAdvisories(overlay, extra);
        const rejected = stats.reduce((n, s) => n + s.rejected, 0);
        if (rejected)
          notices.push({
            level: "warning",
            message: `${rejected} advisory records in ${extra.join(", ")} were invalid and skipped`,
          });
      } catch (e) {
        notices.push({ level: "warning", message: `could not read advisories: ${describeError(e)}` });
      }
    }
    const ecosystems = ecosystemsOf(versioned);
    const local = new Set<string>();
    for (const eco of ecosystems) {
      for (const s of stores) if (await s.hasEcosystem(eco)) local.add(eco);
    }
    let rows: CandidateRow[] = [];
    const keys = new Map<string, { baseEcosystem: string; name: string }>();
    for (const p of versioned) {
      const base =
        [...ecosystems].find((e) => e === p.ecosystem || p.ecosystem.startsWith(`${e}:`)) ?? p.ecosystem;
      if (local.has(base) && !options.online)
        keys.set(`${base}\0${p.normalizedName}`, { baseEcosystem: base, name: p.normalizedName });
    }
    if (keys.size) for (const s of stores) rows.push(...(await s.candidates([...keys.values()])));
    const missing = [...ecosystems].filter((e) => !local.has(e)).sort();
    const remote = options.online
      ? versioned
      : versioned.filter((p) => missing.some((e) => p.ecosystem === e || p.ecosystem.startsWith(`${e}:`)));
    if (options.offline) {
      if (missing.length)
        notices.push({
          level: "warning",
          message:
            `no local advisory data for ${missing.join(", ")}: those packages were not checked for known ` +
            "vulnerabilities (offline). Run `intake db sync`, or `intake db import PATH` with OSV exports.",
        });
    } else if (remote.length) {
      const { queryOsvApi } = await import("./online.ts");
      const online = await queryOsvApi(remote, { baseUrl: options.osvApiUrl, progress: options.progress });
      for (const p of online.problems.slice(0, 5)) notices.push({ level: "warning", message: p });
      if (online.problems.length > 5)
        notices.push({ level: "warning", message: `${online.problems.length - 5} more OSV API problems` });
      rows = rows.concat(online.rows);
    }
    const match = matchCandidates(versioned, dedupeRows(rows));
    const unordered = new Map<string, number>();
    for (const s of match.skipped) {
      if (s.reason.startsWith("GIT range")) continue;
      unordered.set(s.reason, (unordered.get(s.reason) ?? 0) + 1);
    }
    for (const [reason, n] of [...unordered].slice(0, 5))
      notices.push({
        level: "info",
        message: `${n} advisory range${n > 1 ? "s" : ""} not evaluated: ${reason}`,
      });
    const staleDays = options.staleAfterDays ?? 7;
    const last = mainStore ? await mainStore.lastUpdated() : undefined;
    if (last) {
      const age = ((options.now ?? new Date()).getTime() - Date.parse(last)) / 86_400_000;
      if (age > staleDays)
        notices.push({
          level: "warning",
          message: `the advisory store was last updated ${Math.floor(age)} days ago: run \`intake db sync\``,
        });
    }
    return { findings: match.findings, notices };
  } finally {
    for (const s of stores) await s.close().catch(() => {});
  }
}

/** The base ecosystems of packages that have a version (what matching needs data for). */
function ecosystemsOf(packages: Package[]): Set<string> {
  const out = new Set<string>();
  for (const p of packages) if (p.version) out.add(baseEcosystem(p.ecosystem) ?? p.ecosystem);
  return out;
}

/** Keep one copy of each (record, affected entry): the newest when the store and the API both have it. */
function dedupeRows(rows: CandidateRow[]): CandidateRow[] {
  const best = new Map<string, CandidateRow>();
  for (const r of rows) {
    const k = `${r.advisoryId}\0${r.idx}\0${r.ecosystem}\0${r.name}`;
    const have = best.get(k);
    if (!have || Date.parse(r.modified) > Date.parse(have.modified)) best.set(k, r);
  }
  return [...best.values()];
}

/**
 * `advisories:` from `.intake.yaml` in each scanned folder: local OSV folders or zips, relative to
 * that file (a team's private advisories, or the bundled example set). Other keys are ignored here.
 */
function projectAdvisoryPaths(targets: string[], notices: AdvisoryStageResult["notices"]): string[] {
  const out: string[] = [];
  for (const t of targets) {
    let dir: string;
    try {
      dir = statSync(t).isDirectory() ? resolve(t) : dirname(resolve(t));
    } catch {
      continue;
    }
    const file = join(dir, PROJECT_SETTINGS_FILE);
    if (!existsSync(file)) continue;
    try {
      const text = readFileSync(file, "utf8");
      const paths = parseAdvisoriesKey(text);
      for (const p of paths) out.push(resolve(dir, p));
    } catch (e) {
      notices.push({ level: "warning", message: `${file}: ${describeError(e)}` });
    }
  }
  return [...new Set(out)];
}

/**
 * Read the `advisories` key (a path or a list of paths). A hand-written reader for this one key so
 * that a scan does not load a YAML parser for it: `advisories: PATH`, or `advisories:` followed by
 * `- PATH` lines.
 */
export function parseAdvisoriesKey(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, "$2");
  for (let i = 0; i < lines.length; i++) {
    const m = /^advisories:\s*(.*?)\s*(#.*)?$/.exec(lines[i]);
    if (!m) continue;
    if (m[1]?.startsWith("[")) {
      out.push(
        ...m[1]
          .replace(/^\[|\]$/g, "")
          .split(",")
          .map(unquote)
          .filter(Boolean),
      );
    } else if (m[1]) out.push(unquote(m[1]));
    else {
      for (let j = i + 1; j < lines.length; j++) {
        const item = /^\s+-\s+(.*?)\s*(#.*)?$/.exec(lines[j]);
        if (item) out.push(unquote(item[1]));
        else if (/^\s*(#.*)?$/.test(lines[j])) continue;
        else break;
      }
    }
  }
  return out;
}
