import { HYGIENE_SIGNALS } from "./hygiene/signals.ts";
import { LICENSE_SIGNALS } from "./license/signals.ts";
import { PROVENANCE_SIGNALS } from "./provenance/signals.ts";
import { REGISTRY_SIGNALS } from "./registry-metadata/signals.ts";
import { SCORECARD_SIGNALS } from "./scorecard/signals.ts";
import type { Signal } from "./types.ts";
import { TYPOSQUAT_SIGNALS } from "./typosquat/signals.ts";

/**
 * Every signal Intake knows, in the order reports list them. A static list (no registration by
 * side effect): adding a signal means adding it here, and the registry test checks ids and docs.
 */
export const SIGNALS: Signal[] = [
  ...TYPOSQUAT_SIGNALS,
  ...HYGIENE_SIGNALS,
  ...LICENSE_SIGNALS,
  ...REGISTRY_SIGNALS,
  ...SCORECARD_SIGNALS,
  ...PROVENANCE_SIGNALS,
];

export function signalById(id: string): Signal | undefined {
  return SIGNALS.find((s) => s.definition.id === id);
}

/** Signal families (folders), for `--signals license,hygiene`. */
export function signalFamilies(): string[] {
  return [...new Set(SIGNALS.map((s) => s.definition.family))];
}
