import { columns, makeStyle } from "../report/table/style.ts";
import type { Assessment } from "./assess.ts";
import type { CoverageReport } from "./coverage.ts";
import { attackCounts, type KnowledgeBase } from "./kb.ts";
import type { Matrix } from "./matrix.ts";
import type { Attack, Threat } from "./schema.ts";

const dash = (xs: string[]) => (xs.length ? xs.join(", ") : "—");

export function threatsTable(kb: KnowledgeBase, color: boolean): string {
  const s = makeStyle(color);
  const counts = attackCounts(kb);
  const rows = kb.threats.map((t) => [
    t.id,
    t.stage,
    String(t.impact),
    String(counts.get(t.id) ?? 0),
    t.title,
  ]);
  return `${columns([[s.dim("id"), s.dim("stage"), s.dim("impact"), s.dim("attacks"), s.dim("title")], ...rows]).join("\n")}\n`;
}

export function threatDetail(kb: KnowledgeBase, t: Threat, color: boolean): string {
  const s = makeStyle(color);
  const attacks = kb.attacks.filter((a) => a.threats.includes(t.id)).sort((a, b) => b.year - a.year);
  const out = [
    `${s.bold(t.title)} ${s.dim(`(${t.id})`)}`,
    `stage: ${t.stage}   impact: ${t.impact}/5   realized in ${attacks.length} recorded attacks`,
    "",
    t.description,
    "",
    `${s.bold("What a consumer can observe:")} ${t.observable}`,
    "",
    s.bold("Controls that mitigate it"),
    `  SLSA threats:      ${dash(t.slsa)}`,
    `  S2C2F:             ${dash(t.s2c2f)}`,
    `  Scorecard checks:  ${dash(t.scorecard)}`,
    `  SAP attack vectors: ${dash(t.sap)}`,
    "",
    s.bold("What Intake checks"),
    `  signals:       ${dash(t.intake.signals)}`,
    `  capabilities:  ${dash(t.intake.capabilities)}`,
    "",
    s.bold("Next steps"),
    ...t.controls.map((c) => `  - [${c.cost} cost] ${c.text}`),
  ];
  if (attacks.length) {
    out.push("", s.bold("Examples"));
    for (const a of attacks.slice(0, 10))
      out.push(`  ${a.year}  ${a.name} (${a.ecosystems.join(", ")}): ${a.summary}`);
    if (attacks.length > 10)
      out.push(s.dim(`  … ${attacks.length - 10} more: intake threats attacks --threat ${t.id}`));
  }
  return `${out.join("\n")}\n`;
}

export function attacksTable(attacks: Attack[], color: boolean): string {
  const s = makeStyle(color);
  const rows = attacks.map((a) => [String(a.year), a.name, a.ecosystems.join(", "), a.threats.join(", ")]);
  return `${columns([[s.dim("year"), s.dim("attack"), s.dim("ecosystems"), s.dim("threats")], ...rows]).join("\n")}\n${attacks.length} attacks\n`;
}

export function matrixTable(m: Matrix, color: boolean): string {
  const s = makeStyle(color);
  const rows = m.rows.map((r) => [
    r.threat,
    dash(r.slsa),
    dash(r.s2c2f),
    dash(r.scorecard),
    r.intake.length ? s.green("yes") : s.red("no"),
  ]);
  const out = columns([
    [s.dim("threat"), s.dim("SLSA"), s.dim("S2C2F"), s.dim("Scorecard"), s.dim("Intake")],
    ...rows,
  ]);
  out.push("", s.bold("Gaps"));
  out.push(`  not addressed by SLSA:       ${dash(m.gaps.slsa)}`);
  out.push(`  not addressed by S2C2F:      ${dash(m.gaps.s2c2f)}`);
  out.push(`  no Scorecard check:          ${dash(m.gaps.scorecard)}`);
  out.push(`  no framework at all:         ${dash(m.gaps.everyFramework)}`);
  out.push(`  not checked by Intake:       ${dash(m.gaps.intake)}`);
  return `${out.join("\n")}\n`;
}

export function matrixMarkdown(m: Matrix): string {
  const out = ["| Threat | Stage | SLSA | S2C2F | Scorecard | Intake checks |", "|---|---|---|---|---|---|"];
  for (const r of m.rows)
    out.push(
      `| ${r.title} (\`${r.threat}\`) | ${r.stage} | ${dash(r.slsa)} | ${dash(r.s2c2f)} | ${dash(r.scorecard)} | ${dash(r.intake)} |`,
    );
  return `${out.join("\n")}\n`;
}

export function coverageTable(r: CoverageReport, color: boolean, limit = 10): string {
  const s = makeStyle(color);
  const paint = (x: string) => (x === "mitigated" ? s.green(x) : x === "detected" ? s.yellow(x) : s.red(x));
  const out = [
    `${s.bold("Threat coverage")}  ${s.green(`${r.totals.mitigated} mitigated`)}, ${s.yellow(`${r.totals.detected} detected only`)}, ${s.red(`${r.totals.uncovered} uncovered`)}` +
      (r.policy ? s.dim(`  (policy: ${r.policy})`) : s.dim("  (no policy given)")),
    "",
    ...columns([
      [s.dim("threat"), s.dim("stage"), s.dim("status"), s.dim("why")],
      ...r.threats.map((t) => [t.id, t.stage, paint(t.status), t.because.join("; ")]),
    ]),
    "",
    s.bold("Next steps, most valuable first"),
    ...r.nextSteps.slice(0, limit).map((n, i) => `  ${i + 1}. [${n.cost} cost, ${n.threat}] ${n.text}`),
  ];
  if (r.nextSteps.length > limit)
    out.push(s.dim(`  … ${r.nextSteps.length - limit} more (--format json for all)`));
  return `${out.join("\n")}\n`;
}

export function assessmentTable(a: Assessment, color: boolean): string {
  const s = makeStyle(color);
  const out = [
    `${s.bold("S2C2F maturity level:")} ${a.level}${a.targetLevel !== undefined ? ` (target for ${a.archetype}: ${a.targetLevel})` : ""}`,
    "",
    ...columns([
      [s.dim("practice"), s.dim("level"), s.dim("met")],
      ...a.practices.map((p) => [p.practice, String(p.level), `${p.met}/${p.total}`]),
    ]),
    "",
    ...columns([
      [s.dim("requirement"), s.dim("level"), s.dim("met"), s.dim("basis"), s.dim("evidence")],
      ...a.requirements.map((r) => [
        r.id,
        String(r.level),
        r.met ? s.green("yes") : s.red("no"),
        r.basis,
        r.evidence,
      ]),
    ]),
  ];
  if (a.nextLevelBlockers.length) {
    out.push("", s.bold(`To reach level ${a.level + 1}:`));
    for (const b of a.nextLevelBlockers) out.push(`  - ${b.id} ${b.title} (${b.evidence})`);
  }
  return `${out.join("\n")}\n`;
}

export function assessmentMarkdown(a: Assessment): string {
  const out = [
    `## S2C2F assessment: level ${a.level}${a.targetLevel !== undefined ? ` of target ${a.targetLevel}` : ""}`,
    "",
    "| Practice | Level | Met |",
    "|---|---|---|",
    ...a.practices.map((p) => `| ${p.practice} | ${p.level} | ${p.met}/${p.total} |`),
    "",
    "| Requirement | Level | Met | Basis | Evidence |",
    "|---|---|---|---|---|",
    ...a.requirements.map(
      (r) => `| ${r.id} ${r.title} | ${r.level} | ${r.met ? "yes" : "**no**"} | ${r.basis} | ${r.evidence} |`,
    ),
  ];
  if (a.nextLevelBlockers.length) {
    out.push("", `### To reach level ${a.level + 1}`, "");
    for (const b of a.nextLevelBlockers) out.push(`- **${b.id}** ${b.title}: ${b.evidence}`);
  }
  return `${out.join("\n")}\n`;
}

export function coverageMarkdown(r: CoverageReport): string {
  const out = [
    `## Threat coverage: ${r.totals.mitigated} mitigated, ${r.totals.detected} detected only, ${r.totals.uncovered} uncovered`,
    "",
    "| Threat | Stage | Status | Why |",
    "|---|---|---|---|",
    ...r.threats.map(
      (t) => `| ${t.title} (\`${t.id}\`) | ${t.stage} | ${t.status} | ${t.because.join("; ")} |`,
    ),
    "",
    "### Next steps",
    "",
    ...r.nextSteps.slice(0, 15).map((n, i) => `${i + 1}. ${n.text} _(${n.cost} cost; ${n.threat})_`),
  ];
  return `${out.join("\n")}\n`;
}
