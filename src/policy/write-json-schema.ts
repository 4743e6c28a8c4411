/** Regenerate schemas/intake.policy.schema.json from the zod schema: `node src/policy/write-json-schema.ts`. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { policyJsonSchema } from "./schema.ts";

export const POLICY_JSON_SCHEMA_PATH = resolve(
  fileURLToPath(new URL(".", import.meta.url)),
  "../../schemas/intake.policy.schema.json",
);

export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(POLICY_JSON_SCHEMA_PATH, policyJsonSchemaText());
  process.stdout.write(`wrote ${POLICY_JSON_SCHEMA_PATH}\n`);
}
