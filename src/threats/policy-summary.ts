/**
 * What coverage and assessment need to know about a policy: its rules, their action, the
 * threats and S2C2F ids they say they implement, and the text of their condition (to see which
 * signals and facts they look at). Built from the policy engine's loaded policy
 * (see policy-source.ts).
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
