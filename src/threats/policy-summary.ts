import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ThreatsError } from "./kb.ts";

/**
 * What coverage and assessment need to know about a policy: its rules, their action, the
 * threats and S2C2F ids they say they implement, and the text of their condition (to see which
 * signals and facts they look at). Built from the policy engine's loaded policy, or read from a
 * policy file directly.
 */
export interface PolicySummary {
  source: string;
  rules: PolicyRuleSummary[];
}

export interface PolicyRuleSummary {
  id: string;
  action: "block" | "warn" | "info";
  when?: string;
  threats?: string[];
  s2c2f?: string[];
}

/** Read the `rules` of a policy YAML file (no `extends` resolution: see src/policy for the full loader). */
export function readPolicySummary(path: string): PolicySummary {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ThreatsError("policy-unreadable", `cannot read policy: ${(e as Error).message}`, {
      file: path,
      cause: e,
    });
  }
  const rules = (doc as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) return { source: path, rules: [] };
  return { source: path, rules: rules.flatMap((r) => toRuleSummary(r)) };
}

export function toRuleSummary(r: unknown): PolicyRuleSummary[] {
  if (!r || typeof r !== "object") return [];
  const o = r as Record<string, unknown>;
  const action = o.action;
  if (typeof o.id !== "string" || (action !== "block" && action !== "warn" && action !== "info")) return [];
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
  return [
    {
      id: o.id,
      action,
      when: typeof o.when === "string" ? o.when : undefined,
      threats: strings(o.threats),
      s2c2f: strings(o.s2c2f),
    },
  ];
}

/** Words in a rule condition that show it looks at a capability's facts. */
const CAPABILITY_WORDS: Record<string, RegExp> = {
  "malicious-matching": /\bmalicious\b/,
  "vulnerability-matching": /\bvulns?\b|\bvulnerabilit/,
  "license-evaluation": /\blicen[cs]e\b/,
  scorecard: /\bscorecard\b/,
  "provenance-verification": /\bprovenance\b|hasVerifiedProvenance/,
  "integrity-check": /lacksIntegrity|\bintegrity\b/,
  inventory: /\bpackage\./,
};

/** Does the rule's condition mention this signal id or capability? */
export function ruleMentions(rule: PolicyRuleSummary, signalOrCapability: string): boolean {
  const when = rule.when ?? "";
  const word = CAPABILITY_WORDS[signalOrCapability];
  if (word) return word.test(when);
  return new RegExp(`\\b${signalOrCapability}\\b`).test(when);
}
