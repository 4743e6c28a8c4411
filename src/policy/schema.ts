import { z } from "zod";

/**
 * The `intake.policy.yaml` schema. The published JSON Schema (`schemas/intake.policy.schema.json`)
 * is generated from this with `z.toJSONSchema` (`node src/policy/write-json-schema.ts`); a test
 * checks that the committed file is current.
 */

export const ActionSchema = z.enum(["block", "warn", "info"]).describe("what a match means");

export const OnUnknownSchema = z
  .enum(["match", "no-match", "warn"])
  .describe(
    "what to do when the condition is false (or fails) and a signal it reads is unknown or errored: " +
      "`match` fires the rule, `no-match` does not, `warn` fires it with action warn",
  );

export const RuleScopeSchema = z
  .object({
    ecosystems: z.array(z.string().min(1)).optional().describe("only packages of these OSV ecosystems"),
    paths: z
      .array(z.string().min(1))
      .optional()
      .describe("only packages found in input files matching these globs (relative to the policy file)"),
    includeDev: z
      .boolean()
      .optional()
      .describe("false: skip packages used only for development or tests (default true)"),
    direct: z.boolean().optional().describe("true: only direct dependencies; false: only transitive ones"),
  })
  .strict();

export const RuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "rule ids use letters, digits, `.`, `_` and `-`")
      .describe("stable id, shown in every report"),
    description: z.string().min(1).describe("what the rule checks, in plain words"),
    action: ActionSchema,
    when: z
      .string()
      .min(1)
      .describe("CEL condition over pkg, vulns, malicious, signals, license, scorecard, provenance"),
    message: z.string().optional().describe("what to tell the developer when the rule fires"),
    onUnknown: OnUnknownSchema.optional(),
    scope: RuleScopeSchema.optional(),
    remedy: z
      .enum(["upgrade", "replace", "waive", "review"])
      .optional()
      .describe("the remedy to suggest when no upgrade is known"),
    threats: z.array(z.string().min(1)).optional().describe("threat ids this rule mitigates"),
    s2c2f: z
      .array(z.string().regex(/^[A-Z]{3}-\d+$/, "S2C2F requirement ids look like `SCA-1`"))
      .optional()
      .describe("S2C2F requirement ids this rule implements"),
    enabled: z.boolean().optional().describe("false turns an inherited rule off"),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates are written YYYY-MM-DD");

export const WaiverSchema = z
  .object({
    id: z.string().min(1).optional().describe("a name for the waiver (default: its position)"),
    package: z
      .string()
      .min(1)
      .optional()
      .describe("a purl (`pkg:npm/lodash`, `pkg:npm/lodash@4.17.20`) or a package name; `*` is a wildcard"),
    finding: z.string().min(1).optional().describe("a finding id or alias (GHSA-..., CVE-..., MAL-...)"),
    rule: z.string().min(1).optional().describe("a rule id"),
    reason: z.string().min(1).describe("why the risk is accepted"),
    owner: z.string().min(1).describe("who answers for it"),
    expires: isoDate.describe("the last day the waiver applies (YYYY-MM-DD)"),
  })
  .strict()
  .refine((w) => w.package !== undefined || w.finding !== undefined || w.rule !== undefined, {
    message: "a waiver needs at least one of package, finding or rule",
  });

export const PolicySchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).optional().describe("the policy format version"),
    name: z.string().optional(),
    description: z.string().optional(),
    extends: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .optional()
      .describe(
        "presets (baseline, standard, strict, small-team, enterprise, regulated, individual) or policy files, applied in order",
      ),
    root: z
      .boolean()
      .optional()
      .describe("true: do not inherit from intake.policy.yaml files in parent folders"),
    defaults: z
      .object({ onUnknown: OnUnknownSchema.optional() })
      .strict()
      .optional()
      .describe("defaults for every rule of this file"),
    rules: z.array(RuleSchema).optional(),
    disable: z.array(z.string().min(1)).optional().describe("ids of inherited rules to turn off"),
    waivers: z.array(WaiverSchema).optional(),
  })
  .strict();

export const WaiversFileSchema = z
  .object({
    $schema: z.string().optional(),
    waivers: z.array(WaiverSchema),
  })
  .strict();

export type PolicyDocument = z.infer<typeof PolicySchema>;
export type RuleDocument = z.infer<typeof RuleSchema>;
export type WaiverDocument = z.infer<typeof WaiverSchema>;
export type OnUnknown = z.infer<typeof OnUnknownSchema>;

/** The JSON Schema for editors, generated from the zod schema. */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, { target: "draft-2020-12", io: "input" }) as Record<
    string,
    unknown
  >;
  return {
    title: "Intake consumption policy (intake.policy.yaml)",
    ...schema,
  };
}
