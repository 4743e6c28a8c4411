import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (where package.json is). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The real-world conformance data in `../shared/data` (override with INTAKE_SHARED_DATA).
 * Undefined when absent: tests then skip with `skipReason`.
 */
export const SHARED_DATA: string | undefined = (() => {
  const dir = process.env.INTAKE_SHARED_DATA ?? resolve(PROJECT_ROOT, "../shared/data");
  return existsSync(dir) ? dir : undefined;
})();

export const SHARED_SKIP = SHARED_DATA
  ? false
  : "../shared/data is absent: real-world conformance data not available";

/** Path inside ../shared/data, or undefined when the data set is absent. */
export function sharedPath(...parts: string[]): string | undefined {
  if (!SHARED_DATA) return undefined;
  const p = join(SHARED_DATA, ...parts);
  return existsSync(p) ? p : undefined;
}

/** `{ skip }` option for node:test: a message when the path under shared data is missing. */
export function skipUnlessShared(...parts: string[]): { skip: string | false } {
  if (!SHARED_DATA) return { skip: "../shared/data is absent: real-world conformance data not available" };
  return sharedPath(...parts) ? { skip: false } : { skip: `../shared/data/${parts.join("/")} is absent` };
}
