// Signals enrichment of the 2,194-entry npm lockfile (../shared/data/large-lockfiles):
//  1. cold: every registry document and Scorecard result from a loopback fake server that adds
//     20 ms to every response, default concurrency, empty cache (target ≤ 15 s);
//  2. warm: the same, answered from the on-disk cache, in a fresh process (target ≤ 1 s).
// Usage: node --expose-gc bench/signals.bench.ts
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildInventory } from "../src/inventory/inventory.ts";
import { collectSignals } from "../src/signals/collect.ts";
import { HttpClient } from "../src/signals/http/http.ts";
import { sendJson, startFakeServer } from "../src/signals/testing/fake-server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const LOCK = resolve(
  here,
  "../../shared/data/large-lockfiles/SAP+risk-explorer-for-software-supply-chains/package-lock.json",
);
const NOW = new Date("2026-11-22T00:00:00Z");
const args = process.argv.slice(2);
const phase = args[0] === "--warm" ? "warm" : args[0] === "--serve" ? "serve" : "main";

/** Versions the lockfile consumes, per name: the fake registry lists them besides older ones. */
const consumed = new Map<string, string[]>();

function packument(name: string): unknown {
  // A modest but realistic document: older versions plus the consumed ones, with times,
  // maintainers, licence and repository.
  const versions: Record<string, unknown> = {};
  const time: Record<string, string> = {};
  const list = [...Array.from({ length: 10 }, (_, i) => `0.${i}.0`), ...(consumed.get(name) ?? [])];
  list.forEach((v, i) => {
    time[v] = new Date(Date.UTC(2020, i, 1)).toISOString();
    versions[v] = {
      name,
      version: v,
      license: "MIT",
      maintainers: [{ name: "alice" }, { name: "bob" }],
      _npmUser: { name: "alice" },
      repository: { type: "git", url: `git+https://github.com/bench/${name.replace(/[@/]/g, "_")}.git` },
      dist: { integrity: "sha512-AAAA", tarball: `http://127.0.0.1/${name}/-/x-${v}.tgz` },
    };
  });
  return { name, time, versions };
}

async function enrich(registry: string, scorecard: string, cacheDir: string) {
  const inv = await buildInventory([LOCK]);
  const packages = inv.packages;
  const http = new HttpClient({ cacheDir });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const signals = await collectSignals(packages, {
    http,
    now: NOW,
    registries: { npm: { registry: `${registry}/`, scopes: {}, auth: new Map() }, pypi: {} },
    settings: { scorecardApiUrl: scorecard, depsDevUrl: `${scorecard}/deps` },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await http.close();
  const outcomes: Record<string, number> = {};
  for (const x of signals) outcomes[x.outcome] = (outcomes[x.outcome] ?? 0) + 1;
  return { ms, cpuMs, packages: packages.length, signals: signals.length, outcomes, http: http.stats };
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

if (!existsSync(LOCK)) {
  console.log("skipped: ../shared/data/large-lockfiles is absent");
  process.exit(0);
}

if (phase === "serve") {
  for (const p of (await buildInventory([LOCK])).packages)
    consumed.set(p.name, [...(consumed.get(p.name) ?? []), p.version]);
  const server = await startFakeServer(
    (req, res) => {
      const url = req.url ?? "/";
      if (url.startsWith("/projects/")) {
        const repo = url.slice("/projects/".length);
        return sendJson(res, {
          date: "2026-11-01",
          repo: { name: repo, commit: "0".repeat(40) },
          scorecard: { version: "v5", commit: "1".repeat(40) },
          score: 5.5,
          checks: [
            { name: "Maintained", score: 7, reason: "ok" },
            { name: "Code-Review", score: 4, reason: "some" },
          ],
        });
      }
      const name = decodeURIComponent(url.slice(1));
      return sendJson(res, packument(name));
    },
    { latencyMs: 20 },
  );
  process.stdout.write(`${server.url}\n`);
  process.on("SIGTERM", () => process.exit(0));
  await new Promise(() => {});
}

if (phase === "warm") {
  // Fresh process: nothing in memory, everything from the disk cache (the server is gone, so a
  // miss would show up as errors).
  const [, cacheDir, base] = args;
  const r = await enrich(base, base, cacheDir);
  console.log(JSON.stringify({ ...r, maxRssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

// The fake registry runs in its own process, so its work does not count against the enrichment.
const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const serverUrl: string = await new Promise((resolveUrl, reject) => {
  child.stdout.once("data", (d: Buffer) => resolveUrl(d.toString().trim()));
  child.once("exit", (code) => reject(new Error(`fake registry exited with ${code}`)));
});
const srv = {
  url: serverUrl,
  close: async () => {
    child.kill();
  },
};
const cacheDir = mkdtempSync(join(tmpdir(), "intake-bench-signals-"));
try {
  const cold = await enrich(srv.url, srv.url, cacheDir);
  const coldRss = process.resourceUsage().maxRSS;
  console.log(
    `cold (fake registry +20 ms/response, default concurrency): ${cold.packages} packages, ${cold.signals} answers, ${cold.http.requests} requests in ${(cold.ms / 1000).toFixed(2)} s (CPU ${(cold.cpuMs / 1000).toFixed(2)} s); peak RSS ${mb(coldRss * 1024)}; ${JSON.stringify({ outcomes: cold.outcomes, http: cold.http })}`,
  );
  await srv.close();
  const w = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--warm", cacheDir, srv.url], {
    encoding: "utf8",
  });
  if (w.status !== 0) throw new Error(w.stderr);
  const warm = JSON.parse(w.stdout.trim().split("\n").pop()!);
  console.log(
    `warm (disk cache, fresh process): ${warm.packages} packages, ${warm.signals} answers in ${(warm.ms / 1000).toFixed(2)} s (CPU ${(warm.cpuMs / 1000).toFixed(2)} s); peak RSS ${mb(warm.maxRssKiB * 1024)}; ${JSON.stringify({ outcomes: warm.outcomes, http: warm.http })}`,
  );
} finally {
  if (process.env.INTAKE_BENCH_KEEP_CACHE) console.log(`cache kept in ${cacheDir} ${srv.url}`);
  else rmSync(cacheDir, { recursive: true, force: true });
}
