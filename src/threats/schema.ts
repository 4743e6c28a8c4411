import { z } from "zod";

/** Lifecycle stages of consumption, in order. */
export const STAGES = ["choose", "ingest", "build", "run", "respond"] as const;
export type Stage = (typeof STAGES)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by dashes");
const cost = z.enum(["low", "medium", "high"]);

export const ControlSchema = z
  .object({
    text: z.string().min(10),
    cost,
    signal: z.string().optional(),
    capability: z.string().optional(),
    s2c2f: z.string().optional(),
  })
  .strict()
  .refine((c) => [c.signal, c.capability, c.s2c2f].filter(Boolean).length === 1, {
    message: "a control names exactly one of signal, capability or s2c2f",
  });

export const ThreatSchema = z
  .object({
    id,
    title: z.string().min(3),
    stage: z.enum(STAGES),
    impact: z.number().int().min(1).max(5),
    description: z.string().min(40),
    observable: z.string().min(10),
    slsa: z.array(z.string()),
    s2c2f: z.array(z.string()),
    scorecard: z.array(z.string()),
    sap: z.array(z.string().regex(/^AV-\d{3}$/)),
    intake: z.object({ signals: z.array(z.string()), capabilities: z.array(z.string()) }).strict(),
    controls: z.array(ControlSchema).min(1),
  })
  .strict();

export const AttackSchema = z
  .object({
    id,
    name: z.string().min(2),
    year: z.number().int().min(1970).max(2100),
    ecosystems: z.array(z.string()).min(1),
    vectors: z.array(z.string().regex(/^AV-\d{3}$/)).min(1),
    threats: z.array(z.string()).min(1),
    summary: z.string().min(30),
    references: z.array(z.url()).min(1),
  })
  .strict();

export const CapabilitySchema = z.object({ id, title: z.string() }).strict();

export const FrameworksSchema = z
  .object({
    s2c2f: z.array(
      z
        .object({
          id: z.string().regex(/^[A-Z]{3}-\d$/),
          practice: z.string(),
          level: z.number().int().min(1).max(4),
          title: z.string(),
        })
        .strict(),
    ),
    slsa: z
      .object({
        threats: z.array(z.object({ id: z.string(), group: z.string(), title: z.string() }).strict()),
        levels: z.array(
          z
            .object({ id: z.string(), track: z.string(), level: z.number().int(), title: z.string() })
            .strict(),
        ),
      })
      .strict(),
    scorecard: z.array(
      z.object({ id: z.string(), risk: z.enum(["critical", "high", "medium", "low"]) }).strict(),
    ),
    unmapped: z.array(z.object({ framework: z.string(), id: z.string(), reason: z.string() }).strict()),
  })
  .strict();

export const ArchetypeSchema = z
  .object({
    id,
    title: z.string(),
    description: z.string(),
    targetLevel: z.number().int().min(1).max(4),
    preset: z.string(),
  })
  .strict();

export type Threat = z.infer<typeof ThreatSchema>;
export type Attack = z.infer<typeof AttackSchema>;
export type Capability = z.infer<typeof CapabilitySchema>;
export type Frameworks = z.infer<typeof FrameworksSchema>;
export type Archetype = z.infer<typeof ArchetypeSchema>;
export type Control = z.infer<typeof ControlSchema>;
