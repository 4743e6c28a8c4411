// Inventory benchmark: every file in ../shared/data/large-lockfiles, parsed by the parser
// discovery picks for it, against a bare parse of the same text; then the whole
// `intake inventory` process on the 2,194-package package-lock.json against a bare `node`.
// Usage: npm run bench -- inventory      (results go into docs/benchmarks.md by hand)
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSyml } from "@yarnpkg/parsers";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { readInput, relativeReader } from "../src/inventory/read-input.ts";
import { parserForPath } from "../src/inventory/registry.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"), "large-lockfiles");
const BIG_NPM = join(DATA, "SAP+risk-explorer-for-software-supply-chains/package-lock.json");

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** CPU time (user + system) of this process in ms: unlike wall time, it does not count the time
 * other processes on a busy machine hold the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Best (minimum) CPU time in ms of `a` and of `b`, run alternately for `runs` rounds after
 * warm-up. The minimum, not the mean: interference only ever adds time. Slow parsers get fewer
 * rounds so the benchmark stays short. No forced GC between runs: the heap stays in its steady
 * state, as in a real scan.
 */
async function timePair(a: () => unknown, b: () => unknown, runs = 21): Promise<[number, number]> {
  const t0 = cpuMs();
  await a();
  const first = cpuMs() - t0;
  const rounds = first > 300 ? 3 : runs;
  const warm = first > 300 ? 0 : 3;
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  let bestA = first;
  let bestB = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    let s = cpuMs();
    await a();
    bestA = Math.min(bestA, cpuMs() - s);
    s = cpuMs();
    await b();
    bestB = Math.min(bestB, cpuMs() - s);
  }
  return [bestA, bestB];
}

/** The bare parse a parser is compared with: the generic parser for the file's syntax. */
function bareParse(path: string, text: string): { name: string; fn: () => unknown } {
  const b = basename(path);
  if (b.endsWith(".json") || /^\s*\{/.test(text.slice(0, 64)))
    return { name: "JSON.parse", fn: () => JSON.parse(text) };
  if (b.endsWith(".yaml") || b.endsWith(".yml")) return { name: "yaml.parse", fn: () => parseYaml(text) };
  if (b.endsWith(".lock") && /^\s*\[\[?[a-z]/m.test(text.slice(0, 4096)) && !b.startsWith("Gemfile")) {
    return { name: "smol-toml", fn: () => parseToml(text) };
  }
  if (b === "yarn.lock") {
    // Berry files are YAML; classic v1 files are not, so the reference is yarn's own parser.
    if (text.includes("\n__metadata:")) return { name: "yaml.parse", fn: () => parseYaml(text) };
    return { name: "parseSyml", fn: () => parseSyml(text) };
  }
  if (b === "go.mod") {
    // The go.mod parser also reads go.sum beside it: the bare reference splits both.
    let sum = "";
    try {
      sum = readFileSync(join(dirname(path), "go.sum"), "utf8");
    } catch {}
    return { name: "split lines (+ go.sum)", fn: () => [text.split("\n"), sum.split("\n")] };
  }
  return { name: "split lines", fn: () => text.split("\n") };
}

const f1 = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  let exists = false;
  try {
    exists = statSync(DATA).isDirectory();
  } catch {}
  if (!exists) {
    console.log(`skipped: ${DATA} is absent (real-world lockfiles not available)`);
    return;
  }
  console.log(`node ${process.version}, ${DATA}\n`);
  console.log(
    "Times are CPU ms (user + system), the best of up to 21 alternating runs of parser and bare parse after warm-up (3 for parses over 300 ms).\n",
  );
  console.log("| file | parser | packages | parse ms | packages/s | bare parse | bare ms | ratio |");
  console.log("|---|---|---:|---:|---:|---|---:|---:|");
  for (const path of walk(DATA)) {
    const rel = relative(DATA, path);
    const parser = parserForPath(path);
    if (!parser) {
      const withGoMod = basename(path) === "go.sum" && parserForPath(join(dirname(path), "go.mod"));
      console.log(`| ${rel} | ${withGoMod ? "read with go.mod" : "no parser"} | | | | | | |`);
      continue;
    }
    const file = await readInput(path);
    const ctx = { readRelative: relativeReader(file) };
    let count = 0;
    try {
      count = (await parser.parse(file, ctx)).packages.length;
    } catch (e) {
      console.log(`| ${rel} | ${parser.id} | error: ${e instanceof Error ? e.message : e} | | | | | |`);
      continue;
    }
    const bare = bareParse(path, file.text);
    const [ms, bareMs] = await timePair(() => parser.parse(file, ctx), bare.fn);
    console.log(
      `| ${rel} | ${parser.id} | ${count} | ${f1(ms)} | ${Math.round(count / (ms / 1000)).toLocaleString("en-US")} | ${bare.name} | ${f1(bareMs)} | ${(ms / bareMs).toFixed(2)}× |`,
    );
  }

  // Whole process: `intake inventory` on the big package-lock.json vs a bare node reading it.
  try {
    statSync(BIG_NPM);
  } catch {
    return;
  }
  const runs = 7;
  // Each child reports its own CPU time on exit (start-up included), through a preloaded module.
  const report =
    "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPU_US '+(u.user+u.system)+'\\n')})";
  const proc = (args: string[]) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["--import", report, ...args], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
      if (i === 0) continue;
      wall.push(performance.now() - t0);
      const m = /CPU_US (\d+)/.exec(r.stderr);
      if (m) cpu.push(Number(m[1]) / 1000);
    }
    return { wall: Math.min(...wall), cpu: Math.min(...cpu) };
  };
  const bareNode = proc(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(BIG_NPM)}, "utf8"))`]);
  const intake = proc(["bin/intake.js", "inventory", BIG_NPM, "--format", "json"]);
  const startup = proc(["bin/intake.js", "--version"]);
  const rel = relative(DATA, BIG_NPM);
  console.log(
    `\nWhole process on ${rel} (${readFileSync(BIG_NPM).length.toLocaleString("en-US")} bytes), best of ${runs}:`,
  );
  console.log("| command | CPU ms | wall ms |");
  console.log("|---|---:|---:|");
  console.log(`| node -e 'JSON.parse(readFileSync(...))' | ${f1(bareNode.cpu)} | ${f1(bareNode.wall)} |`);
  console.log(
    `| node bin/intake.js inventory <file> --format json | ${f1(intake.cpu)} | ${f1(intake.wall)} |`,
  );
  console.log(`| node bin/intake.js --version (start-up alone) | ${f1(startup.cpu)} | ${f1(startup.wall)} |`);
  console.log(
    `| ratio inventory / bare node | ${(intake.cpu / bareNode.cpu).toFixed(2)}× | ${(intake.wall / bareNode.wall).toFixed(2)}× |`,
  );
}

await main();
