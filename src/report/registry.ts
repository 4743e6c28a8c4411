import { cyclonedxReporter } from "./cyclonedx/index.ts";
import { htmlReporter } from "./html/index.ts";
import { jsonReporter } from "./json/index.ts";
import { junitReporter } from "./junit/index.ts";
import { markdownReporter } from "./markdown/index.ts";
import { sarifReporter } from "./sarif/index.ts";
import { spdxReporter } from "./spdx/index.ts";
import { tableReporter } from "./table/index.ts";
import type { Reporter } from "./types.ts";

/** Every output format. Explicit imports only. */
export const REPORTERS: readonly Reporter[] = [
  tableReporter,
  jsonReporter,
  cyclonedxReporter,
  spdxReporter,
  sarifReporter,
  markdownReporter,
  junitReporter,
  htmlReporter,
];

export function reporterById(id: string): Reporter | undefined {
  return REPORTERS.find((r) => r.id === id);
}
