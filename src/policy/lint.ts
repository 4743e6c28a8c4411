import type { CompiledPolicy } from "./types.ts";

/** S2C2F requirement ids (the framework's practices: ingest, scan, inventory, update, audit, enforce, rebuild, fix). */
export const S2C2F_IDS: ReadonlySet<string> = new Set([
  "ING-1",
  "ING-2",
  "ING-3",
  "ING-4",
  "SCA-1",
  "SCA-2",
  "SCA-3",
  "SCA-4",
  "SCA-5",
  "INV-1",
  "INV-2",
  "UPD-1",
  "UPD-2",
  "UPD-3",
  "AUD-1",
  "AUD-2",
  "AUD-3",
  "AUD-4",
  "ENF-1",
  "ENF-2",
  "REB-1",
  "REB-2",
  "REB-3",
  "REB-4",
  "FIX-1",
]);

export interface PolicyLintContext {
  /** Ids of the signals Intake can collect; a rule reading any other id always sees `unknown`. */
  signalIds: ReadonlySet<string>;
  /** Ids of the threats in the knowledge base. */
  threatIds: ReadonlySet<string>;
}

/**
 * Things that are valid but almost certainly mistakes: a misspelt signal id (the rule then only
 * ever sees `unknown`), a threat or S2C2F id that does not exist. Pure; the caller supplies the
 * known ids, so the policy module does not depend on the signal and threat modules.
 */
export function lintPolicy(policy: CompiledPolicy, known: PolicyLintContext): string[] {
  const out: string[] = [];
  for (const r of policy.rules) {
    for (const id of r.condition.signalIds)
      if (!known.signalIds.has(id))
        out.push(
          `${r.origin}: rule '${r.id}' reads signal '${id}', which no collector provides (it will always be unknown)`,
        );
    for (const t of r.threats)
      if (!known.threatIds.has(t)) out.push(`${r.origin}: rule '${r.id}' names unknown threat '${t}'`);
    for (const s of r.s2c2f)
      if (!S2C2F_IDS.has(s)) out.push(`${r.origin}: rule '${r.id}' names unknown S2C2F requirement '${s}'`);
  }
  return out;
}
