import type { KnowledgeBase } from "./kb.ts";

export interface MatrixRow {
  threat: string;
  title: string;
  stage: string;
  slsa: string[];
  s2c2f: string[];
  scorecard: string[];
  intake: string[];
}

export interface Matrix {
  rows: MatrixRow[];
  /** Threats each framework leaves uncovered. */
  gaps: { slsa: string[]; s2c2f: string[]; scorecard: string[]; intake: string[]; everyFramework: string[] };
}

/** Threats × frameworks and Intake, with the gaps where nothing covers a threat. */
export function buildMatrix(kb: KnowledgeBase): Matrix {
  const rows: MatrixRow[] = kb.threats.map((t) => ({
    threat: t.id,
    title: t.title,
    stage: t.stage,
    slsa: t.slsa,
    s2c2f: t.s2c2f,
    scorecard: t.scorecard,
    intake: [...t.intake.signals, ...t.intake.capabilities],
  }));
  const empty = (k: "slsa" | "s2c2f" | "scorecard" | "intake") =>
    rows.filter((r) => r[k].length === 0).map((r) => r.threat);
  return {
    rows,
    gaps: {
      slsa: empty("slsa"),
      s2c2f: empty("s2c2f"),
      scorecard: empty("scorecard"),
      intake: empty("intake"),
      everyFramework: rows
        .filter((r) => r.slsa.length === 0 && r.s2c2f.length === 0 && r.scorecard.length === 0)
        .map((r) => r.threat),
    },
  };
}
