import { Command, CommanderError } from "commander";
import { describeError, IntakeError, UsageError } from "../core/errors.ts";
import { INTAKE_VERSION } from "../core/version.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

type SetExit = (code: ExitCode) => void;

/**
 * Every command, loaded on demand: a command module pulls in its whole subsystem (policy and CEL,
 * the advisory store, signal collectors), and loading all of them cost most of the CLI's start-up.
 * Order here is the order `intake --help` lists them in.
 */
const COMMANDS: Record<string, (setExit: SetExit) => Promise<Command>> = {
  scan: async (x) => (await import("./scan.ts")).scanCommand(x),
  inventory: async (x) => (await import("./inventory.ts")).inventoryCommand(x),
  policy: async (x) => (await import("./policy.ts")).policyCommand(x),
  db: async (x) => (await import("./db.ts")).dbCommand(x),
  threats: async () => (await import("./threats.ts")).threatsCommand(),
  signals: async () => (await import("./signals.ts")).signalsCommand(),
  assess: async () => (await import("./assess.ts")).assessCommand(),
};

/**
 * Build the command tree. Each command lives in its own file and reports its exit code through
 * setExit. With `only` naming a command, just that one is loaded (the others are not needed to
 * run it); otherwise (top-level help, an unknown command) all of them are.
 */
export async function buildProgram(setExit: SetExit, only?: string): Promise<Command> {
  const program = new Command("intake")
    .description(
      "Know, judge and gate the open source you consume.\n\n" +
        "Intake reads lockfiles, manifests and SBOMs, matches them against known vulnerabilities and\n" +
        "malicious packages, collects trust signals, and evaluates them against your consumption policy.",
    )
    .version(INTAKE_VERSION, "-V, --version", "print Intake's version")
    .showHelpAfterError("(run with --help for usage)")
    .enablePositionalOptions(false);
  const names = only !== undefined && only in COMMANDS ? [only] : Object.keys(COMMANDS);
  for (const c of await Promise.all(names.map((n) => COMMANDS[n](setExit)))) program.addCommand(c);
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
  // `help scan` and top-level flags need every command; `intake scan ...` needs only scan.
  const program = await buildProgram(setExit, argv[0] === "help" ? undefined : argv[0]);
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
