import { copyFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Command, Option } from "commander";
import { signalDefinitions, signalsTable } from "../signals/docs.ts";
import { defaultCacheDir } from "../signals/http/cache.ts";
import { installedRootPath, trustMaterialFromFile } from "../signals/provenance/verify.ts";
import { writeOut } from "./common.ts";

/** `intake signals list`: every trust signal Intake can collect, as a table or JSON. */
export function signalsCommand(): Command {
  const cmd = new Command("signals").description(
    "trust signals: what Intake can tell about a package besides CVEs",
  );
  const list = new Command("list")
    .description("list every signal: id (a yes/no question), risk, which answer is risky, what it needs")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("-o, --output <file>", "write to FILE instead of standard output")
    .action(async (flags: { format: string; output?: string }) => {
      const text =
        flags.format === "json" ? `${JSON.stringify(signalDefinitions(), null, 2)}\n` : signalsTable();
      await writeOut(text, flags.output);
    });
  list.addHelpText(
    "after",
    `
Examples:
  intake signals list                 one line per signal
  intake signals list --format json   definitions with descriptions, remediation and threats`,
  );
  cmd.addCommand(list);
  cmd.addCommand(trustedRootCommand());
  cmd.addHelpText(
    "after",
    `
Examples:
  intake signals list
  intake scan --signals license,hygiene     collect only some signals (ids or families)
  intake scan --verbose                     every signal answer, including unknowns

Details: docs/signals.md`,
  );
  return cmd;
}

/** `intake signals trusted-root FILE`: install a newer Sigstore trusted root into the cache. */
export function trustedRootCommand(): Command {
  const cmd = new Command("trusted-root")
    .description("install a newer Sigstore trusted_root.json for offline provenance verification")
    .argument("<file>", "a Sigstore trusted_root.json (e.g. from the Sigstore TUF repository)")
    .option("--cache-dir <dir>", "cache folder (default INTAKE_CACHE_DIR, else ~/.cache/intake)")
    .action(async (file: string, flags: { cacheDir?: string }) => {
      trustMaterialFromFile(file); // validates, throws config-invalid with the file name
      const target = installedRootPath(flags.cacheDir ?? defaultCacheDir());
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
      process.stdout.write(`installed ${file} as ${target}; provenance checks now use it\n`);
    });
  cmd.addHelpText(
    "after",
    `
Examples:
  intake signals trusted-root ./trusted_root.json
  INTAKE_SIGSTORE_TRUSTED_ROOT=./root.json intake scan   use a root for one run only

Without one, Intake uses the public-good root it ships with.`,
  );
  return cmd;
}
