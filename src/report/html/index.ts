import type { Decision, ScanResult } from "../../core/result.ts";
import { licenseOf, outcomeLine, pkgLabel, SEVERITY_ORDER } from "../shared-text.ts";
import type { RenderOptions, Reporter } from "../types.ts";
import { type Bar, barChart, donut, esc } from "./charts.ts";

const SEVERITY_COLOR: Record<string, string> = {
  malicious: "#6a1b9a",
  critical: "#b71c1c",
  high: "#e53935",
  medium: "#fb8c00",
  low: "#fdd835",
  none: "#9e9e9e",
  unknown: "#bdbdbd",
};
const ACTION_COLOR = { block: "#c62828", warn: "#ef6c00", info: "#1565c0", allow: "#2e7d32" };

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:20px 28px;color:#fff}
header.blocked{background:#b71c1c}header.warnings{background:#e65100}header.passed{background:#2e7d32}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.9}
main{padding:16px 28px 40px;max-width:1200px}
section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:12px 16px;margin:14px 0}
h2{font-size:17px;margin:4px 0 10px}
.charts{display:flex;flex-wrap:wrap;gap:18px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
.donut{display:flex;align-items:center;gap:12px}.donut ul{list-style:none;padding:0;margin:0}
.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
.lbl,.val{font-size:12px;fill:#333}.total{font-size:20px;font-weight:700;fill:#333}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f5f5f5}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.tag{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.block{background:${ACTION_COLOR.block}}.warn{background:${ACTION_COLOR.warn}}.info{background:${ACTION_COLOR.info}}.allow{background:${ACTION_COLOR.allow}}
.waived{background:#757575}
.muted{color:#757575}
details summary{cursor:pointer;font-weight:600}
`;

function tag(action: string, text = action): string {
  return `<span class="tag ${esc(action)}">${esc(text)}</span>`;
}

function decisionTable(list: Decision[]): string {
  const rows = list
    .map((d) => {
      const loc = d.locations?.[0];
      const why = d.rules
        .map(
          (h) =>
            `${h.waived ? tag("waived", `waived: ${h.waived.by}`) : tag(h.action)} <code>${esc(h.ruleId)}</code> ${esc(h.message)}` +
            (h.evidence?.length ? ` <span class="muted">[${esc(h.evidence.join(", "))}]</span>` : "") +
            (h.waived
              ? ` <span class="muted">${esc(`${h.waived.ref}: ${h.waived.justification ? `${h.waived.justification}; ` : ""}${h.waived.reason}${h.waived.owner ? `, owner ${h.waived.owner}` : ""}${h.waived.expires ? `, until ${h.waived.expires}` : ""}`)}</span>`
              : ""),
        )
        .join("<br>");
      return `<tr><td>${tag(d.action)}</td><td><code>${esc(pkgLabel(d.package))}</code><br><span class="muted">${esc(d.package.ecosystem)}</span></td><td>${why}</td><td>${esc(d.remedy ?? "")}</td><td><code>${esc(loc ? (loc.line !== undefined ? `${loc.path}:${loc.line}` : loc.path) : "")}</code></td></tr>`;
    })
    .join("\n");
  return `<table><thead><tr><th>decision</th><th>package</th><th>rules</th><th>remedy</th><th>where</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** One self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched. */
export function renderHtml(result: ScanResult, options: Pick<RenderOptions, "deterministic">): string {
  const o = outcomeLine(result);
  const f = result.summary.findings;
  const d = result.summary.decisions ?? { block: 0, warn: 0, info: 0, allow: 0 };

  const severityBars: Bar[] = [
    { label: "malicious", value: f.malicious, color: SEVERITY_COLOR.malicious },
    ...SEVERITY_ORDER.map((s) => ({
      label: s,
      value: result.findings.filter((x) => !x.suppressed && x.kind !== "malicious" && x.severity.rating === s)
        .length,
      color: SEVERITY_COLOR[s],
    })),
    { label: "suppressed", value: f.suppressed, color: "#90a4ae" },
  ];
  const outcomes: Bar[] = (["block", "warn", "info", "allow"] as const).map((a) => ({
    label: a,
    value: d[a],
    color: ACTION_COLOR[a],
  }));
  const licCount = new Map<string, number>();
  for (const l of licenseOf(result).values()) licCount.set(l, (licCount.get(l) ?? 0) + 1);
  const licSorted = [...licCount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const licBars: Bar[] = licSorted
    .slice(0, 8)
    .map(([label, value]) => ({ label, value, color: label === "unknown" ? "#bdbdbd" : "#5c6bc0" }));
  if (licSorted.length > 8)
    licBars.push({
      label: "other",
      value: licSorted.slice(8).reduce((n, [, v]) => n + v, 0),
      color: "#9fa8da",
    });
  const threatCount = new Map<string, number>();
  for (const x of result.decisions)
    for (const t of new Set(x.rules.filter((h) => !h.waived).flatMap((h) => h.threats ?? [])))
      threatCount.set(t, (threatCount.get(t) ?? 0) + 1);
  const threatBars: Bar[] = [...threatCount.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([label, value]) => ({ label, value, color: "#00897b" }));

  const charts = [
    barChart("Findings by severity", severityBars),
    donut("Policy outcomes (packages)", outcomes),
    licBars.length ? barChart("Licences (packages)", licBars) : "",
    threatBars.length ? barChart("Threats behind policy hits (packages)", threatBars) : "",
  ].join("\n");

  const flagged = result.decisions.filter((x) => x.action !== "allow");
  const waived = result.decisions.filter((x) => x.action === "allow" && x.rules.some((h) => h.waived));
  const findingRows = result.findings
    .map(
      (x) =>
        `<tr><td><code>${esc(x.id)}</code>${x.aliases.length ? `<br><span class="muted">${esc(x.aliases.join(", "))}</span>` : ""}</td>` +
        `<td>${x.kind === "malicious" ? tag("block", "malicious") : esc(`${x.severity.rating}${x.severity.score !== undefined ? ` ${x.severity.score.toFixed(1)}` : ""}`)}</td>` +
        `<td><code>${esc(pkgLabel(x.package))}</code></td><td>${esc(x.upgradeTo ? `upgrade to ${x.upgradeTo}` : x.fixed.join(", ") || "no fix")}</td>` +
        `<td>${esc(x.summary ?? "")}${x.suppressed ? `<br>${tag("waived", `suppressed by ${x.suppressed.by}`)} <span class="muted">${esc(`${x.suppressed.ref}: ${x.suppressed.justification ? `${x.suppressed.justification}; ` : ""}${x.suppressed.reason}`)}</span>` : ""}</td></tr>`,
    )
    .join("\n");
  const sources = result.sources
    .map(
      (s) =>
        `<tr><td><code>${esc(s.path)}</code></td><td>${esc(s.format)}</td><td>${s.status === "ok" ? tag("allow", "ok") : s.status === "partial" ? tag("warn", "partial") : tag("block", "failed")}</td><td>${s.packageCount}</td><td>${esc(
          s.error
            ? `${s.error.message} [${s.error.code}]`
            : (s.warnings ?? [])
                .map((w) => w.message)
                .slice(0, 3)
                .join("; "),
        )}</td></tr>`,
    )
    .join("\n");
  const notices = result.notices
    .map((n) => `<li>${n.level === "warning" ? tag("warn", "warning") : tag("info")} ${esc(n.message)}</li>`)
    .join("\n");
  const generated = options.deterministic ? "" : ` · generated ${esc(result.generatedAt)}`;
  const policy = result.policy
    ? `${esc(result.policy.source)}${result.policy.name ? ` (${esc(result.policy.name)})` : ""}, ${result.policy.rules} rules`
    : "none";

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intake report: ${esc(o.text)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="${o.status}">
<h1>Intake: ${esc(o.text)}</h1>
<p>${result.summary.packages} packages from ${result.summary.sources.total} sources · policy ${policy} · intake ${esc(result.tool.version)}${generated}</p>
</header>
<main>
<section><h2>Overview</h2><div class="charts">
${charts}
</div></section>
${flagged.length ? `<section><h2>Policy decisions (${flagged.length})</h2>\n${decisionTable(flagged)}\n</section>` : ""}
${waived.length ? `<section><details><summary>Allowed by waivers or VEX (${waived.length})</summary>\n${decisionTable(waived)}\n</details></section>` : ""}
${result.findings.length ? `<section><details open><summary>Vulnerabilities and malicious packages (${result.findings.length})</summary>\n<table><thead><tr><th>id</th><th>severity</th><th>package</th><th>fix</th><th>summary</th></tr></thead><tbody>\n${findingRows}\n</tbody></table></details></section>` : ""}
${notices ? `<section><h2>Notices</h2><ul>\n${notices}\n</ul></section>` : ""}
<section><details><summary>Sources (${result.sources.length})</summary>
<table><thead><tr><th>path</th><th>format</th><th>status</th><th>packages</th><th>problems</th></tr></thead><tbody>
${sources}
</tbody></table></details></section>
${result.policy?.notes?.length ? `<section><details><summary>Policy</summary><ul>${result.policy.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul></details></section>` : ""}
</main>
</body>
</html>
`;
}

export const htmlReporter: Reporter = {
  id: "html",
  description: "one self-contained HTML file with charts (works offline)",
  extension: "html",
  render(result, options) {
    return renderHtml(result, options);
  },
};
