import { CATEGORY_LABELS, licenseTable } from "./license/categories.ts";
import { SIGNALS } from "./registry.ts";
import type { SignalDefinition } from "./types.ts";

/** The definitions as plain data (for `intake signals list --format json`). */
export function signalDefinitions(): SignalDefinition[] {
  return SIGNALS.map((s) => ({ ...s.definition }));
}

/** Terminal table of every signal. */
export function signalsTable(): string {
  const rows = SIGNALS.map((s) => {
    const d = s.definition;
    return [d.id, d.risk, `risky=${d.riskyAnswer}`, d.network ? "network" : "offline", d.family, d.title];
  });
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")).join("\n")}\n`;
}

/**
 * docs/signals.md, generated from the definitions (a test checks the committed file is current:
 * regenerate with `node scripts/gen-signals-doc.ts`).
 */
export function signalsMarkdown(): string {
  const out: string[] = [
    "# Trust signals",
    "",
    "<!-- generated from src/signals/*/ definitions by scripts/gen-signals-doc.ts; do not edit by hand -->",
    "",
    "Every signal asks one yes/no question about a consumed package. The answer is `yes`, `no`, `unknown` (we could",
    "not tell: offline, not configured, the registry does not say) or `error` (we looked and something failed, e.g. a",
    "provenance bundle that does not verify). **Unknown is never a pass**: the policy decides what it means.",
    "Each result carries its evidence (values, versions, URLs) in the JSON output (`signals[]`).",
    "",
    "`risky` names the answer that should worry you: `yes` for `hasInstallScript`, `no` for `hasVerifiedProvenance`.",
    "Offline signals need nothing but the input; network signals read registries, the Scorecard API or deps.dev",
    "through one HTTP layer with an on-disk cache (`--cache-dir`, `INTAKE_CACHE_DIR`), and with `--offline` they",
    "answer from that cache only.",
    "",
    "| id | risk | risky | needs | ecosystems | question |",
    "|---|---|---|---|---|---|",
  ];
  for (const s of SIGNALS) {
    const d = s.definition;
    out.push(
      `| [\`${d.id}\`](#${d.id.toLowerCase()}) | ${d.risk} | ${d.riskyAnswer} | ${d.network ? "network" : "offline"} | ${d.ecosystems?.join(", ") ?? "all"} | ${d.title} |`,
    );
  }
  let family = "";
  for (const s of SIGNALS) {
    const d = s.definition;
    if (d.family !== family) {
      family = d.family;
      out.push("", `## ${family}`);
    }
    out.push(
      "",
      `### ${d.id}`,
      "",
      `**${d.title}** — risk ${d.risk}; the risky answer is \`${d.riskyAnswer}\`.`,
      "",
      d.description,
      "",
      `- Remediation: ${d.remediation}`,
      `- Threats: ${d.threats.map((t) => `\`${t}\``).join(", ")}`,
      `- Ecosystems: ${d.ecosystems?.join(", ") ?? "all"}`,
      `- Needs the network: ${d.network ? "yes (cache only with --offline)" : "no"}`,
    );
  }
  out.push(
    "",
    "## Settings",
    "",
    "| setting | flag / variable | default |",
    "|---|---|---|",
    "| signals to collect (ids or families) | `--signals LIST` | all |",
    "| cool-down window of `publishedWithinDays` | `--signals-window DAYS`, `INTAKE_SIGNALS_WINDOW_DAYS` | 7 |",
    "| silence before a release counts as a revival (`isRevivedAfterDormancy`, days) | `INTAKE_DORMANCY_DAYS` | 730 |",
    "| HTTP cache folder | `--cache-dir DIR`, `INTAKE_CACHE_DIR` | `$XDG_CACHE_HOME/intake` or `~/.cache/intake` |",
    "| Scorecard result files | `--scorecard-results DIR`, `INTAKE_SCORECARD_RESULTS` | none |",
    "| Scorecard API | `INTAKE_SCORECARD_API_URL` | `https://api.securityscorecards.dev` |",
    "| deps.dev API (repository lookup) | `INTAKE_DEPS_DEV_URL` | `https://api.deps.dev/v3` |",
    "| low Scorecard threshold | `INTAKE_SCORECARD_THRESHOLD` | 4 |",
    "| Scorecard results older than this are stale (days) | `INTAKE_SCORECARD_STALE_DAYS` | 90 |",
    "| internal scopes / names / registries (dependency confusion) | `INTAKE_INTERNAL_SCOPES`, `INTAKE_INTERNAL_PACKAGES`, `INTAKE_INTERNAL_REGISTRIES` (comma-separated) | none |",
    "| crates.io, RubyGems, Packagist, NuGet, Go proxy API bases | `INTAKE_CRATES_IO_URL`, `INTAKE_RUBYGEMS_URL`, `INTAKE_PACKAGIST_URL`, `INTAKE_NUGET_URL`, `INTAKE_GOPROXY_URL` | the public services |",
    "| PyPI JSON API (when it cannot be derived from the index URL) | `INTAKE_PYPI_JSON_URL` | derived from pip's index-url |",
    "| Sigstore trusted root | `INTAKE_SIGSTORE_TRUSTED_ROOT` | shipped `src/signals/provenance/trusted-root.json` |",
    "",
    "A project can also keep these in the `signals:` key of `.intake.yaml` in the scanned folder (flags and",
    "options win over it, it wins over the variables): `select`, `windowDays`, `dormancyDays`, `internalScopes`,",
    "`internalPackages`, `internalRegistries`, `scorecardThreshold`, `scorecardStaleDays`, `scorecardApiUrl`,",
    "`depsDevUrl`, `scorecardResults` (a folder relative to the file). For example:",
    "",
    "```yaml",
    "signals:",
    "  windowDays: 14",
    "  internalScopes: ['@acme']",
    "  internalRegistries: ['https://npm.acme.example/']",
    "```",
    "",
    "npm and PyPI are asked only where **your** configuration points: `npm_config_registry`, the project's `.npmrc`",
    "(next to the scanned input or above), `~/.npmrc`, scoped registries (`@scope:registry=`) and their tokens",
    "(`//host/:_authToken=${TOKEN}`); `PIP_INDEX_URL`, `PIP_CONFIG_FILE`, user and global `pip.conf` (the JSON API is",
    "derived from an index URL ending in `/simple`). With no configuration those signals answer `unknown`. Tokens are",
    "sent only to the registry they belong to and never printed.",
    "",
    "## Licence categories",
    "",
    "Policy rules can read `license.category` (one of the ids below). An `OR` expression takes its most permissive",
    "option, an `AND` its most restrictive term; an exception such as `Classpath-exception-2.0` can lower a category.",
    "",
    "| category | meaning | licences |",
    "|---|---|---|",
  );
  const byCat = new Map<string, string[]>();
  for (const { id, category } of licenseTable()) byCat.set(category, [...(byCat.get(category) ?? []), id]);
  for (const [cat, ids] of byCat)
    out.push(`| \`${cat}\` | ${CATEGORY_LABELS[cat as keyof typeof CATEGORY_LABELS]} | ${ids.join(", ")} |`);
  out.push("| `unknown` | not in the table, or not readable as SPDX | — |", "");
  return out.join("\n");
}
