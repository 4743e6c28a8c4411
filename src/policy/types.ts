import type { Action } from "../core/result.ts";
import type { CompiledCondition } from "./cel.ts";
import type { OnUnknown } from "./schema.ts";

export interface RuleScope {
  ecosystems?: string[];
  /** Globs matched against input paths relative to `baseDir`. */
  paths?: string[];
  includeDev?: boolean;
  direct?: boolean;
}

/** A rule ready to evaluate: its condition compiled once. */
export interface CompiledRule {
  id: string;
  description: string;
  action: Action;
  message?: string;
  onUnknown: OnUnknown;
  scope?: RuleScope;
  remedy?: "upgrade" | "replace" | "waive" | "review";
  threats: string[];
  s2c2f: string[];
  condition: CompiledCondition;
  /** The file or preset the rule comes from. */
  origin: string;
  /** Absolute folder `scope.paths` are relative to (the folder of the policy file). */
  baseDir?: string;
}

export interface Waiver {
  id: string;
  package?: string;
  finding?: string;
  rule?: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD: the last day it applies. */
  expires: string;
  /** The file it was written in. */
  origin: string;
}

/** A policy with its `extends` and parent folders resolved. */
export interface CompiledPolicy {
  /** The file path, `default`, or `preset:NAME`. */
  source: string;
  name?: string;
  /** Absolute folder the policy governs (monorepos); undefined for the default and presets. */
  dir?: string;
  rules: CompiledRule[];
  waivers: Waiver[];
  /** Every file and preset that contributed, outermost first. */
  chain: string[];
  notes: string[];
}

/**
 * What evaluation applies: one policy per folder (monorepos) plus the one that applies everywhere
 * else. A package is judged by the policy of the deepest folder that contains its input file.
 */
export interface PolicySet {
  root: CompiledPolicy;
  /** Policies of subfolders, each already extending the policy above it. */
  nested: CompiledPolicy[];
  /** Resolves package location paths (display paths) to absolute paths. */
  cwd: string;
  /** Waivers from `intake.waivers.yaml` files and the like, applying everywhere. */
  extraWaivers?: Waiver[];
}
