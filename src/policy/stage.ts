import { existsSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { ScanResult } from "../core/result.ts";
import { displayPath } from "../inventory/read-input.ts";
import { applyBaseline, readBaseline } from "./baseline.ts";
import { evaluatePolicy } from "./evaluate.ts";
import {
  defaultPolicy,
  loadPolicy,
  loadWaiversFile,
  POLICY_FILE_NAME,
  presetPath,
  WAIVERS_FILE_NAME,
} from "./load.ts";
import type { CompiledPolicy, PolicySet, Waiver } from "./types.ts";
import { applyVex, readVexFile } from "./vex.ts";

/** Scan options for the evaluation stage (`intake scan --policy --vex --baseline`). */
export interface PolicyStageOptions {
  /** A policy file or preset name; when absent, intake.policy.yaml is looked for. */
  file?: string;
  /** VEX documents (OpenVEX or CycloneDX) whose not_affected / fixed statements suppress findings. */
  vex?: string[];
  /** A previous JSON result: report only what is new since. */
  baseline?: string;
  /** Folder relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
}

function folderOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

/** `dir` and every folder above it, deepest first. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (;;) {
    out.push(d);
    const up = dirname(d);
    if (up === d) return out;
    d = up;
  }
}

/**
 * Find and load the policies for a scan. With an explicit file (or preset) that one policy applies
 * everywhere. Otherwise every intake.policy.yaml in a scanned folder, a folder above it, or a folder
 * holding an input file is loaded; each extends the one in the nearest folder above it (unless it
 * says `root: true`), and a package is judged by the deepest one above its input file.
 */
export function buildPolicySet(
  targets: string[],
  inputPaths: string[],
  options: PolicyStageOptions = {},
): PolicySet {
  const cwd = options.cwd ?? process.cwd();
  const show = (p: string) => displayPath(p, cwd);
  const extraWaivers: Waiver[] = [];
  const waiverFiles = new Set<string>();
  const addWaivers = (dir: string) => {
    const f = resolve(dir, WAIVERS_FILE_NAME);
    if (waiverFiles.has(f) || !existsSync(f)) return;
    waiverFiles.add(f);
    extraWaivers.push(...loadWaiversFile(f, show(f)));
  };
  if (options.file) {
    const isPreset = presetPath(options.file) !== undefined && !existsSync(resolve(cwd, options.file));
    const root = isPreset
      ? loadPolicy(options.file)
      : loadPolicy(resolve(cwd, options.file), { display: options.file });
    if (!isPreset) addWaivers(dirname(resolve(cwd, options.file)));
    return { root, nested: [], cwd, extraWaivers };
  }
  const targetDirs = (targets.length ? targets : ["."]).map((t) => folderOf(resolve(cwd, t)));
  const dirs = new Set<string>();
  for (const t of targetDirs) for (const d of ancestors(t)) dirs.add(d);
  for (const p of inputPaths) {
    const abs = resolve(cwd, p);
    for (const d of ancestors(dirname(abs))) {
      if (dirs.has(d)) break;
      dirs.add(d);
    }
  }
  const found = [...dirs]
    .filter((d) => existsSync(resolve(d, POLICY_FILE_NAME)))
    .sort((a, b) => a.split(sep).length - b.split(sep).length || a.localeCompare(b));
  for (const d of dirs) addWaivers(d);
  if (found.length === 0) return { root: defaultPolicy(), nested: [], cwd, extraWaivers };
  const loaded: CompiledPolicy[] = [];
  for (const d of found) {
    const parent = [...loaded].reverse().find((p) => p.dir && (d === p.dir || d.startsWith(p.dir + sep)));
    const file = resolve(d, POLICY_FILE_NAME);
    loaded.push(loadPolicy(file, { display: show(file), ...(parent ? { parent } : {}) }));
  }
  // The root: the deepest policy above every scanned folder; otherwise the default.
  const covering = loaded.filter(
    (p) => p.dir && targetDirs.every((t) => t === p.dir || t.startsWith((p.dir as string) + sep)),
  );
  const root = covering.at(-1) ?? defaultPolicy();
  return { root, nested: loaded.filter((p) => p !== root), cwd, extraWaivers };
}

/**
 * The evaluation stage of the pipeline: VEX, then policy and waivers, then the baseline.
 * Fills `findings` (suppressions), `decisions`, `policy` and `notices` of the result.
 */
export function runPolicyStage(result: ScanResult, options: PolicyStageOptions, now: Date): void {
  const cwd = options.cwd ?? process.cwd();
  const set = buildPolicySet(
    result.targets,
    result.sources.map((s) => s.path),
    options,
  );
  if (options.vex?.length) {
    const docs = options.vex.map((f) => readVexFile(resolve(cwd, f)));
    for (const d of docs) d.file = displayPath(d.file, cwd);
    const vex = applyVex(result.findings, docs);
    result.findings = vex.findings;
    result.notices.push(...vex.notices);
  }
  const evaluation = evaluatePolicy(set, result, now);
  result.findings = evaluation.findings;
  result.decisions = evaluation.decisions;
  result.notices.push(...evaluation.notices);
  const notes = [...set.root.notes];
  if (set.root.chain.length > 1) notes.push(`built from ${set.root.chain.join(" → ")}`);
  for (const p of set.nested)
    notes.push(`${p.source} applies under ${displayPath(p.dir ?? "", cwd) || "."} (${p.rules.length} rules)`);
  if (options.vex?.length) notes.push(`VEX applied: ${options.vex.join(", ")}`);
  result.policy = { source: set.root.source, rules: set.root.rules.length, notes };
  if (set.root.name) result.policy.name = set.root.name;
  if (options.baseline) {
    const b = applyBaseline(result.findings, result.decisions, readBaseline(resolve(cwd, options.baseline)));
    result.findings = b.findings;
    result.decisions = b.decisions;
    result.notices.push(b.notice);
    notes.push(`pull-request mode: only what is new since ${options.baseline}`);
  }
}
