import { Command, Option } from "commander";
import { describeError, UsageError } from "../core/errors.ts";
import { collect, writeOut } from "./common.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

interface DbFlags {
  db?: string;
  format?: "table" | "json";
  quiet?: boolean;
}

/** A progress line on stderr (a terminal gets one rewritten line; a log gets every 2 seconds). */
function stderrProgress(quiet?: boolean): (message: string) => void {
  if (quiet) return () => {};
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < (tty ? 100 : 2000)) return;
    last = now;
    if (tty) process.stderr.write(`\r\u001b[2K${message.slice(0, (process.stderr.columns ?? 80) - 1)}`);
    else process.stderr.write(`${message}\n`);
  };
}

function endProgress(quiet?: boolean): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write("\r\u001b[2K");
}

async function openFromFlags(flags: DbFlags) {
  const { openStore } = await import("../advisories/osv-store.ts");
  return openStore({ path: flags.db });
}

function addDbOptions(cmd: Command): Command {
  return cmd
    .option(
      "--db <path>",
      "SQLite file (default INTAKE_DB, else ~/.cache/intake/intake.db; DATABASE_URL selects PostgreSQL)",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("-q, --quiet", "no progress, only the result");
}

function importLine(s: import("../advisories/osv-store.ts").ImportStats): string {
  return (
    `${s.source}: ${s.read} read, ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged` +
    (s.removed ? `, ${s.removed} removed` : "") +
    (s.rejected ? `, ${s.rejected} rejected` : "") +
    (s.warnings ? `, ${s.warnings} kept with parts skipped` : "")
  );
}

function rejectionLines(s: import("../advisories/osv-store.ts").ImportStats, verbose: boolean): string[] {
  const shown = verbose ? s.rejections : s.rejections.slice(0, 5);
  const out = shown.map((r) => `  ✗ ${r.origin}${r.id ? ` (${r.id})` : ""}: ${r.reason}`);
  if (s.rejected > shown.length) out.push(`  … ${s.rejected - shown.length} more rejected`);
  return out;
}

export function dbCommand(setExit: (code: ExitCode) => void): Command {
  const db = new Command("db").description(
    "the local advisory store: sync OSV data, import local copies, show status",
  );
  db.addHelpText(
    "after",
    `
Examples:
  intake db sync --ecosystem npm --ecosystem PyPI   download and import the OSV exports
  intake db import ./osv-mirror/npm/all.zip         air-gapped: import exports copied by hand
  intake db status                                  what is in the store and how fresh it is

The store is SQLite in ~/.cache/intake/intake.db (or $XDG_CACHE_HOME, INTAKE_DB, --db PATH);
set DATABASE_URL=postgres://... to use PostgreSQL instead.`,
  );

  const sync = addDbOptions(
    new Command("sync")
      .description("download each ecosystem's OSV export (all.zip) and import what changed")
      .option(
        "-e, --ecosystem <name>",
        "OSV ecosystem to sync (repeatable; default: those synced before, else the language ecosystems)",
        collect,
        [],
      )
      .option(
        "--osv-base-url <url>",
        "mirror of the OSV exports (default INTAKE_OSV_BASE_URL, else OSV's public bucket)",
      ),
  );
  sync.addHelpText(
    "after",
    `
Examples:
  intake db sync                                   refresh what was synced before
  intake db sync -e npm -e PyPI -e Go              choose ecosystems
  intake db sync -e Debian:12                      one distribution release
  intake db sync --osv-base-url https://mirror.example.org/osv   an internal mirror

An export that has not changed since the last sync (ETag / Last-Modified) is not downloaded again.
Each ecosystem is imported in one transaction: a failure leaves its previous data intact.`,
  );
  sync.action(async (flags: DbFlags & { ecosystem: string[]; osvBaseUrl?: string }) => {
    const { syncAdvisories } = await import("../advisories/sync.ts");
    const store = await openFromFlags(flags);
    try {
      const tick = stderrProgress(flags.quiet);
      const results = await syncAdvisories(store, {
        ecosystems: flags.ecosystem,
        baseUrl: flags.osvBaseUrl,
        progress: tick,
      });
      endProgress(flags.quiet);
      if (flags.format === "json") await writeOut(`${JSON.stringify(results, null, 2)}\n`);
      else {
        const lines = results.map((r) =>
          r.status === "failed"
            ? `✗ ${r.ecosystem}: ${r.error}`
            : r.status === "unchanged"
              ? `= ${r.ecosystem}: unchanged since the last sync`
              : `✓ ${importLine(r.stats!).replace(/^osv:/, "")}`,
        );
        for (const r of results) if (r.stats) lines.push(...rejectionLines(r.stats, false));
        await writeOut(`${lines.join("\n")}\n`);
      }
      if (results.some((r) => r.status === "failed")) setExit(EXIT.INPUT_ERRORS);
    } finally {
      await store.close();
    }
  });

  const imp = addDbOptions(
    new Command("import")
      .description("import local OSV data: zip exports, folders of JSON or YAML records, single records")
      .argument("<paths...>", "zip files, folders or record files")
      .option("-v, --verbose", "list every rejected record"),
  );
  imp.addHelpText(
    "after",
    `
Examples:
  intake db import npm-all.zip PyPI-all.zip        exports downloaded elsewhere
  intake db import ./advisory-database/vulns       a checkout of an advisory database (YAML or JSON)
  intake db import ./private-advisories            your own OSV records for internal packages

Records whose 'modified' time is not newer than the stored copy are skipped; invalid records are
counted and listed with the reason, and never stop the import.`,
  );
  imp.action(async (paths: string[], flags: DbFlags & { verbose?: boolean }) => {
    const { importAdvisories } = await import("../advisories/import.ts");
    const store = await openFromFlags(flags);
    try {
      const tick = stderrProgress(flags.quiet);
      const all = [];
      for (const p of paths) {
        try {
          all.push(
            ...(await importAdvisories(store, [p], { onProgress: (s) => tick(`${p}: ${s.read} records`) })),
          );
        } catch (e) {
          endProgress(flags.quiet);
          process.stderr.write(`intake: ${describeError(e)}\n`);
          setExit(EXIT.INPUT_ERRORS);
        }
      }
      endProgress(flags.quiet);
      if (flags.format === "json") await writeOut(`${JSON.stringify(all, null, 2)}\n`);
      else
        await writeOut(
          `${all.flatMap((s) => [importLine(s), ...rejectionLines(s, Boolean(flags.verbose))]).join("\n")}\n`,
        );
    } finally {
      await store.close();
    }
  });

  const status = addDbOptions(
    new Command("status")
      .description("sources, record counts per ecosystem and kind, and freshness")
      .option("--stale-days <n>", "warn when the last sync is older than N days", "7"),
  );
  status.addHelpText(
    "after",
    `
Examples:
  intake db status                   counts and last sync time
  intake db status --format json     for monitoring (exit 3 when stale)`,
  );
  status.action(async (flags: DbFlags & { staleDays: string }) => {
    const days = Number(flags.staleDays);
    if (!Number.isFinite(days) || days < 0)
      throw new UsageError("usage", `--stale-days must be a number of days, got '${flags.staleDays}'`);
    const store = await openFromFlags(flags);
    try {
      const st = await store.status();
      const age = st.lastSync ? (Date.now() - Date.parse(st.lastSync)) / 86_400_000 : undefined;
      const stale = age === undefined || age > days;
      if (flags.format === "json") {
        await writeOut(
          `${JSON.stringify({ ...st, ageDays: age === undefined ? null : Number(age.toFixed(2)), stale }, null, 2)}\n`,
        );
      } else {
        const lines = [
          `Advisory store: ${st.location} (${st.dialect})`,
          `${st.advisories} records (${st.withdrawn} withdrawn)`,
        ];
        if (st.byEcosystem.length) {
          lines.push("", "ecosystem        kind            records");
          for (const e of st.byEcosystem)
            lines.push(`${e.ecosystem.padEnd(16)} ${e.kind.padEnd(15)} ${e.count}`);
        }
        if (st.sources.length) {
          lines.push("", "Sources");
          for (const s of st.sources)
            lines.push(
              `  ${s.id}  ${s.records} records${s.rejected ? `, ${s.rejected} rejected` : ""}, updated ${s.syncedAt}`,
            );
        }
        lines.push("");
        if (age === undefined)
          lines.push("! the store is empty: run `intake db sync` (or `intake db import PATH`)");
        else if (stale)
          lines.push(
            `! last updated ${Math.floor(age)} days ago (more than ${days}): run \`intake db sync\``,
          );
        else lines.push(`last updated ${age < 1 ? "today" : `${Math.floor(age)} days ago`} (${st.lastSync})`);
        await writeOut(`${lines.join("\n")}\n`);
      }
      if (stale) setExit(EXIT.INPUT_ERRORS);
    } finally {
      await store.close();
    }
  });

  db.addCommand(sync);
  db.addCommand(imp);
  db.addCommand(status);
  return db;
}
