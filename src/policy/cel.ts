import { Environment } from "@marcbachmann/cel-js";

/**
 * The CEL environment every rule condition is compiled in. `package` is a reserved word in CEL,
 * so the package is exposed as `pkg`.
 */
const ENV = new Environment({ homogeneousAggregateLiterals: false })
  .registerVariable("pkg", "map", {
    description: "ecosystem, name, version, purl, direct, scopes, dev",
  })
  .registerVariable("vulns", "list", {
    description:
      "findings on the package that are not suppressed: id, aliases, severity, score, fixed, hasFix, kind",
  })
  .registerVariable("malicious", "bool", { description: "a malicious-package record applies" })
  .registerVariable("signals", "map", { description: "signal id → yes | no | unknown | error" })
  .registerVariable("license", "map", { description: "expression and category" })
  .registerVariable("scorecard", "dyn", { description: "OpenSSF Scorecard score (0-10) or null" })
  .registerVariable("provenance", "map", { description: "verified (bool) and outcome" });

export const CEL_VARIABLES = ["pkg", "vulns", "malicious", "signals", "license", "scorecard", "provenance"];

export interface CompiledCondition {
  source: string;
  evaluate(context: Record<string, unknown>): unknown;
  /** Signal ids the expression reads (`signals.x` or `signals["x"]`). */
  signalIds: string[];
  /** False when the result cannot depend on the package's own identity (lets the evaluator share results). */
  readsPkg: boolean;
  /**
   * What the result can depend on, for sharing results between packages whose contexts agree on
   * it; undefined when that cannot be told from the text (then every package is evaluated).
   */
  deps?: ConditionDeps;
}

export interface ConditionDeps {
  /** Low-cardinality package fields read (direct, dev, ecosystem, scopes). */
  pkgFields: ("direct" | "dev" | "ecosystem" | "scopes")[];
  readsFindings: boolean;
  signalIds: string[];
  readsLicense: boolean;
  readsScorecard: boolean;
  readsProvenance: boolean;
}

const SHAREABLE_PKG_FIELDS = new Set(["direct", "dev", "ecosystem", "scopes"]);

/**
 * Read the dependencies off the expression text. Conservative: any use it cannot classify
 * (a whole variable, a computed key, a method on the map itself) gives undefined.
 */
function conditionDeps(source: string, signalIds: string[]): ConditionDeps | undefined {
  // Blank out string literals so their contents are not mistaken for references.
  const code = source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const pkgFields = new Set<string>();
  for (const m of code.matchAll(/\bpkg\b(\s*\.\s*([A-Za-z_][A-Za-z0-9_]*))?/g)) {
    if (!m[2] || !SHAREABLE_PKG_FIELDS.has(m[2])) return undefined;
    pkgFields.add(m[2]);
  }
  // `signals.id` and `signals["id"]` only; `signals.size()`, `"x" in signals` and the like are not classified.
  if (/\bsignals\b(?!\s*(\.\s*[A-Za-z_][A-Za-z0-9_]*\b(?!\s*\()|\[\s*""\s*\]))/.test(code)) return undefined;
  return {
    pkgFields: [...pkgFields] as ConditionDeps["pkgFields"],
    readsFindings: /\b(vulns|malicious)\b/.test(code),
    signalIds,
    readsLicense: /\blicense\b/.test(code),
    readsScorecard: /\bscorecard\b/.test(code),
    readsProvenance: /\bprovenance\b/.test(code),
  };
}

export interface CelProblem {
  message: string;
  /** 0-based offset inside the expression. */
  offset?: number;
}

/** Compile a condition once; type-checks it against the declared variables. */
export function compileCondition(source: string): CompiledCondition | CelProblem {
  let parsed: ReturnType<Environment["parse"]>;
  try {
    parsed = ENV.parse(source);
  } catch (e) {
    return celProblem(e);
  }
  try {
    const checked = ENV.check(source);
    if (!checked.valid) return celProblem(checked.error);
    if (checked.type !== "bool" && checked.type !== "dyn")
      return { message: `the condition must be true or false, but it gives a ${checked.type}` };
  } catch (e) {
    return celProblem(e);
  }
  const signalIds = new Set<string>();
  for (const m of source.matchAll(/\bsignals\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) signalIds.add(m[1]);
  for (const m of source.matchAll(/\bsignals\s*\[\s*["']([^"']+)["']\s*\]/g)) signalIds.add(m[1]);
  return {
    source,
    evaluate: parsed as (context: Record<string, unknown>) => unknown,
    signalIds: [...signalIds],
    readsPkg: /\bpkg\b/.test(source),
    deps: conditionDeps(source, [...signalIds]),
  };
}

export function isCelProblem(x: CompiledCondition | CelProblem): x is CelProblem {
  return !("evaluate" in x);
}

function celProblem(e: unknown): CelProblem {
  const err = e as {
    message?: string;
    summary?: string;
    node?: { start?: number; pos?: number };
    range?: { start: number };
  };
  let message = err?.summary ?? (err?.message ?? String(e)).split("\n")[0];
  if (/Reserved identifier: package/.test(message)) message += " (write `pkg` for the package)";
  const offset = err?.range?.start ?? err?.node?.start ?? err?.node?.pos;
  return offset === undefined ? { message } : { message, offset };
}
