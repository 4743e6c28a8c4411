import { readFileSync } from "node:fs";
import { parse as parseDocument } from "yaml";
import type { ScanResult } from "../core/result.ts";
import { type KnowledgeBase, ThreatsError } from "./kb.ts";
import { type PolicySummary, ruleMentions } from "./policy-summary.ts";

export type Answer = "yes" | "no" | "partial" | "n/a";

export interface RequirementResult {
  id: string;
  practice: string;
  level: number;
  title: string;
  met: boolean;
  /** `observed` when Intake saw the evidence itself, `answered` from the answers file, `missing` otherwise. */
  basis: "observed" | "answered" | "missing";
  evidence: string;
}

export interface Assessment {
  /** Highest S2C2F level whose requirements (and all lower ones) are all met; 0 when level 1 is not. */
  level: number;
  targetLevel?: number;
  archetype?: string;
  practices: { practice: string; level: number; met: number; total: number }[];
  requirements: RequirementResult[];
  /** Exactly what stands between the current level and the next one. */
  nextLevelBlockers: RequirementResult[];
}

export interface AssessInput {
  scan?: ScanResult;
  policy?: PolicySummary;
  answers?: Record<string, { answer: Answer; note?: string }>;
  archetype?: { id: string; targetLevel: number };
}

type Observation = { met: boolean; evidence: string } | undefined;

/** What Intake can see for itself, per requirement. Undefined means it cannot tell. */
function observe(id: string, input: AssessInput): Observation {
  const { scan, policy } = input;
  const rules = policy?.rules ?? [];
  const blocks = (word: string) => rules.some((r) => r.action === "block" && ruleMentions(r, word));
  const anyRule = (word: string) => rules.some((r) => ruleMentions(r, word));
  const signalSeen = (sig: string) =>
    scan?.signals.some((s) => s.id === sig && (s.outcome === "yes" || s.outcome === "no"));
  switch (id) {
    case "INV-1":
      if (!scan) return undefined;
      return scan.packages.length > 0
        ? {
            met: true,
            evidence: `inventory of ${scan.packages.length} packages from ${scan.sources.length} sources`,
          }
        : { met: false, evidence: "the scan found no packages" };
    case "SCA-1":
      if (!policy && !scan) return undefined;
      if (anyRule("vulnerability-matching"))
        return { met: true, evidence: "the policy has rules on known vulnerabilities" };
      if (scan?.findings.some((f) => f.kind === "vulnerability"))
        return { met: true, evidence: "the scan matched known vulnerabilities" };
      return { met: false, evidence: "no vulnerability rule in the policy" };
    case "SCA-2":
      if (!policy) return undefined;
      return anyRule("license-evaluation")
        ? { met: true, evidence: "the policy has licence rules" }
        : { met: false, evidence: "the policy has no licence rule" };
    case "SCA-3":
      if (!policy && !scan) return undefined;
      if (anyRule("isDeprecated") || anyRule("isUnmaintained"))
        return { met: true, evidence: "the policy looks at deprecated or unmaintained packages" };
      if (signalSeen("isDeprecated") || signalSeen("isUnmaintained"))
        return { met: true, evidence: "end-of-life signals were collected in the scan" };
      return { met: false, evidence: "nothing checks for deprecated or unmaintained packages" };
    case "SCA-4":
    case "ING-3":
      if (!policy) return undefined;
      return blocks("malicious-matching")
        ? { met: true, evidence: "the policy blocks packages in malicious-package data" }
        : { met: false, evidence: "the policy does not block malicious packages" };
    case "AUD-1":
      if (!policy && !scan) return undefined;
      if (anyRule("provenance-verification"))
        return { met: true, evidence: "the policy requires verified provenance" };
      if (signalSeen("hasVerifiedProvenance"))
        return { met: true, evidence: "provenance was verified in the scan" };
      return { met: false, evidence: "provenance is not verified" };
    case "AUD-3": {
      if (!scan || scan.packages.length === 0) return undefined;
      const registry = scan.packages.filter((p) => !p.source || p.source === "registry");
      if (registry.length === 0) return undefined;
      const withHash = registry.filter((p) => p.integrity || (p.hashes && p.hashes.length > 0)).length;
      const share = withHash / registry.length;
      return {
        met: share >= 0.95,
        evidence: `${withHash} of ${registry.length} registry packages have integrity hashes (${Math.round(share * 100)}%)`,
      };
    }
    case "UPD-3":
      return undefined;
    default:
      return undefined;
  }
}

/** S2C2F maturity: observed evidence first, the answers file for the rest. */
export function assessS2C2F(kb: KnowledgeBase, input: AssessInput): Assessment {
  const requirements: RequirementResult[] = kb.frameworks.s2c2f.map((r) => {
    const seen = observe(r.id, input);
    const answered = input.answers?.[r.id];
    if (seen?.met) return { ...r, met: true, basis: "observed", evidence: seen.evidence };
    if (answered && (answered.answer === "yes" || answered.answer === "n/a")) {
      const note = answered.note ? `: ${answered.note}` : "";
      const evidence = `answered ${answered.answer}${note}${seen ? ` (Intake observed: ${seen.evidence})` : ""}`;
      return { ...r, met: true, basis: "answered", evidence };
    }
    if (seen) return { ...r, met: false, basis: "observed", evidence: seen.evidence };
    if (answered)
      return {
        ...r,
        met: false,
        basis: "answered",
        evidence: `answered ${answered.answer}${answered.note ? `: ${answered.note}` : ""}`,
      };
    return {
      ...r,
      met: false,
      basis: "missing",
      evidence: "no evidence: answer it in the assessment answers file",
    };
  });
  let level = 0;
  for (let l = 1; l <= 4; l++) {
    if (requirements.filter((r) => r.level <= l).every((r) => r.met)) level = l;
    else break;
  }
  const practices = [...new Set(requirements.map((r) => r.practice))].map((practice) => {
    const reqs = requirements.filter((r) => r.practice === practice);
    let pl = 0;
    for (let l = 1; l <= 4; l++) {
      if (reqs.filter((r) => r.level <= l).every((r) => r.met)) pl = l;
      else break;
    }
    return { practice, level: pl, met: reqs.filter((r) => r.met).length, total: reqs.length };
  });
  const nextLevelBlockers = level >= 4 ? [] : requirements.filter((r) => r.level <= level + 1 && !r.met);
  const out: Assessment = { level, practices, requirements, nextLevelBlockers };
  if (input.archetype) {
    out.archetype = input.archetype.id;
    out.targetLevel = input.archetype.targetLevel;
  }
  return out;
}

/** A commented answers file with one question per S2C2F requirement (`intake assess --init`). */
export function answersTemplate(kb: KnowledgeBase): string {
  const lines = [
    "# Intake S2C2F assessment answers.",
    "# For each requirement Intake cannot observe by itself, say yes, no, partial or n/a, and add a",
    "# note saying where the evidence is. Intake's own observations (from --scan and --policy) take",
    "# precedence when they show a requirement is met.",
    "answers:",
  ];
  for (const r of kb.frameworks.s2c2f) {
    lines.push(`  # ${r.id} (level ${r.level}, ${r.practice}): ${r.title}`);
    lines.push(`  ${r.id}: { answer: no, note: "" }`);
  }
  return `${lines.join("\n")}\n`;
}

const ANSWERS = new Set(["yes", "no", "partial", "n/a"]);

export function readAnswers(
  kb: KnowledgeBase,
  path: string,
): Record<string, { answer: Answer; note?: string }> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ThreatsError(
      "answers-invalid",
      `cannot read answers file (${(e as NodeJS.ErrnoException).code})`,
      {
        file: path,
        cause: e,
      },
    );
  }
  const doc = parseDocument(text, { prettyErrors: true }) as unknown;
  const answers = (doc as { answers?: unknown })?.answers;
  if (!answers || typeof answers !== "object")
    throw new ThreatsError(
      "answers-invalid",
      "expected an 'answers:' map (create one with intake assess --init)",
      {
        file: path,
      },
    );
  const known = new Set(kb.frameworks.s2c2f.map((r) => r.id));
  const out: Record<string, { answer: Answer; note?: string }> = {};
  for (const [id, value] of Object.entries(answers as Record<string, unknown>)) {
    if (!known.has(id))
      throw new ThreatsError("answers-invalid", `unknown S2C2F requirement '${id}'`, { file: path });
    const v = typeof value === "string" ? { answer: value } : (value as { answer?: unknown; note?: unknown });
    if (!v || typeof v.answer !== "string" || !ANSWERS.has(v.answer))
      throw new ThreatsError("answers-invalid", `${id}: answer must be one of yes, no, partial, n/a`, {
        file: path,
      });
    out[id] = {
      answer: v.answer as Answer,
      ...(typeof v.note === "string" && v.note ? { note: v.note } : {}),
    };
  }
  return out;
}
