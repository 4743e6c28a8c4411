import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import type { ScanResult } from "../core/result.ts";
import { REPORTERS, reporterById } from "../report/registry.ts";
import type { RenderOptions } from "../report/types.ts";

/** Options every command that prints a result shares. */
export interface OutputFlags {
  format: string;
  output?: string;
  quiet?: boolean;
  color?: boolean;
  verbose?: boolean;
}

/** Add the global output flags (`--format`, `--output`, `--quiet`, `--no-color`, `--verbose`). */
export function addOutputOptions(
  cmd: Command,
  formats: string[] = REPORTERS.map((r) => r.id),
  defaultFormat = "table",
): Command {
  return cmd
    .addOption(new Option("-f, --format <format>", "output format").choices(formats).default(defaultFormat))
    .option("-o, --output <file>", "write the report to FILE instead of standard output")
    .option("-q, --quiet", "print only what matters (summary and blocking items)")
    .option("--no-color", "never colour the output (also honoured: NO_COLOR)")
    .option("-v, --verbose", "show every detail");
}

export function useColor(flags: OutputFlags, toFile: boolean): boolean {
  if (flags.color === false || toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(process.stdout.isTTY);
}

export function renderOptions(flags: OutputFlags, command: RenderOptions["command"]): RenderOptions {
  return {
    color: useColor(flags, Boolean(flags.output)),
    quiet: Boolean(flags.quiet),
    verbose: Boolean(flags.verbose),
    width: process.stdout.columns,
    command,
  };
}

/** Render a result with the chosen reporter and write it to --output or stdout. */
export async function emit(
  result: ScanResult,
  flags: OutputFlags,
  command: RenderOptions["command"],
): Promise<void> {
  const reporter = reporterById(flags.format);
  if (!reporter) throw new UsageError("usage", `unknown format '${flags.format}'`);
  const text = reporter.render(result, renderOptions(flags, command));
  await writeOut(text, flags.output);
}

export async function writeOut(text: string, output?: string): Promise<void> {
  if (output && output !== "-") {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, text);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** A progress reporter on stderr, only when stderr is a terminal and not --quiet. */
export function progress(flags: { quiet?: boolean }): (message: string) => void {
  if (flags.quiet || !process.stderr.isTTY) return () => {};
  let last = 0;
  return (message: string) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    process.stderr.write(`\r\u001b[2K${message.slice(0, (process.stderr.columns ?? 80) - 1)}`);
  };
}

export function clearProgress(flags: { quiet?: boolean }): void {
  if (!flags.quiet && process.stderr.isTTY) process.stderr.write("\r\u001b[2K");
}

export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
  if (!m) throw new UsageError("usage", `invalid size '${value}' (examples: 500000, 64MB, 1GiB)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Math.floor(n * mult);
}

/** `--sbom-schema strict|warn`, shared by the commands that read inputs. */
export function sbomSchemaOption(): Option {
  return new Option(
    "--sbom-schema <mode>",
    "SBOMs that fail their schema: refuse them (strict) or read them with a warning (warn)",
  )
    .choices(["strict", "warn"])
    .default("strict");
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
