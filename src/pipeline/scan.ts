import { SCHEMA_VERSION, type ScanResult } from "../core/result.ts";
import { INTAKE_VERSION } from "../core/version.ts";
import { buildInventory, type Inventory, type InventoryOptions } from "../inventory/inventory.ts";
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

  result.summary = summarize(result.sources, result.packages.length, result.findings, result.decisions);
  return result;
}
