import { existsSync } from "node:fs";
import { defaultPolicy, loadPolicy, POLICY_FILE_NAME } from "../policy/load.ts";
import type { CompiledPolicy } from "../policy/types.ts";
import type { PolicySummary } from "./policy-summary.ts";

/** The coverage view of a loaded policy: rule ids, actions, conditions and what they say they implement. */
export function summarizePolicy(policy: CompiledPolicy): PolicySummary {
  return {
    source: policy.source,
    rules: policy.rules.map((r) => ({
      id: r.id,
      action: r.action,
      when: r.condition.source,
      threats: r.threats,
      s2c2f: r.s2c2f,
    })),
  };
}

/**
 * The policy to judge coverage against, loaded by the policy engine (so `extends:` presets
 * count): the given file or preset name, else intake.policy.yaml in the current folder, else
 * Intake's default policy.
 */
export async function loadPolicyForCoverage(fileOrPreset?: string): Promise<PolicySummary> {
  const ref = fileOrPreset ?? (existsSync(POLICY_FILE_NAME) ? POLICY_FILE_NAME : undefined);
  return summarizePolicy(ref ? loadPolicy(ref) : defaultPolicy());
}
