// Advisory benchmarks (results in docs/benchmarks.md, "## Advisories"):
//  1. import every record in ../shared/data/advisories into a fresh SQLite store (records/s);
//  2. build a store of 200,000 synthetic npm advisories (also an import throughput figure);
//  3. match the 2,194-package package-lock.json against it: the matching step alone (target ≤ 100 ms);
//  4. the whole `intake scan --offline` process on that lockfile with the warm store, against a
//     bare `node` that reads and JSON-parses the file (target within 5×), and its peak memory
//     (target ≤ 300 MB).
// Usage: npm run bench -- advisories    (INTAKE_BENCH_RECORDS=N to change the synthetic size)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importAdvisories } from "../src/advisories/import.ts";
import { matchPackages } from "../src/advisories/matcher.ts";
import { openStore, type RecordInput } from "../src/advisories/osv-store.ts";
import { readInput, relativeReader } from "../src/inventory/read-input.ts";
import { parserForPath } from "../src/inventory/registry.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"));
const ADVISORIES = join(SHARED, "advisories");
const BIG_NPM = join(
  SHARED,
  "large-lockfiles/SAP+risk-explorer-for-software-supply-chains/package-lock.json",
);
const SYNTHETIC = Number(process.env.INTAKE_BENCH_RECORDS ?? 200_000);
/** One synthetic record in EVERY names a package of the lockfile (10: ~9 records per package there). */
const EVERY = Number(process.env.INTAKE_BENCH_EVERY ?? 10);
/** Reuse (or keep) the synthetic store at this path instead of building it in a temporary folder. */
const KEEP_STORE = process.env.INTAKE_BENCH_STORE;
/** Skip the real-data import (section 1). */
const SKIP_REAL = process.env.INTAKE_BENCH_SKIP_REAL === "1";

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const f1 = (n: number) => n.toFixed(1);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** A small deterministic PRNG (mulberry32) so every run builds the same synthetic store. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VECTORS = [
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
  "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
];

/**
 * Synthetic npm records: 1 in 10 names a package of the big lockfile (≈ 9 records per package there,
 * far more than real data has), the rest spread over 60,000 other names. Pairs of records share a
 * CVE alias (so alias merging is exercised); ranges mix introduced/fixed pairs, last_affected,
 * several ranges, and explicit versions lists.
 */
function* synthetic(lockNames: string[], n: number): Generator<RecordInput> {
  const r = rng(42);
  const v = () => `${Math.floor(r() * 6)}.${Math.floor(r() * 20)}.${Math.floor(r() * 30)}`;
  for (let i = 0; i < n; i++) {
    const name = i % EVERY === 0 ? lockNames[(i / EVERY) % lockNames.length] : `synthetic-pkg-${i % 60_000}`;
    const kind = r();
    let affected: Record<string, unknown>;
    if (kind < 0.5)
      affected = { ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: v() }] }] };
    else if (kind < 0.7) {
      const [a, b] = [v(), v()].sort((x, y) => x.localeCompare(y, "en", { numeric: true }));
      affected = {
        ranges: [
          {
            type: "SEMVER",
            events: [{ introduced: a }, { fixed: b }, { introduced: "9.0.0" }, { fixed: "9.1.0" }],
          },
        ],
      };
    } else if (kind < 0.85)
      affected = { ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: v() }] }] };
    else affected = { versions: [v(), v(), v()] };
    yield {
      origin: `synthetic#${i}`,
      value: {
        id: `GHSA-syn-${i}`,
        modified: "2025-01-01T00:00:00Z",
        published: "2024-06-01T00:00:00Z",
        aliases: [`CVE-2099-${Math.floor(i / 2)}`],
        summary: `synthetic advisory ${i}`,
        severity: [{ type: "CVSS_V3", score: VECTORS[i % VECTORS.length] }],
        affected: [{ package: { ecosystem: "npm", name }, ...affected }],
      },
    };
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "intake-bench-adv-"));
  const load = () => (spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout ?? "").split(" ")[0];
  console.log(`node ${process.version}, load average ${load()}\n`);
  try {
    // 1. Real data.
    if (!SKIP_REAL) {
      const store = await openStore({ path: join(tmp, "real.db") });
      console.log("| data set | records | rejected | wall s | CPU s | records/s (wall) |");
      console.log("|---|---:|---:|---:|---:|---:|");
      for (const sub of ["golang-vulndb", "pypa-osv-json", "pypa-advisory-database", ".all"]) {
        const path = sub === ".all" ? ADVISORIES : join(ADVISORIES, sub);
        const db = sub === ".all" ? await openStore({ path: join(tmp, "all.db") }) : store;
        const t0 = performance.now();
        const c0 = cpuMs();
        const stats = await importAdvisories(db, [path]);
        const wall = (performance.now() - t0) / 1000;
        const cpu = (cpuMs() - c0) / 1000;
        const read = stats.reduce((n, s) => n + s.read, 0);
        const rejected = stats.reduce((n, s) => n + s.rejected, 0);
        console.log(
          `| ${sub === ".all" ? "all of advisories/ (JSON + YAML)" : sub} | ${fmt(read)} | ${rejected} | ${f1(wall)} | ${f1(cpu)} | ${fmt(read / wall)} |`,
        );
        if (sub === ".all") await db.close();
      }
      await store.close();
    }

    // 2. Synthetic store.
    const lockText = readFileSync(BIG_NPM, "utf8");
    const lock = JSON.parse(lockText) as { packages: Record<string, { version?: string }> };
    const lockNames = [
      ...new Set(
        Object.keys(lock.packages)
          .filter((k) => k.includes("node_modules/"))
          .map((k) => k.slice(k.lastIndexOf("node_modules/") + "node_modules/".length)),
      ),
    ];
    const dbPath = KEEP_STORE ?? join(tmp, "synthetic.db");
    if (!KEEP_STORE || !existsSync(KEEP_STORE)) {
      const store = await openStore({ path: dbPath });
      const t0 = performance.now();
      const stats = await store.importRecords(synthetic(lockNames, SYNTHETIC), {
        id: "bench:synthetic",
        kind: "import",
        location: "synthetic",
      });
      const wall = (performance.now() - t0) / 1000;
      console.log(
        `\nSynthetic store: ${fmt(stats.inserted)} records (1 in ${EVERY}, ≈ ${fmt(SYNTHETIC / EVERY)} records, name one of ${lockNames.length} lockfile packages), imported in ${f1(wall)} s = ${fmt(stats.inserted / wall)} records/s; file ${fmt(statSync(dbPath).size / 1e6)} MB`,
      );
      await store.close();
    }

    // 3. Matching step: the lockfile's packages against the synthetic store.
    const parser = parserForPath(BIG_NPM)!;
    const file = await readInput(BIG_NPM);
    const { packages } = await parser.parse(file, { readRelative: relativeReader(file) });
    {
      const store = await openStore({ path: dbPath, mustExist: true });
      const times: { wall: number; cpu: number; findings: number }[] = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        const c0 = cpuMs();
        const out = await matchPackages(store, packages);
        times.push({ wall: performance.now() - t0, cpu: cpuMs() - c0, findings: out.findings.length });
      }
      await store.close();
      const warm = times.slice(1);
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `\nMatching ${packages.length} packages against ${fmt(SYNTHETIC)} advisories (${times[0].findings} findings):`,
      );
      console.log("| run | wall ms | CPU ms |");
      console.log("|---|---:|---:|");
      console.log(`| first (cold store pages, ranges parsed) | ${f1(times[0].wall)} | ${f1(times[0].cpu)} |`);
      console.log(
        `| warm, best of 10 | ${f1(Math.min(...warm.map((t) => t.wall)))} | ${f1(Math.min(...warm.map((t) => t.cpu)))} |`,
      );
      console.log(
        `| warm, median of 10 | ${f1(med(warm.map((t) => t.wall)))} | ${f1(med(warm.map((t) => t.cpu)))} |`,
      );
    }

    // 4. Whole process with the warm store vs bare node.
    const report =
      "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPU_US '+(u.user+u.system)+' RSS_KB '+process.resourceUsage().maxRSS+'\\n')})";
    const runs = 5;
    const proc = (args: string[], env: Record<string, string> = {}) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ["--import", report, ...args], {
          cwd: ROOT,
          stdio: ["ignore", "ignore", "pipe"],
          encoding: "utf8",
          env: { ...process.env, ...env },
        });
        if (r.status !== 0 && r.status !== 1)
          throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
        if (i === 0) continue;
        wall.push(performance.now() - t0);
        const m = /CPU_US (\d+) RSS_KB (\d+)/.exec(r.stderr);
        if (m) {
          cpu.push(Number(m[1]) / 1000);
          rss.push(Number(m[2]) / 1024);
        }
      }
      return { wall: Math.min(...wall), cpu: Math.min(...cpu), rss: Math.max(...rss) };
    };
    const bare = proc(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(BIG_NPM)}, "utf8"))`]);
    const scanArgs = [
      "bin/intake.js",
      "scan",
      BIG_NPM,
      "--offline",
      "--db",
      dbPath,
      "--format",
      "json",
      "--output",
      join(tmp, "out.json"),
    ];
    const scan = proc(scanArgs);
    const scanOnlyMatch = proc([...scanArgs, "--signals", "none"]);
    const inventory = proc([
      "bin/intake.js",
      "inventory",
      BIG_NPM,
      "--format",
      "json",
      "--output",
      join(tmp, "inv.json"),
    ]);
    const found = (JSON.parse(readFileSync(join(tmp, "out.json"), "utf8")) as { findings: unknown[] })
      .findings.length;
    console.log(
      `\nWhole process on the 2,194-package lockfile, store of ${fmt(SYNTHETIC)} advisories (${found} findings), best of ${runs}:`,
    );
    console.log("| command | CPU ms | wall ms | peak RSS MB |");
    console.log("|---|---:|---:|---:|");
    console.log(
      `| node -e 'JSON.parse(readFileSync(...))' | ${f1(bare.cpu)} | ${f1(bare.wall)} | ${f1(bare.rss)} |`,
    );
    console.log(
      `| intake inventory <file> (no matching) | ${f1(inventory.cpu)} | ${f1(inventory.wall)} | ${f1(inventory.rss)} |`,
    );
    console.log(
      `| intake scan <file> --offline --db <store> --signals none | ${f1(scanOnlyMatch.cpu)} | ${f1(scanOnlyMatch.wall)} | ${f1(scanOnlyMatch.rss)} |`,
    );
    console.log(
      `| intake scan <file> --offline --db <store> (every stage) | ${f1(scan.cpu)} | ${f1(scan.wall)} | ${f1(scan.rss)} |`,
    );
    console.log(
      `| ratio scan --signals none / bare node | ${(scanOnlyMatch.cpu / bare.cpu).toFixed(2)}× | ${(scanOnlyMatch.wall / bare.wall).toFixed(2)}× | |`,
    );
    console.log(
      `| ratio scan (every stage) / bare node | ${(scan.cpu / bare.cpu).toFixed(2)}× | ${(scan.wall / bare.wall).toFixed(2)}× | |`,
    );
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
