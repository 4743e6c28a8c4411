import type { ScanResult } from "../core/result.ts";

export interface RenderOptions {
  /** Colour output (TTY and not --no-color). */
  color: boolean;
  /** Only what matters: summary and blocking items. */
  quiet: boolean;
  /** Show every detail (all signals, all paths). */
  verbose?: boolean;
  /** Terminal width for table layouts. */
  width?: number;
  /** Which command produced the result: `inventory` reporters show packages, `scan` shows findings first. */
  command: "scan" | "inventory";
  /** Fixed timestamp / ids for golden tests. */
  deterministic?: boolean;
}

/** A reporter takes a finished result and nothing else. */
export interface Reporter {
  id: string;
  description: string;
  /** File extension for --output suggestions. */
  extension: string;
  render(result: ScanResult, options: RenderOptions): string;
}
