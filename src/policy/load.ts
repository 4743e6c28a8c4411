import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileCondition, isCelProblem } from "./cel.ts";
import { PolicyError, type PolicyErrorCode, type PolicyProblem } from "./errors.ts";
import {
  type PolicyDocument,
  PolicySchema,
  type RuleDocument,
  type WaiverDocument,
  WaiversFileSchema,
} from "./schema.ts";
import type { CompiledPolicy, CompiledRule, Waiver } from "./types.ts";
import { locate, locateInScalar, parseYamlSource, type YamlSource, zodProblems } from "./yaml-source.ts";

export const POLICY_FILE_NAME = "intake.policy.yaml";
export const WAIVERS_FILE_NAME = "intake.waivers.yaml";

/** Shipped presets: S2C2F-aligned levels and consumer archetypes. */
export const PRESETS = [
  "default",
  "baseline",
  "standard",
  "strict",
  "small-team",
  "enterprise",
  "regulated",
  "individual",
] as const;
export type PresetName = (typeof PRESETS)[number];

const PRESET_DIR = fileURLToPath(new URL("./presets/", import.meta.url));

export function presetPath(name: string): string | undefined {
  return (PRESETS as readonly string[]).includes(name) ? resolve(PRESET_DIR, `${name}.yaml`) : undefined;
}

interface Parsed {
  src: YamlSource;
  doc: PolicyDocument;
}

/** Parse and validate one policy file's text (no `extends` resolution). Throws PolicyError with every problem. */
export function parsePolicyText(
  file: string,
  text: string,
  /** The absolute folder of the file (`scope.paths` are relative to it); undefined for presets. */
  baseDir?: string,
): { doc: PolicyDocument; rules: CompiledRule[]; waivers: Waiver[]; src: YamlSource } {
  const { src, doc } = validate(file, text);
  const problems: PolicyProblem[] = [];
  const rules = compileRules(src, doc, problems, baseDir);
  if (problems.length > 0) throwProblems("policy-cel", problems);
  const waivers = (doc.waivers ?? []).map((w, i) => toWaiver(w, i, file));
  const seen = new Map<string, number>();
  for (const [i, r] of (doc.rules ?? []).entries()) {
    if (seen.has(r.id))
      problems.push({
        file,
        ...locate(src, ["rules", i, "id"]),
        path: `rules.${i}.id`,
        message: `rules.${i}.id: duplicate rule id '${r.id}' (also rules.${seen.get(r.id)})`,
      });
    seen.set(r.id, i);
  }
  if (problems.length > 0) throwProblems("policy-schema", problems);
  return { doc, rules, waivers, src };
}

function validate(file: string, text: string): Parsed {
  const src = parseYamlSource(file, text);
  const value = src.value ?? {};
  const parsed = PolicySchema.safeParse(value);
  if (!parsed.success) throwProblems("policy-schema", zodProblems(src, parsed.error.issues));
  return { src, doc: parsed.data as PolicyDocument };
}

function compileRules(
  src: YamlSource,
  doc: PolicyDocument,
  problems: PolicyProblem[],
  baseDir: string | undefined,
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const [i, r] of (doc.rules ?? []).entries()) {
    const compiled = compileCondition(r.when);
    if (isCelProblem(compiled)) {
      const loc =
        compiled.offset !== undefined
          ? locateInScalar(src, ["rules", i, "when"], compiled.offset)
          : locate(src, ["rules", i, "when"]);
      problems.push({
        file: src.file,
        ...loc,
        path: `rules.${i}.when`,
        message: `rule '${r.id}': invalid condition: ${compiled.message}`,
      });
      continue;
    }
    out.push(toRule(r, compiled, src.file, baseDir, doc.defaults?.onUnknown));
  }
  return out;
}

function toRule(
  r: RuleDocument,
  condition: CompiledRule["condition"],
  origin: string,
  baseDir: string | undefined,
  defaultOnUnknown: CompiledRule["onUnknown"] | undefined,
): CompiledRule {
  const rule: CompiledRule = {
    id: r.id,
    description: r.description,
    action: r.action,
    onUnknown: r.onUnknown ?? defaultOnUnknown ?? "no-match",
    threats: r.threats ?? [],
    s2c2f: r.s2c2f ?? [],
    condition,
    origin,
  };
  if (r.message !== undefined) rule.message = r.message;
  if (r.scope !== undefined) rule.scope = r.scope;
  if (r.remedy !== undefined) rule.remedy = r.remedy;
  if (baseDir !== undefined) rule.baseDir = baseDir;
  return rule;
}

function toWaiver(w: WaiverDocument, index: number, origin: string): Waiver {
  const waiver: Waiver = {
    id: w.id ?? `${origin}#${index + 1}`,
    reason: w.reason,
    owner: w.owner,
    expires: w.expires,
    origin,
  };
  if (w.package !== undefined) waiver.package = w.package;
  if (w.finding !== undefined) waiver.finding = w.finding;
  if (w.rule !== undefined) waiver.rule = w.rule;
  return waiver;
}

function throwProblems(code: PolicyErrorCode, problems: PolicyProblem[]): never {
  const first = problems[0];
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  throw new PolicyError(code, `${first.message}${more}`, {
    file: first.file,
    line: first.line,
    column: first.column,
    problems,
  });
}

function readPolicyText(file: string, code: PolicyErrorCode = "policy-unreadable"): string {
  if (!existsSync(file)) throw new PolicyError("policy-not-found", `policy file not found`, { file });
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyError(code, `cannot read policy file: ${(e as Error).message}`, { file, cause: e });
  }
}

export interface LoadOptions {
  /** The policy of the folder above (monorepos): this file extends it unless it says `root: true`. */
  parent?: CompiledPolicy;
  /** Display name for the file in messages (defaults to the path as given). */
  display?: string;
}

/** Load a policy file or preset name, resolving `extends` (presets and relative files). */
export function loadPolicy(fileOrPreset: string, options: LoadOptions = {}): CompiledPolicy {
  return load(fileOrPreset, options, []);
}

function load(ref: string, options: LoadOptions, stack: string[]): CompiledPolicy {
  const preset = presetPath(ref);
  const file = preset ?? resolve(ref);
  const display = preset ? `preset:${ref}` : (options.display ?? ref);
  if (stack.includes(file))
    throw new PolicyError(
      "policy-extends",
      `'extends' goes round in a circle: ${[...stack, file].join(" → ")}`,
      {
        file: display,
      },
    );
  const text = readPolicyText(file);
  const { doc, rules, waivers, src } = parsePolicyText(display, text, preset ? undefined : dirname(file));
  const isPreset = preset !== undefined;

  // Start from the parent folder's policy (monorepos), then each `extends` in order, then own rules.
  const merged: CompiledPolicy = {
    source: display,
    rules: [],
    waivers: [],
    chain: [],
    notes: [],
  };
  if (!isPreset) merged.dir = dirname(file);
  if (doc.name !== undefined) merged.name = doc.name;
  if (options.parent && !doc.root) addAll(merged, options.parent);
  const bases = doc.extends === undefined ? [] : Array.isArray(doc.extends) ? doc.extends : [doc.extends];
  for (const [i, base] of bases.entries()) {
    const baseRef = presetPath(base) ? base : isAbsolute(base) ? base : resolve(dirname(file), base);
    if (!presetPath(base) && !existsSync(baseRef))
      throw new PolicyError(
        "policy-extends",
        `extends '${base}': neither a preset (${PRESETS.join(", ")}) nor an existing file`,
        { file: display, ...locate(src, Array.isArray(doc.extends) ? ["extends", i] : ["extends"]) },
      );
    addAll(merged, load(baseRef, { display: presetPath(base) ? undefined : base }, [...stack, file]));
  }
  for (const r of rules) upsertRule(merged.rules, r);
  for (const id of doc.disable ?? []) merged.rules = merged.rules.filter((r) => r.id !== id);
  const disabled = new Set((doc.rules ?? []).filter((r) => r.enabled === false).map((r) => r.id));
  if (disabled.size) merged.rules = merged.rules.filter((r) => !disabled.has(r.id));
  merged.waivers.push(...waivers);
  merged.chain.push(display);
  if (doc.description) merged.notes.push(doc.description);
  return merged;
}

function addAll(into: CompiledPolicy, from: CompiledPolicy): void {
  for (const r of from.rules) upsertRule(into.rules, r);
  into.waivers.push(...from.waivers);
  for (const c of from.chain) if (!into.chain.includes(c)) into.chain.push(c);
  if (into.name === undefined && from.name !== undefined) into.name = from.name;
}

function upsertRule(rules: CompiledRule[], rule: CompiledRule): void {
  const i = rules.findIndex((r) => r.id === rule.id);
  if (i >= 0) rules[i] = rule;
  else rules.push(rule);
}

/** The built-in policy used when no policy file is found. */
export function defaultPolicy(): CompiledPolicy {
  const p = load("default", {}, []);
  p.source = "default";
  p.notes = [
    "No intake.policy.yaml was found, so the default policy applies: malicious packages are blocked, " +
      "critical and high vulnerabilities that have a fix are blocked, every other finding is a warning. " +
      "Run `intake policy init` to write your own.",
  ];
  return p;
}

/** Read a standalone waivers file (`intake.waivers.yaml`). */
export function loadWaiversFile(file: string, display = file): Waiver[] {
  const text = readPolicyText(file, "waivers-invalid");
  const src = parseYamlSource(display, text, "waivers-invalid");
  const parsed = WaiversFileSchema.safeParse(src.value ?? {});
  if (!parsed.success) throwProblems("waivers-invalid", zodProblems(src, parsed.error.issues));
  return parsed.data.waivers.map((w, i) => toWaiver(w, i, display));
}
