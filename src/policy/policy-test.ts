import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type Ecosystem, isEcosystem } from "../core/ecosystem.ts";
import { makePackage, type Package, type Scope } from "../core/package.ts";
import type { Finding, SignalResult } from "../core/result.ts";
import { PolicyError } from "./errors.ts";
import { evaluatePolicy } from "./evaluate.ts";
import type { PolicySet } from "./types.ts";
import { parseYamlSource, zodProblems } from "./yaml-source.ts";

/**
 * Policy as code: fixture files (`policy-tests/*.yaml`) describe packages with their findings and
 * signals and the decision the policy must reach. `intake policy test` runs them.
 */
const FindingSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(["vulnerability", "malicious"]).default("vulnerability"),
    aliases: z.array(z.string()).default([]),
    severity: z.enum(["critical", "high", "medium", "low", "none", "unknown"]).default("unknown"),
    score: z.number().min(0).max(10).optional(),
    fixed: z.array(z.string()).default([]),
  })
  .strict();

const Expected = z.union([z.enum(["block", "warn", "info", "waived"]), z.literal("none")]);

const CaseSchema = z
  .object({
    name: z.string().min(1),
    package: z
      .object({
        ecosystem: z.string().default("npm"),
        name: z.string().min(1),
        version: z.string().default("1.0.0"),
        direct: z.boolean().default(true),
        scopes: z.array(z.enum(["prod", "dev", "optional", "peer", "build", "test"])).default(["prod"]),
        license: z.string().optional(),
        path: z.string().optional().describe("the input file the package was found in (for scope.paths)"),
      })
      .strict(),
    findings: z.array(FindingSchema).default([]),
    signals: z.record(z.string(), z.enum(["yes", "no", "unknown", "error"])).default({}),
    evidence: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    expect: z
      .object({
        action: z.enum(["block", "warn", "info", "allow"]).optional(),
        rules: z.record(z.string(), Expected).optional(),
        remedy: z.string().optional(),
      })
      .strict(),
  })
  .strict();

const FileSchema = z.object({ now: z.string().optional(), cases: z.array(CaseSchema).min(1) }).strict();

export interface PolicyTestCaseResult {
  file: string;
  name: string;
  passed: boolean;
  failures: string[];
}

export function findPolicyTestFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new PolicyError(
      "policy-test-invalid",
      `cannot read the policy test folder: ${(e as Error).message}`,
      { file: dir },
    );
  }
  return entries
    .filter((e) => /\.ya?ml$/.test(e) && statSync(join(dir, e)).isFile())
    .sort()
    .map((e) => join(dir, e));
}

export function runPolicyTestFile(
  set: PolicySet,
  file: string,
  display = file,
  defaultNow = new Date(),
): PolicyTestCaseResult[] {
  const src = parseYamlSource(display, readFileSync(file, "utf8"), "policy-test-invalid");
  const parsed = FileSchema.safeParse(src.value ?? {});
  if (!parsed.success) {
    const problems = zodProblems(src, parsed.error.issues);
    throw new PolicyError("policy-test-invalid", problems[0].message, { ...problems[0], problems });
  }
  const now = parsed.data.now ? new Date(`${parsed.data.now}T12:00:00Z`) : defaultNow;
  return parsed.data.cases.map((c) => {
    const ecosystem = c.package.ecosystem;
    if (!isEcosystem(ecosystem))
      return { file: display, name: c.name, passed: false, failures: [`unknown ecosystem '${ecosystem}'`] };
    const pkg: Package = makePackage({
      ecosystem: ecosystem as Ecosystem,
      name: c.package.name,
      version: c.package.version,
      direct: c.package.direct,
      scopes: c.package.scopes as Scope[],
      locations: c.package.path ? [{ path: c.package.path }] : [],
      ...(c.package.license ? { license: c.package.license } : {}),
    });
    const ref = { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, purl: pkg.purl };
    const findings: Finding[] = c.findings.map((f) => ({
      kind: f.kind,
      id: f.id,
      aliases: f.aliases,
      package: ref,
      severity: f.score === undefined ? { rating: f.severity } : { rating: f.severity, score: f.score },
      fixed: f.fixed,
      ...(f.fixed.length ? { upgradeTo: f.fixed[0] } : {}),
    }));
    const signals: SignalResult[] = Object.entries(c.signals).map(([id, outcome]) => ({
      id,
      package: ref,
      outcome,
      evidence: c.evidence[id] ?? {},
    }));
    for (const [id, evidence] of Object.entries(c.evidence))
      if (!(id in c.signals)) signals.push({ id, package: ref, outcome: "yes", evidence });
    const decision = evaluatePolicy(set, { packages: [pkg], findings, signals }, now).decisions[0];
    const failures: string[] = [];
    if (c.expect.action && decision.action !== c.expect.action)
      failures.push(`expected action ${c.expect.action}, got ${decision.action}`);
    for (const [ruleId, want] of Object.entries(c.expect.rules ?? {})) {
      const hit = decision.rules.find((h) => h.ruleId === ruleId);
      const got = !hit ? "none" : hit.waived ? "waived" : hit.action;
      if (got !== want) failures.push(`rule ${ruleId}: expected ${want}, got ${got}`);
    }
    if (c.expect.remedy !== undefined && decision.remedy !== c.expect.remedy)
      failures.push(`expected remedy '${c.expect.remedy}', got '${decision.remedy ?? ""}'`);
    return { file: display, name: c.name, passed: failures.length === 0, failures };
  });
}
