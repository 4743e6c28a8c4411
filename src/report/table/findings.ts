import type { Finding, ScanResult, Severity } from "../../core/result.ts";
import type { RenderOptions } from "../types.ts";
import { columns, makeStyle, type Style } from "./style.ts";

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "none", "unknown"];

function severityLabel(s: Style, f: Finding): string {
  if (f.kind === "malicious") return s.red(s.bold("MALICIOUS"));
  const r = f.severity.rating;
  const text = f.severity.score !== undefined ? `${r} ${f.severity.score.toFixed(1)}` : r;
  if (r === "critical" || r === "high") return s.red(text);
  if (r === "medium") return s.yellow(text);
  return s.dim(text);
}

/**
 * Known vulnerabilities and malicious packages, grouped per package: id, severity, fixed versions,
 * and the one upgrade that fixes every finding on the package. Suppressed findings are counted,
 * listed only with --verbose.
 */
export function renderFindings(result: ScanResult, options: RenderOptions): string[] {
  const s = makeStyle(options.color);
  const shown = result.findings.filter((f) => options.verbose || !f.suppressed);
  const suppressed = result.findings.length - result.findings.filter((f) => !f.suppressed).length;
  if (!result.findings.length) return [];
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const k = f.package.purl;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  const counts = SEVERITY_ORDER.map(
    (r) => [r, shown.filter((f) => f.kind !== "malicious" && f.severity.rating === r).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`);
  const malicious = shown.filter((f) => f.kind === "malicious").length;
  const head = [malicious ? `${malicious} malicious` : "", ...counts].filter(Boolean).join(", ");
  const out: string[] = [s.bold(`Vulnerabilities and malicious packages (${head || "none"})`)];
  for (const list of groups.values()) {
    const p = list[0].package;
    const upgrade = list.find((f) => f.upgradeTo)?.upgradeTo;
    const fixNote = upgrade
      ? s.green(`upgrade to ${upgrade}`)
      : list.some((f) => f.kind === "malicious")
        ? s.red("remove it")
        : s.dim("no fixed version known");
    out.push(`  ${s.bold(`${p.name}@${p.version}`)} ${s.dim(`(${p.ecosystem})`)}  ${fixNote}`);
    const rows = list.map((f) => [
      f.id + (f.suppressed ? s.dim(` (suppressed: ${f.suppressed.by})`) : ""),
      severityLabel(s, f),
      f.fixed.length
        ? `fixed ${f.fixed.slice(0, 3).join(", ")}${f.fixed.length > 3 ? ", …" : ""}`
        : s.dim("no fix"),
      options.quiet ? "" : s.dim(truncate(f.summary ?? "", 60)),
    ]);
    out.push(...columns(rows).map((l) => `    ${l.trimEnd()}`));
    if (options.verbose)
      for (const f of list) {
        if (f.aliases.length) out.push(s.dim(`      ${f.id} also known as ${f.aliases.join(", ")}`));
        for (const path of (f.paths ?? []).slice(0, 3)) out.push(s.dim(`      via ${path.join(" > ")}`));
      }
  }
  if (suppressed && !options.verbose)
    out.push(s.dim(`  ${suppressed} suppressed by waivers or VEX (use --verbose)`));
  return out;
}

/** Notices (missing advisory data, stale store, API problems): one line each. */
export function renderNotices(result: ScanResult, options: RenderOptions): string[] {
  const s = makeStyle(options.color);
  const list = result.notices.filter((n) => !options.quiet || n.level === "warning");
  if (!list.length) return [];
  return [
    s.bold("Notices"),
    ...list.map((n) => `  ${n.level === "warning" ? s.yellow("!") : s.dim("i")} ${n.message}`),
  ];
}

function truncate(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
