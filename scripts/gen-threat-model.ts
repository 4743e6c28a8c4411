// Regenerates docs/threat-model.md from src/threats/data. Run: node scripts/gen-threat-model.ts
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { threatModelMarkdown } from "../src/threats/docs.ts";
import { loadKnowledgeBase } from "../src/threats/kb.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
writeFileSync(join(root, "docs/threat-model.md"), threatModelMarkdown(loadKnowledgeBase()));
console.log("wrote docs/threat-model.md");
