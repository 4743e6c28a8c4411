import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { IntakeError } from "../core/errors.ts";
import {
  type Archetype,
  ArchetypeSchema,
  type Attack,
  AttackSchema,
  type Capability,
  CapabilitySchema,
  type Frameworks,
  FrameworksSchema,
  type Threat,
  ThreatSchema,
} from "./schema.ts";

export type ThreatsErrorCode = "kb-invalid" | "kb-reference" | "answers-invalid";

export class ThreatsError extends IntakeError<ThreatsErrorCode> {}

/** The knowledge base: threats, attacks, frameworks, Intake's capabilities and consumer archetypes. */
export interface KnowledgeBase {
  threats: Threat[];
  attacks: Attack[];
  frameworks: Frameworks;
  capabilities: Capability[];
  archetypes: Archetype[];
}

export const KB_DIR = join(dirname(fileURLToPath(import.meta.url)), "data");

function loadList<T>(file: string, key: string, schema: z.ZodType<T>): T[] {
  const path = join(KB_DIR, file);
  const doc = parseYaml(readFileSync(path, "utf8")) as Record<string, unknown> | null;
  const list = doc?.[key];
  if (!Array.isArray(list)) throw new ThreatsError("kb-invalid", `expected a '${key}' list`, { file: path });
  return list.map((item, i) => {
    const r = schema.safeParse(item);
    if (!r.success) {
      const where = (item as { id?: string })?.id ?? `#${i + 1}`;
      const issue = r.error.issues[0];
      throw new ThreatsError(
        "kb-invalid",
        `${key} ${where}: ${issue.path.join(".") || "(entry)"}: ${issue.message}`,
        {
          file: path,
        },
      );
    }
    return r.data;
  });
}

let cached: KnowledgeBase | undefined;

/** Load and validate the knowledge base (schema and references). Cached after the first call. */
export function loadKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const fwPath = join(KB_DIR, "frameworks.yaml");
  const fw = FrameworksSchema.safeParse(parseYaml(readFileSync(fwPath, "utf8")));
  if (!fw.success) {
    const issue = fw.error.issues[0];
    throw new ThreatsError("kb-invalid", `${issue.path.join(".")}: ${issue.message}`, { file: fwPath });
  }
  const kb: KnowledgeBase = {
    threats: loadList("threats.yaml", "threats", ThreatSchema),
    attacks: loadList("attacks.yaml", "attacks", AttackSchema),
    capabilities: loadList("capabilities.yaml", "capabilities", CapabilitySchema),
    archetypes: loadList("archetypes.yaml", "archetypes", ArchetypeSchema),
    frameworks: fw.data,
  };
  const problems = checkReferences(kb);
  if (problems.length > 0) throw new ThreatsError("kb-reference", problems.join("; "), { file: KB_DIR });
  cached = kb;
  return kb;
}

/**
 * Every id a threat, attack or control refers to must exist. `signalIds`, when given, also
 * checks Intake signal references against the signal registry.
 */
export function checkReferences(kb: KnowledgeBase, signalIds?: Set<string>): string[] {
  const problems: string[] = [];
  const threatIds = new Set<string>();
  for (const t of kb.threats) {
    if (threatIds.has(t.id)) problems.push(`duplicate threat id ${t.id}`);
    threatIds.add(t.id);
  }
  const attackIds = new Set<string>();
  for (const a of kb.attacks) {
    if (attackIds.has(a.id)) problems.push(`duplicate attack id ${a.id}`);
    attackIds.add(a.id);
  }
  const s2c2f = new Set(kb.frameworks.s2c2f.map((r) => r.id));
  const slsa = new Set(kb.frameworks.slsa.threats.map((r) => r.id));
  const scorecard = new Set(kb.frameworks.scorecard.map((r) => r.id));
  const caps = new Set(kb.capabilities.map((c) => c.id));
  for (const t of kb.threats) {
    for (const x of t.s2c2f)
      if (!s2c2f.has(x)) problems.push(`threat ${t.id}: unknown S2C2F requirement ${x}`);
    for (const x of t.slsa) if (!slsa.has(x)) problems.push(`threat ${t.id}: unknown SLSA threat ${x}`);
    for (const x of t.scorecard)
      if (!scorecard.has(x)) problems.push(`threat ${t.id}: unknown Scorecard check ${x}`);
    for (const x of t.intake.capabilities)
      if (!caps.has(x)) problems.push(`threat ${t.id}: unknown capability ${x}`);
    if (signalIds)
      for (const x of t.intake.signals)
        if (!signalIds.has(x)) problems.push(`threat ${t.id}: unknown signal ${x}`);
    for (const c of t.controls) {
      if (c.s2c2f && !s2c2f.has(c.s2c2f))
        problems.push(`threat ${t.id}: control names unknown S2C2F ${c.s2c2f}`);
      if (c.capability && !caps.has(c.capability))
        problems.push(`threat ${t.id}: control names unknown capability ${c.capability}`);
      if (c.signal && signalIds && !signalIds.has(c.signal))
        problems.push(`threat ${t.id}: control names unknown signal ${c.signal}`);
    }
  }
  for (const a of kb.attacks)
    for (const x of a.threats) if (!threatIds.has(x)) problems.push(`attack ${a.id}: unknown threat ${x}`);
  for (const u of kb.frameworks.unmapped) {
    const known =
      u.framework === "s2c2f"
        ? s2c2f
        : u.framework === "slsa"
          ? slsa
          : u.framework === "scorecard"
            ? scorecard
            : undefined;
    if (!known?.has(u.id)) problems.push(`unmapped entry names unknown ${u.framework} id ${u.id}`);
  }
  return problems;
}

/** Framework ids that no threat maps to and that are not listed as deliberately unmapped. */
export function unmappedFrameworkIds(kb: KnowledgeBase): { framework: string; id: string }[] {
  const used = { s2c2f: new Set<string>(), slsa: new Set<string>(), scorecard: new Set<string>() };
  for (const t of kb.threats) {
    for (const x of t.s2c2f) used.s2c2f.add(x);
    for (const x of t.slsa) used.slsa.add(x);
    for (const x of t.scorecard) used.scorecard.add(x);
  }
  const excused = new Set(kb.frameworks.unmapped.map((u) => `${u.framework}:${u.id}`));
  const out: { framework: string; id: string }[] = [];
  const add = (framework: keyof typeof used, ids: string[]) => {
    for (const id of ids)
      if (!used[framework].has(id) && !excused.has(`${framework}:${id}`)) out.push({ framework, id });
  };
  add(
    "s2c2f",
    kb.frameworks.s2c2f.map((r) => r.id),
  );
  add(
    "slsa",
    kb.frameworks.slsa.threats.map((r) => r.id),
  );
  add(
    "scorecard",
    kb.frameworks.scorecard.map((r) => r.id),
  );
  return out;
}

export function threatById(kb: KnowledgeBase, id: string): Threat | undefined {
  return kb.threats.find((t) => t.id === id);
}

/** How many attacks in the catalogue realized each threat. */
export function attackCounts(kb: KnowledgeBase): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of kb.threats) m.set(t.id, 0);
  for (const a of kb.attacks) for (const t of a.threats) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export interface AttackFilter {
  year?: number;
  since?: number;
  ecosystem?: string;
  threat?: string;
}

export function filterAttacks(kb: KnowledgeBase, f: AttackFilter): Attack[] {
  return kb.attacks
    .filter((a) => f.year === undefined || a.year === f.year)
    .filter((a) => f.since === undefined || a.year >= f.since)
    .filter((a) => !f.ecosystem || a.ecosystems.some((e) => e.toLowerCase() === f.ecosystem!.toLowerCase()))
    .filter((a) => !f.threat || a.threats.includes(f.threat))
    .sort((a, b) => b.year - a.year || a.name.localeCompare(b.name));
}
