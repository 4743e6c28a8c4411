import { Command, CommanderError } from "commander";
import { describeError, IntakeError, UsageError } from "../core/errors.ts";
import { INTAKE_VERSION } from "../core/version.ts";
import { assessCommand } from "./assess.ts";
import { dbCommand } from "./db.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";
import { inventoryCommand } from "./inventory.ts";
import { policyCommand } from "./policy.ts";
import { scanCommand } from "./scan.ts";
import { signalsCommand } from "./signals.ts";
import { threatsCommand } from "./threats.ts";

/** Build the command tree. Each command lives in its own file and reports its exit code through setExit. */
export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command("intake")
    .description(
      "Know, judge and gate the open source you consume.\n\n" +
        "Intake reads lockfiles, manifests and SBOMs, matches them against known vulnerabilities and\n" +
        "malicious packages, collects trust signals, and evaluates them against your consumption policy.",
    )
    .version(INTAKE_VERSION, "-V, --version", "print Intake's version")
    .showHelpAfterError("(run with --help for usage)")
    .enablePositionalOptions(false);
  program.addCommand(scanCommand(setExit));
  program.addCommand(inventoryCommand(setExit));
  program.addCommand(policyCommand(setExit));
  program.addCommand(dbCommand(setExit));
  program.addCommand(threatsCommand());
  program.addCommand(signalsCommand());
  program.addCommand(assessCommand());
  program.addHelpText(
    "after",
    `
Examples:
  intake scan                       scan the current folder
  intake inventory --format json    list every consumed package as JSON
  intake <command> --help           details and examples for one command`,
  );
  program.configureOutput({ outputError: (str, write) => write(str) });
  const override = (c: Command): void => {
    c.exitOverride();
    for (const sub of c.commands) override(sub);
  };
  for (const c of program.commands) override(c);
  program.exitOverride();
  return program;
}

/** Run the CLI and return the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.OK;
  const setExit = (c: ExitCode) => {
    // The most serious wins: usage beats policy beats unreadable inputs.
    const rank = (x: ExitCode) =>
      [EXIT.OK, EXIT.INPUT_ERRORS, EXIT.POLICY_FAILURE, EXIT.USAGE, EXIT.UNEXPECTED].indexOf(x);
    if (rank(c) > rank(code)) code = c;
  };
  const program = buildProgram(setExit);
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof UsageError || (e instanceof IntakeError && e.code.startsWith("config"))) {
      process.stderr.write(`intake: ${describeError(e)}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof IntakeError) {
      process.stderr.write(`intake: ${describeError(e)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`intake: unexpected error: ${describeError(e)}\n`);
    if (process.env.INTAKE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
    else process.stderr.write("(set INTAKE_DEBUG=1 for a stack trace, and please report it)\n");
    return EXIT.UNEXPECTED;
  }
}
