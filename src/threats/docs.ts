import { attackCounts, type KnowledgeBase } from "./kb.ts";
import { buildMatrix } from "./matrix.ts";
import { matrixMarkdown } from "./render.ts";
import { STAGES } from "./schema.ts";

/**
 * docs/threat-model.md, generated from the knowledge base so it never drifts
 * (`node scripts/gen-threat-model.ts`; a test fails when the committed file is stale).
 */
export function threatModelMarkdown(kb: KnowledgeBase): string {
  const counts = attackCounts(kb);
  const m = buildMatrix(kb);
  const out: string[] = [
    "# The consumer's supply-chain threat model",
    "",
    "<!-- Generated from src/threats/data by scripts/gen-threat-model.ts. Do not edit by hand. -->",
    "",
    "This page is for whoever owns the risk of the open source an organization consumes. It lists what",
    "can go wrong when you take other people's code, how often each threat has been realized in real",
    "attacks, which controls of SLSA, S2C2F and OpenSSF Scorecard address it, where no framework helps,",
    "and what Intake checks for you. `intake threats coverage` applies it to your own policy and scans;",
    "`intake assess` measures your S2C2F maturity.",
    "",
    `The knowledge base holds ${kb.threats.length} threats, ${kb.attacks.length} real attacks from ${Math.min(...kb.attacks.map((a) => a.year))} to ${Math.max(...kb.attacks.map((a) => a.year))}, all ${kb.frameworks.s2c2f.length} S2C2F requirements, ${kb.frameworks.slsa.threats.length} SLSA threat categories and ${kb.frameworks.scorecard.length} Scorecard checks.`,
    "",
    "## Threats by stage of consumption",
    "",
  ];
  for (const stage of STAGES) {
    const ts = kb.threats.filter((t) => t.stage === stage);
    if (ts.length === 0) continue;
    out.push(`### ${stage[0].toUpperCase()}${stage.slice(1)}`, "");
    for (const t of ts) {
      out.push(
        `**${t.title}** (\`${t.id}\`, impact ${t.impact}/5, ${counts.get(t.id) ?? 0} recorded attacks). ${t.description}`,
      );
      out.push("");
    }
  }
  out.push("## Matrix: who covers what", "", matrixMarkdown(m));
  out.push("## Gaps", "");
  out.push(`- Not addressed by SLSA: ${m.gaps.slsa.join(", ") || "none"}.`);
  out.push(`- Not addressed by S2C2F: ${m.gaps.s2c2f.join(", ") || "none"}.`);
  out.push(`- No Scorecard check helps with: ${m.gaps.scorecard.join(", ") || "none"}.`);
  out.push(`- No framework at all: ${m.gaps.everyFramework.join(", ") || "none"}.`);
  out.push(`- Not checked by Intake today: ${m.gaps.intake.join(", ") || "none"}.`, "");
  out.push("## Most frequent threats in real attacks", "");
  const ranked = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
  for (const [id, n] of ranked) out.push(`- \`${id}\`: ${n} attacks`);
  out.push("", "## Attacks", "", "| Year | Attack | Ecosystems | Threats |", "|---|---|---|---|");
  for (const a of [...kb.attacks].sort((x, y) => y.year - x.year || x.name.localeCompare(y.name)))
    out.push(
      `| ${a.year} | [${a.name}](${a.references[0]}) | ${a.ecosystems.join(", ")} | ${a.threats.join(", ")} |`,
    );
  out.push(
    "",
    "## Consumer archetypes",
    "",
    "| Archetype | Target S2C2F level | Policy preset |",
    "|---|---|---|",
  );
  for (const a of kb.archetypes)
    out.push(`| ${a.title}: ${a.description} | ${a.targetLevel} | \`${a.preset}\` |`);
  out.push("");
  return out.join("\n");
}
