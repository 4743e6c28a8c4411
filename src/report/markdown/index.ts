import type { Decision, Finding, ScanResult } from "../../core/result.ts";
import { openBySeverity, outcomeLine, pkgLabel, SEVERITY_ORDER, waivedDecisions } from "../shared-text.ts";
import type { RenderOptions, Reporter } from "../types.ts";

/** Escape text for a Markdown table cell (pipes, newlines, HTML). */
function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * Pull-request comments have a size limit (GitHub: 65,536 characters), so each table shows at
 * most MAX_ROWS rows and says how many more there are.
 */
const MAX_ROWS = 100;

function table(head: string[], rows: string[][]): string[] {
  const shown = rows.slice(0, MAX_ROWS);
  const out = [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => " --- ").join("|")}|`,
    ...shown.map((r) => `| ${r.join(" | ")} |`),
  ];
  if (rows.length > shown.length)
    out.push(
      "",
      `… and ${rows.length - shown.length} more (see the full report: \`--format html\` or \`json\`)`,
    );
  return out;
}

function details(summary: string, body: string[], open = false): string[] {
  if (!body.length) return [];
  return [
    `<details${open ? " open" : ""}>`,
    `<summary>${summary}</summary>`,
    "",
    ...body,
    "",
    "</details>",
    "",
  ];
}

function where(d: Decision): string {
  const l = d.locations?.[0];
  return l ? code(l.line !== undefined ? `${l.path}:${l.line}` : l.path) : "";
}

function decisionRows(list: Decision[]): string[][] {
  return list.map((d) => [
    `${code(pkgLabel(d.package))} ${cell(d.package.ecosystem)}`,
    d.rules
      .filter((h) => !h.waived)
      .map(
        (h) =>
          `**${cell(h.ruleId)}** ${cell(h.message)}${h.evidence?.length ? ` (${cell(h.evidence.join(", "))})` : ""}`,
      )
      .join("<br>"),
    cell(d.remedy ?? ""),
    where(d),
  ]);
}

function findingRows(list: Finding[]): string[][] {
  return list.map((f) => [
    code(f.id),
    f.kind === "malicious"
      ? "**malicious**"
      : `${f.severity.rating}${f.severity.score !== undefined ? ` ${f.severity.score.toFixed(1)}` : ""}`,
    code(pkgLabel(f.package)),
    f.upgradeTo ? `upgrade to ${code(f.upgradeTo)}` : f.fixed.length ? cell(f.fixed.join(", ")) : "no fix",
    cell(f.summary ?? ""),
  ]);
}

/** Markdown for pull-request comments: the outcome first, details folded away. */
export function renderMarkdown(
  result: ScanResult,
  options: Pick<RenderOptions, "quiet" | "verbose">,
): string {
  const out: string[] = [];
  const o = outcomeLine(result);
  const icon = o.status === "blocked" ? "❌" : o.status === "warnings" ? "⚠️" : "✅";
  out.push(`## ${icon} Intake: ${o.text}`, "");
  const d = result.summary.decisions ?? { block: 0, warn: 0, info: 0, allow: 0 };
  const f = result.summary.findings;
  const bySeverity = openBySeverity(result);
  const sev = SEVERITY_ORDER.filter((r) => bySeverity[r] > 0).map((r) => `${bySeverity[r]} ${r}`);
  out.push(
    ...table(
      ["policy", "block", "warn", "info", "allowed", "findings", "packages"],
      [
        [
          cell(
            result.policy
              ? `${result.policy.source}${result.policy.name ? ` (${result.policy.name})` : ""}`
              : "none",
          ),
          String(d.block),
          String(d.warn),
          String(d.info),
          String(d.allow),
          cell(
            [
              f.malicious ? `${f.malicious} malicious` : "",
              ...sev,
              f.suppressed ? `${f.suppressed} suppressed` : "",
            ]
              .filter(Boolean)
              .join(", ") || "none",
          ),
          `${result.summary.packages} from ${result.summary.sources.total} sources`,
        ],
      ],
    ),
    "",
  );
  const blocked = result.decisions.filter((x) => x.action === "block");
  if (blocked.length) {
    out.push(`### Blocked (${blocked.length})`, "");
    out.push(...table(["package", "why", "remedy", "where"], decisionRows(blocked)), "");
  }
  const failed = result.sources.filter((s) => s.status === "failed");
  if (failed.length) {
    out.push(`> [!WARNING]`, `> ${failed.length} input${failed.length === 1 ? "" : "s"} could not be read:`);
    for (const s of failed) out.push(`> - ${code(s.path)}: ${cell(s.error?.message ?? "unreadable")}`);
    out.push("");
  }
  if (!options.quiet) {
    const warn = result.decisions.filter((x) => x.action === "warn");
    if (warn.length)
      out.push(
        ...details(
          `Warnings (${warn.length})`,
          table(["package", "why", "remedy", "where"], decisionRows(warn)),
        ),
      );
    const info = result.decisions.filter((x) => x.action === "info");
    if (info.length)
      out.push(
        ...details(
          `For information (${info.length})`,
          table(["package", "why", "remedy", "where"], decisionRows(info)),
        ),
      );
    const open = result.findings.filter((x) => !x.suppressed);
    if (open.length)
      out.push(
        ...details(
          `Vulnerabilities and malicious packages (${open.length})`,
          table(["id", "severity", "package", "fix", "summary"], findingRows(open)),
        ),
      );
    const waived = waivedDecisions(result);
    const suppressed = result.findings.filter((x) => x.suppressed);
    if (waived.length || suppressed.length) {
      const rows: string[][] = [];
      for (const x of suppressed) {
        const s = x.suppressed;
        if (s)
          rows.push([
            code(x.id),
            code(pkgLabel(x.package)),
            `${s.by} ${code(s.ref)}`,
            cell([s.justification, s.reason].filter(Boolean).join(": ")),
            cell(s.owner ?? ""),
            cell(s.expires ?? ""),
          ]);
      }
      for (const x of waived)
        for (const h of x.rules) {
          const s = h.waived;
          if (
            s?.by !== "waiver" ||
            suppressed.some((f) => f.suppressed?.ref === s.ref && f.package.purl === x.package.purl)
          )
            continue;
          rows.push([
            code(h.ruleId),
            code(pkgLabel(x.package)),
            `${s.by} ${code(s.ref)}`,
            cell(s.reason),
            cell(s.owner ?? ""),
            cell(s.expires ?? ""),
          ]);
        }
      out.push(
        ...details(
          `Waived and suppressed (${rows.length})`,
          table(["finding / rule", "package", "by", "why", "owner", "expires"], rows),
        ),
      );
    }
    if (result.notices.length)
      out.push(
        ...details(
          `Notices (${result.notices.length})`,
          result.notices.map((n) => `- ${n.level === "warning" ? "⚠️ " : ""}${cell(n.message)}`),
        ),
      );
    out.push(
      ...details(
        `Sources (${result.sources.length})`,
        table(
          ["path", "format", "status", "packages"],
          result.sources.map((s) => [code(s.path), cell(s.format), s.status, String(s.packageCount)]),
        ),
      ),
    );
    if (result.policy?.notes?.length)
      out.push(
        ...details(
          "Policy",
          result.policy.notes.map((n) => `- ${cell(n)}`),
        ),
      );
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

export const markdownReporter: Reporter = {
  id: "markdown",
  description: "Markdown for pull-request comments (details folded in <details>)",
  extension: "md",
  render(result, options) {
    return renderMarkdown(result, options);
  },
};
