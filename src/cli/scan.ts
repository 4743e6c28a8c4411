import { Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import { runScan, type ScanOptions } from "../pipeline/scan.ts";
import {
  addOutputOptions,
  clearProgress,
  collect,
  emit,
  type OutputFlags,
  parseSize,
  progress,
  sbomSchemaOption,
} from "./common.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

export interface ScanFlags extends OutputFlags {
  exclude?: string[];
  maxFileSize?: number;
  sbomSchema?: "strict" | "warn";
  offline?: boolean;
  policy?: string;
  vex?: string[];
  baseline?: string;
  failOn?: "block" | "warn";
  online?: boolean;
  db?: string;
  osvApiUrl?: string;
  advisories?: string[];
  signals?: string;
  cacheDir?: string;
  scorecardResults?: string;
  signalsWindow?: number;
}

export function scanCommand(setExit: (code: ExitCode) => void): Command {
  const cmd = new Command("scan")
    .description(
      "scan lockfiles, manifests and SBOMs: inventory, known vulnerabilities, trust signals and policy",
    )
    .argument(
      "[paths...]",
      "files or folders; FORMAT:PATH names the format of a file with a non-standard name",
      ["."],
    )
    .option("--exclude <glob>", "skip paths matching GLOB (repeatable; ** crosses folders)", collect, [])
    .option("--max-file-size <size>", "largest input file to read (e.g. 64MB)", parseSize)
    .addOption(sbomSchemaOption())
    .option("--offline", "never touch the network: use the local advisory store and caches only")
    .addOption(
      new Option(
        "--online",
        "ask the OSV API for every ecosystem, not only those the store has no data for",
      ).conflicts("offline"),
    )
    .option("--db <path>", "advisory store (SQLite file; default INTAKE_DB, else ~/.cache/intake/intake.db)")
    .option("--osv-api-url <url>", "OSV API base URL (default INTAKE_OSV_API_URL, else https://api.osv.dev)")
    .option(
      "--advisories <path>",
      "extra OSV records (folder or zip) for this scan only (repeatable)",
      collect,
      [],
    )
    .option(
      "--signals <list>",
      "trust signals to collect: all (default), none, or ids/families (comma-separated)",
    )
    .option("--signals-window <days>", "cool-down window for publishedWithinDays (default 7)", parseDays)
    .option("--cache-dir <dir>", "HTTP cache for signals (default INTAKE_CACHE_DIR, else ~/.cache/intake)")
    .option("--scorecard-results <dir>", "read OpenSSF Scorecard results from JSON files in DIR")
    .option(
      "--policy <file>",
      "policy file or preset (default: intake.policy.yaml here or above, else the default policy)",
    )
    .option(
      "--vex <file>",
      "OpenVEX, CycloneDX or CSAF VEX document; not_affected/fixed suppress findings (repeatable)",
      collect,
      [],
    )
    .option("--baseline <file>", "a previous JSON result: report only what is new since (pull requests)")
    .addOption(
      new Option("--fail-on <action>", "exit 1 when a decision is at least this strong")
        .choices(["block", "warn"])
        .default("block"),
    );
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  intake scan                                   scan every lockfile under the current folder
  intake scan examples/webapp --offline         no network: local advisory store and caches only
  intake scan . --online                        ask the OSV API for every package
  intake scan . --advisories ./osv-private      add a folder of private OSV records for this scan
  intake scan . --format sarif -o intake.sarif  for code scanning dashboards
  intake scan . --quiet                         CI: summary and blocking items only
  intake scan --signals license,hygiene         only the offline licence and hygiene signals
  intake scan --policy strict                   judge with the shipped 'strict' preset
  intake scan --vex vendor.openvex.json         apply a supplier's VEX statements
  intake scan --baseline main.json -f markdown  pull request: only what is new since main.json

Exit codes: 0 nothing blocked, 1 the policy blocked something, 2 usage or configuration error,
3 some inputs could not be read, 127 unexpected error.`,
  );
  cmd.action(async (paths: string[], flags: ScanFlags) => {
    const tick = progress(flags);
    const result = await runScan(paths, {
      exclude: flags.exclude,
      maxFileBytes: flags.maxFileSize,
      sbomSchema: flags.sbomSchema,
      offline: flags.offline,
      progress: tick,
      onSource: (s, i, n) => tick(`reading ${i}/${n}: ${s.path}`),
      policy: { file: flags.policy, vex: flags.vex, baseline: flags.baseline },
      signals: signalsOptions(flags),
      advisories: {
        db: flags.db,
        online: flags.online,
        osvApiUrl: flags.osvApiUrl,
        advisories: flags.advisories,
      },
    });
    clearProgress(flags);
    await emit(result, flags, "scan");
    const d = result.summary.decisions;
    if (d && (d.block > 0 || (flags.failOn === "warn" && d.warn > 0))) setExit(EXIT.POLICY_FAILURE);
    else if (result.summary.sources.failed > 0) setExit(EXIT.INPUT_ERRORS);
  });
  return cmd;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError("usage", `invalid number of days '${value}'`);
  return n;
}

/** Signals options from the scan flags (settings not given here come from INTAKE_* variables). */
function signalsOptions(flags: ScanFlags): NonNullable<ScanOptions["signals"]> {
  const list = flags.signals?.trim();
  return {
    ...(list ? { select: list === "all" ? "all" : list === "none" ? "none" : list.split(",") } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    settings: {
      ...(flags.signalsWindow !== undefined ? { windowDays: flags.signalsWindow } : {}),
      ...(flags.scorecardResults ? { scorecardResultsDir: flags.scorecardResults } : {}),
    },
  };
}
