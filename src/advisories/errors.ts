import { IntakeError } from "../core/errors.ts";

export type AdvisoryErrorCode =
  | "record-invalid" // not an OSV record (schema), with the reason
  | "file-unreadable"
  | "zip-invalid"
  | "download-failed"
  | "api-failed" // the OSV API answered badly (status, timeout, malformed body)
  | "no-local-data";

/** A problem importing, syncing or fetching advisories. */
export class AdvisoryError extends IntakeError<AdvisoryErrorCode> {}
