import type { Action, Decision, Finding, ScanResult } from "../../core/result.ts";
import { pkgLabel } from "../shared-text.ts";
import type { Reporter } from "../types.ts";

type Json = Record<string, unknown>;

/** SARIF levels: block → error, warn → warning, info → note. */
const LEVEL: Record<Action | "allow", string> = {
  block: "error",
  warn: "warning",
  info: "note",
  allow: "none",
};

function severityLevel(f: Finding): string {
  if (f.kind === "malicious") return "error";
  const r = f.severity.rating;
  return r === "critical" || r === "high" ? "error" : r === "medium" ? "warning" : "note";
}

/** Security severity (0-10) that code scanning dashboards sort by. */
function securitySeverity(f: Finding): string {
  if (f.kind === "malicious") return "10.0";
  if (f.severity.score !== undefined) return f.severity.score.toFixed(1);
  return { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0", none: "0.0", unknown: "5.0" }[
    f.severity.rating
  ];
}

function uri(path: string): string {
  return path.replace(/\\/g, "/");
}

function locationsOf(
  d: Decision | undefined,
  fallback: { path: string; line?: number }[] | undefined,
): Json[] {
  const locs = d?.locations?.length ? d.locations : (fallback ?? []);
  return locs.map((l) => {
    const physical: Json = { artifactLocation: { uri: uri(l.path) } };
    if (l.line !== undefined && l.line >= 1) physical.region = { startLine: l.line };
    return { physicalLocation: physical };
  });
}

function suppressionsOf(s: Finding["suppressed"]): Json[] | undefined {
  if (!s) return undefined;
  const why = [
    s.justification,
    s.reason,
    s.owner ? `owner ${s.owner}` : "",
    s.expires ? `expires ${s.expires}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return [{ kind: "external", status: "accepted", justification: `${s.by} ${s.ref}: ${why}` }];
}

/**
 * SARIF 2.1.0 for code scanning dashboards. One result per finding (rule = the advisory id) and
 * one per policy hit that does not rest on a finding (rule = the policy rule id, e.g. a signal
 * rule), each located at the package's line in its lockfile. Waived and VEX-suppressed items are
 * kept, with a SARIF suppression. Unreadable inputs are tool execution notifications.
 */
export function renderSarif(result: ScanResult): Json {
  const decisionByPurl = new Map(result.decisions.map((d) => [d.package.purl, d]));
  const locByPurl = new Map(result.packages.map((p) => [p.purl, p.locations]));
  const rules = new Map<string, Json>();
  const results: Json[] = [];
  const findingIds = new Set(result.findings.map((f) => f.id));

  for (const f of result.findings) {
    if (!rules.has(f.id)) {
      const rule: Json = {
        id: f.id,
        name: f.kind === "malicious" ? "MaliciousPackage" : "KnownVulnerability",
        shortDescription: { text: f.summary ?? f.id },
        fullDescription: {
          text: `${f.summary ?? f.id}${f.aliases.length ? ` (also ${f.aliases.join(", ")})` : ""}`,
        },
        defaultConfiguration: { level: severityLevel(f) },
        help: {
          text: f.upgradeTo
            ? `Upgrade ${f.package.name} to ${f.upgradeTo} or later.`
            : f.kind === "malicious"
              ? `Remove ${f.package.name} and check the machines that installed it.`
              : "No fixed version is known; consider replacing the package or waiving with a reason.",
        },
        properties: {
          tags: ["security", "supply-chain", f.kind],
          "security-severity": securitySeverity(f),
        },
      };
      rules.set(f.id, rule);
    }
    const d = decisionByPurl.get(f.package.purl);
    const level = d && d.action !== "allow" ? LEVEL[d.action] : severityLevel(f);
    const text =
      `${pkgLabel(f.package)}: ${f.summary ?? f.id}` +
      (f.upgradeTo
        ? ` — upgrade to ${f.upgradeTo}`
        : f.fixed.length
          ? ` — fixed in ${f.fixed.join(", ")}`
          : "") +
      (d && d.action !== "allow" ? ` (policy: ${d.action})` : "");
    const r: Json = {
      ruleId: f.id,
      level,
      message: { text },
      locations: locationsOf(d, locByPurl.get(f.package.purl)),
      partialFingerprints: { "intakeFinding/v1": `${f.package.purl}|${f.id}` },
      properties: { purl: f.package.purl, severity: f.severity.rating, aliases: f.aliases },
    };
    const sup = suppressionsOf(f.suppressed);
    if (sup) r.suppressions = sup;
    results.push(r);
  }

  for (const d of result.decisions) {
    for (const h of d.rules) {
      // Hits resting on a finding are already reported through the finding.
      if (h.evidence?.some((e) => findingIds.has(e))) continue;
      const ruleId = `policy/${h.ruleId}`;
      if (!rules.has(ruleId))
        rules.set(ruleId, {
          id: ruleId,
          name: h.ruleId,
          shortDescription: { text: h.message.replace(/ \(could not tell:.*\)$/, "") },
          defaultConfiguration: { level: LEVEL[h.action] },
          properties: { tags: ["supply-chain", "policy"], threats: h.threats ?? [], s2c2f: h.s2c2f ?? [] },
        });
      const r: Json = {
        ruleId,
        level: LEVEL[h.action],
        message: {
          text: `${pkgLabel(d.package)}: ${h.message}${h.evidence?.length ? ` [${h.evidence.join(", ")}]` : ""}${d.remedy ? ` — ${d.remedy}` : ""}`,
        },
        locations: locationsOf(d, locByPurl.get(d.package.purl)),
        partialFingerprints: { "intakePolicy/v1": `${d.package.purl}|${h.ruleId}` },
        properties: { purl: d.package.purl, action: h.action },
      };
      const sup = suppressionsOf(h.waived);
      if (sup) r.suppressions = sup;
      results.push(r);
    }
  }

  const notifications: Json[] = [];
  for (const s of result.sources) {
    if (s.status !== "failed" || !s.error) continue;
    const physical: Json = { artifactLocation: { uri: uri(s.path) } };
    if (s.error.line !== undefined && s.error.line >= 1) physical.region = { startLine: s.error.line };
    notifications.push({
      level: "error",
      message: { text: `${s.path}: ${s.error.message} [${s.error.code}]` },
      locations: [{ physicalLocation: physical }],
    });
  }
  for (const n of result.notices)
    notifications.push({ level: n.level === "warning" ? "warning" : "note", message: { text: n.message } });

  const run: Json = {
    tool: {
      driver: {
        name: "intake",
        version: result.tool.version,
        semanticVersion: result.tool.version,
        rules: [...rules.values()],
      },
    },
    invocations: [
      {
        executionSuccessful: result.summary.sources.failed === 0,
        toolExecutionNotifications: notifications,
      },
    ],
    results,
    properties: {
      policy: result.policy ?? null,
      decisions: result.summary.decisions ?? null,
    },
  };
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [run],
  };
}

export const sarifReporter: Reporter = {
  id: "sarif",
  description: "SARIF 2.1.0 for code scanning dashboards (results at their lockfile lines)",
  extension: "sarif",
  render(result) {
    return `${JSON.stringify(renderSarif(result), null, 2)}\n`;
  },
};
