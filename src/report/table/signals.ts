import type { ScanResult, SignalResult } from "../../core/result.ts";
import { signalById } from "../../signals/registry.ts";
import type { SignalRisk } from "../../signals/types.ts";
import type { RenderOptions } from "../types.ts";
import { makeStyle } from "./style.ts";

const RISK_ORDER: SignalRisk[] = ["critical", "high", "medium", "low", "info"];

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A short rendering of the evidence most worth seeing (a few scalar values). */
function briefEvidence(s: SignalResult, verbose: boolean): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.evidence)) {
    if (k === "registry" || k === "from" || k === "categoryLabel") continue;
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      if (v.every((x) => typeof x !== "object"))
        parts.push(`${k}=${v.slice(0, 4).join(",")}${v.length > 4 ? ",…" : ""}`);
    } else if (typeof v !== "object") parts.push(`${k}=${String(v)}`);
    if (!verbose && parts.length >= 2) break;
  }
  return parts.join(" ");
}

/**
 * The trust-signal section of `intake scan`: per package, only the risky answers and errors
 * (with --quiet only critical and high ones); unknowns are counted with their main reasons, and
 * listed one by one with --verbose.
 */
export function renderSignals(result: ScanResult, options: RenderOptions): string[] {
  if (result.signals.length === 0) return [];
  const s = makeStyle(options.color);
  const byPkg = new Map<string, { label: string; items: { r: SignalResult; risk: SignalRisk }[] }>();
  const unknownReasons = new Map<string, number>();
  let unknowns = 0;
  for (const r of result.signals) {
    const def = signalById(r.id)?.definition;
    const risk = def?.risk ?? "info";
    const risky = def ? r.outcome === def.riskyAnswer : false;
    if (r.outcome === "unknown") {
      unknowns++;
      const why = (r.reason ?? "no reason given").replace(/https?:\/\/\S+/g, "<url>");
      unknownReasons.set(why, (unknownReasons.get(why) ?? 0) + 1);
      if (!options.verbose) continue;
    } else if (!risky && r.outcome !== "error") continue;
    if (options.quiet && !options.verbose && (r.outcome !== "error" ? RISK_ORDER.indexOf(risk) > 1 : false))
      continue;
    const key = `${r.package.ecosystem}/${r.package.name}@${r.package.version}`;
    let e = byPkg.get(key);
    if (!e) {
      e = { label: `${r.package.name}@${r.package.version || "?"}`, items: [] };
      byPkg.set(key, e);
    }
    e.items.push({ r, risk });
  }
  const out: string[] = [];
  const rank = (x: { items: { risk: SignalRisk }[] }) =>
    Math.min(...x.items.map((i) => RISK_ORDER.indexOf(i.risk)));
  const pkgs = [...byPkg.values()].sort((a, b) => rank(a) - rank(b) || (a.label < b.label ? -1 : 1));
  const limit = options.verbose ? pkgs.length : 20;
  if (pkgs.length > 0) {
    out.push(
      s.bold(`Signals (${pkgs.length} package${pkgs.length === 1 ? "" : "s"} with something to look at)`),
    );
    const width = Math.min(40, Math.max(...pkgs.slice(0, limit).map((p) => p.label.length)));
    for (const p of pkgs.slice(0, limit)) {
      // Risky answers and errors first, unknowns last; within each, the most serious first.
      const cls = (r: SignalResult) => (r.outcome === "unknown" ? 1 : 0);
      p.items.sort((a, b) => cls(a.r) - cls(b.r) || RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk));
      const tag = (r: SignalResult, risk: SignalRisk) =>
        r.outcome === "error"
          ? s.red("error")
          : r.outcome === "unknown"
            ? s.dim("unknown")
            : risk === "critical" || risk === "high"
              ? s.red(risk)
              : s.yellow(risk);
      if (!options.verbose) {
        // One line per package: what to look at, most serious first.
        const what = p.items.map(({ r, risk }) =>
          r.outcome === "error"
            ? `${r.id} ${s.red(`(error: ${shorten(r.reason ?? "no reason given", 80)})`)}`
            : `${r.id} ${tag(r, risk)}`,
        );
        out.push(`  ${p.label.padEnd(width)}  ${what.join(", ")}`);
        continue;
      }
      out.push(`  ${p.label}`);
      for (const { r, risk } of p.items) {
        const detail =
          r.outcome === "error" || r.outcome === "unknown" ? (r.reason ?? "") : briefEvidence(r, true);
        out.push(
          `    ${tag(r, risk)} ${r.id}${r.outcome === "yes" || r.outcome === "no" ? `=${r.outcome}` : ""}${detail ? s.dim(` ${detail}`) : ""}`,
        );
      }
    }
    if (pkgs.length > limit) out.push(s.dim(`  … ${pkgs.length - limit} more packages (use --verbose)`));
    if (!options.verbose) out.push(s.dim("  evidence for each answer: --verbose, or --format json"));
  }
  if (pkgs.length === 0 && unknowns > 0 && !options.quiet) out.push(s.bold("Signals"));
  if (unknowns > 0 && !options.quiet) {
    const top = [...unknownReasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    out.push(
      s.dim(
        `  ${unknowns} signal answers unknown (not a pass): ${top.map(([why, n]) => `${n}× ${why}`).join("; ")}` +
          (options.verbose ? "" : " — details with --verbose"),
      ),
    );
  }
  return out;
}
