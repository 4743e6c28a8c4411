import { Command } from "commander";
import { runScan } from "../pipeline/scan.ts";
import {
  addOutputOptions,
  clearProgress,
  collect,
  emit,
  type OutputFlags,
  parseSize,
  progress,
} from "./common.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

export interface ScanFlags extends OutputFlags {
  exclude?: string[];
  maxFileSize?: number;
  offline?: boolean;
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
    .option("--offline", "never touch the network: use the local advisory store and caches only");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  intake scan                                   scan every lockfile under the current folder
  intake scan examples/webapp --offline         no network: local advisory store and caches only
  intake scan . --format sarif -o intake.sarif  for code scanning dashboards
  intake scan . --quiet                         CI: summary and blocking items only

Exit codes: 0 nothing blocked, 1 the policy blocked something, 2 usage or configuration error,
3 some inputs could not be read, 127 unexpected error.`,
  );
  cmd.action(async (paths: string[], flags: ScanFlags) => {
    const tick = progress(flags);
    const result = await runScan(paths, {
      exclude: flags.exclude,
      maxFileBytes: flags.maxFileSize,
      offline: flags.offline,
      progress: tick,
      onSource: (s, i, n) => tick(`reading ${i}/${n}: ${s.path}`),
    });
    clearProgress(flags);
    await emit(result, flags, "scan");
    if (result.summary.decisions && result.summary.decisions.block > 0) setExit(EXIT.POLICY_FAILURE);
    else if (result.summary.sources.failed > 0) setExit(EXIT.INPUT_ERRORS);
  });
  return cmd;
}
