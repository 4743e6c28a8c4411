import { existsSync } from "node:fs";
import { type PolicySummary, readPolicySummary } from "./policy-summary.ts";

/**
 * The policy to judge coverage against: the given file, else intake.policy.yaml in the current
 * folder, else none. (Wired to the policy engine's loader so that `extends:` presets count.)
 */
export async function loadPolicyForCoverage(file?: string): Promise<PolicySummary | undefined> {
  const path = file ?? (existsSync("intake.policy.yaml") ? "intake.policy.yaml" : undefined);
  if (!path) return undefined;
  return readPolicySummary(path);
}
