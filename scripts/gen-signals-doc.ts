// Regenerate docs/signals.md from the signal definitions: node scripts/gen-signals-doc.ts
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { signalsMarkdown } from "../src/signals/docs.ts";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "signals.md");
writeFileSync(out, signalsMarkdown());
process.stdout.write(`wrote ${out}\n`);
