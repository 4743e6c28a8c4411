/** Every exit code Intake uses. Nothing else in the code base calls process.exit with a literal. */
export const EXIT = {
  /** Done; no blocking decision. */
  OK: 0,
  /** The policy blocked at least one package. */
  POLICY_FAILURE: 1,
  /** Bad arguments, or an invalid configuration or policy file. */
  USAGE: 2,
  /** Some inputs could not be read (the rest were scanned). */
  INPUT_ERRORS: 3,
  /** A bug: something unexpected happened. */
  UNEXPECTED: 127,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
