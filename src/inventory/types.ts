import type { Ecosystem } from "../core/ecosystem.ts";
import { IntakeError } from "../core/errors.ts";
import type { Package } from "../core/package.ts";
import type { ErrorInfo } from "../core/result.ts";

export type InventoryErrorCode =
  | "file-not-found"
  | "file-unreadable"
  | "file-too-large"
  | "file-empty"
  | "file-binary"
  | "malformed" // syntax error: not JSON / YAML / TOML / XML
  | "unsupported-version" // e.g. lockfileVersion 9
  | "wrong-format" // parses, but is not this format (e.g. a package.json given as package-lock.json)
  | "schema-invalid" // SBOM fails its JSON/XML schema
  | "unknown-format";

/** A problem reading one input. Always names the file. */
export class InventoryError extends IntakeError<InventoryErrorCode> {}

/** One input file handed to a parser. `path` is the path as shown to the user (relative where possible). */
export interface InputFile {
  path: string;
  /** Absolute path on disk (for resolving includes and sibling files). */
  absolutePath: string;
  /** File content decoded as UTF-8 (BOM stripped). */
  text: string;
}

export interface ParseContext {
  /**
   * Read another file relative to the input (go.sum beside go.mod, `-r other.txt` in requirements).
   * Returns undefined when it does not exist. Subject to the same size limit.
   */
  readRelative(relativePath: string): Promise<InputFile | undefined>;
  /** SBOM parsers: refuse a document that fails its schema (`strict`, the default) or read it with a warning. */
  sbomSchema?: "strict" | "warn";
}

export interface ParseOutput {
  packages: Package[];
  /** Entries skipped or recovered, with their reason: the source becomes `partial` when there are any. */
  warnings?: ErrorInfo[];
}

/**
 * One input format. `matches` is cheap (file name only) and is used by discovery;
 * `parse` does the work and throws an InventoryError when the file cannot be read as this format.
 */
export interface InventoryParser {
  /** The format name users type in `FORMAT:PATH`: the standard file name (`package-lock.json`) or `cyclonedx` / `spdx`. */
  id: string;
  /** Other names accepted in `FORMAT:PATH` (e.g. `npm-shrinkwrap.json`). */
  aliases?: string[];
  /** One line for `intake inventory --list-formats`. */
  description: string;
  /** The ecosystem it produces, or `mixed` (SBOMs). */
  ecosystem: Ecosystem | "mixed";
  /** Whether this parser wants the file, judged by its name alone (basename and path). */
  matches(path: string): boolean;
  parse(file: InputFile, ctx: ParseContext): ParseOutput | Promise<ParseOutput>;
}
