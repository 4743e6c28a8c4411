/**
 * One base error for the whole project. Every module defines its own subclass with a
 * string-literal union of codes, so callers can switch on `code` without parsing messages.
 * `file` names the input that caused the problem when there is one.
 */
export class IntakeError<C extends string = string> extends Error {
  readonly code: C;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    code: C,
    message: string,
    options: { cause?: unknown; file?: string; line?: number; column?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
  }

  /** A one-line rendering for users: `file:line:col: message [code]`. */
  toUserString(): string {
    let where = "";
    if (this.file) {
      where = this.file;
      if (this.line !== undefined) where += `:${this.line}`;
      if (this.line !== undefined && this.column !== undefined) where += `:${this.column}`;
      where += ": ";
    }
    return `${where}${this.message} [${this.code}]`;
  }

  toJSON(): { code: C; message: string; file?: string; line?: number; column?: number } {
    const out: { code: C; message: string; file?: string; line?: number; column?: number } = {
      code: this.code,
      message: this.message,
    };
    if (this.file !== undefined) out.file = this.file;
    if (this.line !== undefined) out.line = this.line;
    if (this.column !== undefined) out.column = this.column;
    return out;
  }
}

export type UsageErrorCode = "usage" | "config-invalid" | "config-not-found" | "unknown-format";

/** Bad command-line arguments or configuration: exit code 2. */
export class UsageError extends IntakeError<UsageErrorCode> {}

export function isIntakeError(e: unknown): e is IntakeError {
  return e instanceof IntakeError;
}

/** Turn anything thrown into a message fit for a user (no stack trace). */
export function describeError(e: unknown): string {
  if (e instanceof IntakeError) return e.toUserString();
  if (e instanceof Error) return e.message;
  return String(e);
}
