import { IntakeError } from "../core/errors.ts";

export type PolicyErrorCode =
  | "policy-not-found"
  | "policy-unreadable"
  | "policy-yaml"
  | "policy-schema"
  | "policy-cel"
  | "policy-extends"
  | "waivers-invalid"
  | "vex-unreadable"
  | "vex-invalid"
  | "baseline-invalid"
  | "policy-test-invalid";

/** One problem in a policy, waiver, VEX or baseline file, located where possible. */
export interface PolicyProblem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The path inside the document, e.g. `rules.2.when`. */
  path?: string;
}

/**
 * A policy, waiver, VEX or baseline file that cannot be used. The CLI maps every PolicyError to
 * exit code 2. `problems` lists every problem found (the error itself describes the first).
 */
export class PolicyError extends IntakeError<PolicyErrorCode> {
  readonly problems: PolicyProblem[];

  constructor(
    code: PolicyErrorCode,
    message: string,
    options: {
      cause?: unknown;
      file?: string;
      line?: number;
      column?: number;
      problems?: PolicyProblem[];
    } = {},
  ) {
    super(code, message, options);
    this.problems = options.problems ?? [
      { message, file: options.file, line: options.line, column: options.column },
    ];
  }
}

export function formatProblem(p: PolicyProblem): string {
  let where = p.file ?? "";
  if (p.file && p.line !== undefined) where += `:${p.line}`;
  if (p.file && p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
  return `${where ? `${where}: ` : ""}${p.message}`;
}
