import { SCHEMA_VERSION, type ScanResult } from "../core/result.ts";
import { INTAKE_VERSION } from "../core/version.ts";
import { buildInventory, type Inventory, type InventoryOptions } from "../inventory/inventory.ts";
import type { PolicyStageOptions } from "../policy/stage.ts";
import { summarize } from "./summary.ts";

export interface ScanOptions extends InventoryOptions {
  /** Stop after the inventory (the `intake inventory` command). */
  inventoryOnly?: boolean;
  /** Never touch the network. */
  offline?: boolean;
  /** Fixed clock for reproducible output. */
  now?: Date;
  /** Progress messages (to stderr in the CLI). */
  progress?: (message: string) => void;
  /** Advisory store and OSV API settings (the matching stage, src/advisories). */
  advisories?: Omit<
    import("../advisories/scan-stage.ts").AdvisoryStageOptions,
    "offline" | "targets" | "now"
  >;
  /** Which trust signals to collect and their settings (src/signals). */
  signals?: Omit<import("../signals/collect.ts").SignalsOptions, "offline" | "now">;
  /** Policy file, VEX documents, baseline (the evaluation stage, src/policy). */
  policy?: PolicyStageOptions;
}

/**
 * The one pipeline: inventory → enrichment → evaluation. The CLI, the server and the proxy all
 * call this; none has a second implementation.
 */
export async function runScan(targets: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const inventory: Inventory = await buildInventory(targets, options);
  const result: ScanResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "intake", version: INTAKE_VERSION },
    generatedAt: now.toISOString(),
    targets,
    sources: inventory.sources,
    packages: inventory.packages,
    findings: [],
    signals: [],
    decisions: [],
    notices: [],
    summary: summarize(inventory.sources, inventory.packages.length, [], []),
  };
  if (options.inventoryOnly) return result;

  // Enrichment and evaluation stages are added below, each by its own module.

  // Known vulnerabilities and malicious packages (loaded lazily: `intake inventory` never needs it).
  const { findVulnerabilities } = await import("../advisories/scan-stage.ts");
  const matched = await findVulnerabilities(result.packages, {
    ...options.advisories,
    offline: options.offline,
    targets,
    now,
    progress: options.advisories?.progress ?? options.progress,
  });
  result.findings = matched.findings;
  result.notices.push(...matched.notices);

  // Trust signals (hygiene, licence, registry metadata, Scorecard, provenance); offline = cache only.
  const { collectSignals } = await import("../signals/collect.ts");
  result.signals = await collectSignals(result.packages, {
    ...options.signals,
    offline: options.offline,
    startDir: options.signals?.startDir ?? targets[0],
    now,
    progress: options.signals?.progress ?? options.progress,
  });

  // Evaluation: VEX, policy and waivers, baseline. Keep this the last stage before the summary.
  const { runPolicyStage } = await import("../policy/stage.ts");
  runPolicyStage(result, { cwd: options.cwd, ...options.policy }, now);

  result.summary = summarize(result.sources, result.packages.length, result.findings, result.decisions);
  return result;
}
