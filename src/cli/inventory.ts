import { Command } from "commander";
import { PARSERS } from "../inventory/registry.ts";
import { runScan } from "../pipeline/scan.ts";
import { columns } from "../report/table/style.ts";
import {
  addOutputOptions,
  clearProgress,
  collect,
  emit,
  type OutputFlags,
  parseSize,
  progress,
  sbomSchemaOption,
  writeOut,
} from "./common.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

interface InventoryFlags extends OutputFlags {
  exclude?: string[];
  maxFileSize?: number;
  listFormats?: boolean;
  sbomSchema?: "strict" | "warn";
}

export function inventoryCommand(setExit: (code: ExitCode) => void): Command {
  const cmd = new Command("inventory")
    .description("list exactly what is consumed: every package in the lockfiles, manifests and SBOMs found")
    .argument(
      "[paths...]",
      "files or folders; FORMAT:PATH names the format of a file with a non-standard name",
      ["."],
    )
    .option("--exclude <glob>", "skip paths matching GLOB (repeatable; ** crosses folders)", collect, [])
    .option("--max-file-size <size>", "largest input file to read (e.g. 64MB)", parseSize)
    .option("--list-formats", "list every input format and exit")
    .addOption(sbomSchemaOption());
  addOutputOptions(cmd, ["table", "json", "cyclonedx", "spdx"]);
  cmd.addHelpText(
    "after",
    `
Examples:
  intake inventory                              every lockfile under the current folder
  intake inventory examples/webapp --format json
  intake inventory . --format cyclonedx -o sbom.cdx.json     produce a CycloneDX 1.6 SBOM
  intake inventory package-lock.json:old/lock.v1.json       a lockfile with a non-standard name
  intake inventory cyclonedx:vendor/sbom.xml --sbom-schema warn   read a supplier SBOM that fails its schema
  intake inventory --list-formats`,
  );
  cmd.action(async (paths: string[], flags: InventoryFlags) => {
    if (flags.listFormats) {
      const rows = PARSERS.map((p) => [
        p.id + (p.aliases?.length ? ` (${p.aliases.join(", ")})` : ""),
        p.ecosystem,
        p.description,
      ]);
      await writeOut(`${columns([["format", "ecosystem", "description"], ...rows]).join("\n")}\n`);
      return;
    }
    const tick = progress(flags);
    const result = await runScan(paths, {
      inventoryOnly: true,
      exclude: flags.exclude,
      maxFileBytes: flags.maxFileSize,
      sbomSchema: flags.sbomSchema,
      onSource: (s, i, n) => tick(`reading ${i}/${n}: ${s.path}`),
    });
    clearProgress(flags);
    await emit(result, flags, "inventory");
    if (result.summary.sources.failed > 0) setExit(EXIT.INPUT_ERRORS);
  });
  return cmd;
}
