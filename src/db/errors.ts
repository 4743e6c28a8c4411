import { IntakeError } from "../core/errors.ts";

export type DbErrorCode =
  | "db-open-failed" // the file or server could not be opened
  | "db-migration-failed"
  | "db-url-invalid"
  | "db-query-failed";

/** A problem with the database (embedded SQLite or PostgreSQL). */
export class DbError extends IntakeError<DbErrorCode> {}
