import type { ScanResult } from "../../core/result.ts";
import type { RenderOptions, Reporter } from "../types.ts";
import { renderFindings, renderNotices } from "./findings.ts";
import { renderDecisions, renderScanSummary } from "./policy.ts";
import { renderSignals } from "./signals.ts";
import { columns, makeStyle } from "./style.ts";

function renderSources(result: ScanResult, options: RenderOptions): string[] {
  const s = makeStyle(options.color);
  const out: string[] = [];
  const rows = result.sources.map((src) => {
    const status =
      src.status === "ok" ? s.green("ok") : src.status === "partial" ? s.yellow("partial") : s.red("failed");
    return [src.path, src.format, status, String(src.packageCount)];
  });
  if (!options.quiet || result.sources.some((x) => x.status !== "ok")) {
    out.push(s.bold("Sources"));
    out.push(
      ...columns([[s.dim("path"), s.dim("format"), s.dim("status"), s.dim("packages")], ...rows]).map(
        (l) => `  ${l}`,
      ),
    );
  }
  for (const src of result.sources) {
    if (src.error) out.push(`  ${s.red("✗")} ${src.path}: ${src.error.message} [${src.error.code}]`);
    if (src.warnings && (options.verbose || !options.quiet)) {
      const shown = options.verbose ? src.warnings : src.warnings.slice(0, 5);
      for (const w of shown)
        out.push(`  ${s.yellow("!")} ${src.path}${w.line ? `:${w.line}` : ""}: ${w.message}`);
      if (shown.length < src.warnings.length)
        out.push(s.dim(`    … ${src.warnings.length - shown.length} more (use --verbose)`));
    }
  }
  return out;
}

function renderPackages(result: ScanResult, options: RenderOptions): string[] {
  const s = makeStyle(options.color);
  const rows = result.packages.map((p) => [
    p.ecosystem,
    p.name,
    p.version || s.dim("(none)"),
    p.direct ? "direct" : s.dim("transitive"),
    p.scopes.join(","),
    p.locations.map((l) => (l.line ? `${l.path}:${l.line}` : l.path)).join(" "),
  ]);
  return [
    s.bold(`Packages (${result.packages.length})`),
    ...columns([
      [
        s.dim("ecosystem"),
        s.dim("name"),
        s.dim("version"),
        s.dim("relation"),
        s.dim("scopes"),
        s.dim("location"),
      ],
      ...rows,
    ]).map((l) => `  ${l}`),
  ];
}

/** Plain-terminal report: a short summary first, then details. */
export const tableReporter: Reporter = {
  id: "table",
  description: "human-readable terminal output (colour on a TTY)",
  extension: "txt",
  render(result, options) {
    const out: string[] = [];
    if (options.command === "scan") {
      // One screen first (policy outcome, counts, blocked packages), then grouped details.
      out.push(...renderScanSummary(result, options));
      const sources =
        options.verbose || result.sources.some((x) => x.status !== "ok")
          ? renderSources(result, options)
          : [];
      for (const section of [
        sources,
        renderDecisions(result, options),
        renderFindings(result, options),
        renderSignals(result, options),
        renderNotices(result, options),
      ])
        if (section.length) out.push("", ...section);
      return `${out.join("\n")}\n`;
    }
    out.push(...renderSources(result, options));
    if (options.command === "inventory" && !options.quiet) {
      out.push("");
      out.push(...renderPackages(result, options));
    }
    const sum = result.summary;
    out.push("");
    out.push(
      `${sum.packages} packages from ${sum.sources.total} sources` +
        (sum.sources.failed ? `, ${sum.sources.failed} could not be read` : "") +
        (sum.sources.partial ? `, ${sum.sources.partial} read in part` : ""),
    );
    return `${out.join("\n")}\n`;
  },
};
