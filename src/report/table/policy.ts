import type { Decision, ScanResult, Severity } from "../../core/result.ts";
import { openBySeverity } from "../shared-text.ts";
import type { RenderOptions } from "../types.ts";
import { columns, makeStyle, type Style } from "./style.ts";

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "none", "unknown"];

function where(d: Decision): string {
  const l = d.locations?.[0];
  if (!l) return "";
  return l.line !== undefined ? `${l.path}:${l.line}` : l.path;
}

function actionLabel(s: Style, action: Decision["action"]): string {
  if (action === "block") return s.red(s.bold("BLOCK"));
  if (action === "warn") return s.yellow("warn");
  if (action === "info") return s.cyan("info");
  return s.green("allow");
}

/**
 * The one-screen answer for `intake scan`: the policy outcome, counts by severity, and every
 * blocked package with its remedy. Everything else comes after, in grouped details.
 */
export function renderScanSummary(result: ScanResult, options: RenderOptions): string[] {
  const s = makeStyle(options.color);
  const out: string[] = [];
  const d = result.summary.decisions ?? { block: 0, warn: 0, info: 0, allow: 0 };
  const policy = result.policy
    ? `${result.policy.source}${result.policy.name && result.policy.name !== result.policy.source ? ` (${result.policy.name})` : ""}, ${result.policy.rules} rules`
    : "none";
  const outcome =
    d.block > 0
      ? s.red(s.bold(`BLOCKED — ${d.block} package${d.block === 1 ? "" : "s"} blocked`))
      : d.warn > 0
        ? s.yellow(s.bold(`PASSED with ${d.warn} warning${d.warn === 1 ? "" : "s"}`))
        : s.green(s.bold("PASSED"));
  out.push(`${s.bold("Policy")}    ${outcome}  ${s.dim(`(${policy})`)}`);
  const counts = [`${d.block} block`, `${d.warn} warn`, `${d.info} info`, `${d.allow} allowed`];
  const waived = result.decisions.reduce((n, x) => n + x.rules.filter((h) => h.waived).length, 0);
  if (waived) counts.push(`${waived} waived`);
  out.push(`${s.bold("Decisions")} ${counts.join(" · ")}`);
  const f = result.summary.findings;
  const bySeverity = openBySeverity(result);
  const sev = SEVERITIES.filter((r) => bySeverity[r] > 0).map((r) => {
    const text = `${bySeverity[r]} ${r}`;
    return r === "critical" || r === "high" ? s.red(text) : r === "medium" ? s.yellow(text) : text;
  });
  const findingText = [
    f.malicious ? s.red(s.bold(`${f.malicious} malicious`)) : "",
    ...sev,
    f.suppressed ? s.dim(`${f.suppressed} suppressed`) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  out.push(`${s.bold("Findings")}  ${findingText || s.green("none")}`);
  const src = result.summary.sources;
  out.push(
    `${s.bold("Inventory")} ${result.summary.packages} packages from ${src.total} source${src.total === 1 ? "" : "s"}` +
      (src.failed ? s.red(`, ${src.failed} could not be read`) : "") +
      (src.partial ? s.yellow(`, ${src.partial} read in part`) : ""),
  );
  const blocked = result.decisions.filter((x) => x.action === "block");
  if (blocked.length) {
    out.push("");
    out.push(s.bold(s.red(`Blocked (${blocked.length})`)));
    const limit = options.verbose ? blocked.length : 20;
    const rows = blocked.slice(0, limit).map((x) => {
      const rules = x.rules.filter((h) => h.action === "block" && !h.waived).map((h) => h.ruleId);
      return [
        `${s.red("✗")} ${s.bold(`${x.package.name}@${x.package.version}`)}`,
        s.dim(x.package.ecosystem),
        rules.join(", "),
        x.remedy ? s.green(`→ ${x.remedy}`) : "",
      ];
    });
    out.push(...columns(rows).map((l) => `  ${l}`));
    if (blocked.length > limit) out.push(s.dim(`  … ${blocked.length - limit} more (use --verbose)`));
  }
  return out;
}

/**
 * Policy details, grouped by action: what each rule said about each package, evidence, where the
 * package was found, and every waiver or VEX statement that was used.
 */
export function renderDecisions(result: ScanResult, options: RenderOptions): string[] {
  // --quiet: the summary's blocked list is the whole story.
  if (options.quiet) return [];
  const s = makeStyle(options.color);
  const out: string[] = [];
  const groups: [Decision["action"], string][] = [
    ["block", "Why blocked"],
    ["warn", "Warnings"],
    ["info", "For information"],
  ];
  for (const [action, title] of groups) {
    const list = result.decisions.filter((d) => d.action === action);
    if (!list.length) continue;
    if (out.length) out.push("");
    out.push(s.bold(`${title} (${list.length})`));
    const limit = options.verbose ? list.length : 50;
    for (const d of list.slice(0, limit)) {
      const loc = where(d);
      out.push(
        `  ${actionLabel(s, d.action)} ${s.bold(`${d.package.name}@${d.package.version}`)} ${s.dim(d.package.ecosystem)}` +
          (d.remedy ? `  ${s.green(`→ ${d.remedy}`)}` : "") +
          (loc ? `  ${s.dim(loc)}` : ""),
      );
      for (const h of d.rules) {
        const tag = h.waived ? s.dim(`waived (${h.waived.by} ${h.waived.ref})`) : actionLabel(s, h.action);
        const ev = h.evidence?.length ? s.dim(` [${h.evidence.join(", ")}]`) : "";
        out.push(`      ${tag} ${h.ruleId}: ${h.message}${ev}`);
        if (options.verbose && (h.threats?.length || h.s2c2f?.length))
          out.push(
            s.dim(`        threats ${h.threats?.join(", ") || "-"} · S2C2F ${h.s2c2f?.join(", ") || "-"}`),
          );
      }
    }
    if (list.length > limit) out.push(s.dim(`  … ${list.length - limit} more (use --verbose)`));
  }
  const waivedOnly = result.decisions.filter((d) => d.action === "allow" && d.rules.some((h) => h.waived));
  if (waivedOnly.length) {
    if (out.length) out.push("");
    out.push(s.bold(`Allowed by waivers or VEX (${waivedOnly.length})`));
    for (const d of waivedOnly)
      for (const h of d.rules.filter((x) => x.waived)) {
        const w = h.waived;
        if (!w) continue;
        const who = w.owner ? `, owner ${w.owner}` : "";
        const until = w.expires ? `, until ${w.expires}` : "";
        out.push(
          `  ${s.dim("~")} ${d.package.name}@${d.package.version} ${h.ruleId}: ${w.by} ${w.ref}${who}${until} — ${w.justification ? `${w.justification}; ` : ""}${w.reason}`,
        );
      }
  }
  if (
    result.policy?.notes?.length &&
    (options.verbose || result.policy.source === "default") &&
    !options.quiet
  ) {
    if (out.length) out.push("");
    for (const n of result.policy.notes) out.push(s.dim(n));
  }
  return out;
}
