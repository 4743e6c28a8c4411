import type { Reporter } from "../types.ts";

/** The versioned JSON schema documented in docs/json-schema.md: the result as is. */
export const jsonReporter: Reporter = {
  id: "json",
  description: "the full result as versioned JSON (docs/json-schema.md)",
  extension: "json",
  render(result) {
    return `${JSON.stringify(result, null, 2)}\n`;
  },
};
