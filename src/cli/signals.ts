import { Command, Option } from "commander";
import { signalDefinitions, signalsTable } from "../signals/docs.ts";
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
