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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Best (minimum) wall time in ms of fn over `runs` runs after `warm` warm-up runs. The minimum,
 * not the mean: on a shared machine other processes only ever add time, so the fastest run is
 * the closest to the code's own cost. Slow parsers get fewer runs so the benchmark stays short.
 */
async function time(fn: () => unknown, runs = 21, warm = 3): Promise<number> {
  const g = (globalThis as { gc?: () => void }).gc;
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  if (first > 300) {
    runs = 3;
    warm = 0;
  }
  for (let i = 0; i < warm; i++) await fn();
  let best = first;
  for (let i = 0; i < runs; i++) {
    g?.();
    const s = performance.now();
    await fn();
    best = Math.min(best, performance.now() - s);
  }
  return best;
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
  console.log("Times are the best of up to 21 runs after warm-up (3 runs for parses over 300 ms).\n");
  console.log("| file | parser | packages | parse ms | packages/s | bare parse | bare ms | ratio |");
  console.log("|---|---|---:|---:|---:|---|---:|---:|");
  for (const path of walk(DATA)) {
    const rel = relative(DATA, path);
    const parser = parserForPath(path);
    if (!parser) {
      console.log(`| ${rel} | no parser | | | | | | |`);
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
    const ms = await time(() => parser.parse(file, ctx));
    const bare = bareParse(path, file.text);
    const bareMs = await time(bare.fn);
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
  const proc = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
      if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
      if (i > 0) times.push(performance.now() - t0);
    }
    return { median: median(times), best: Math.min(...times) };
  };
  const bareNode = proc(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(BIG_NPM)}, "utf8"))`]);
  const intake = proc(["bin/intake.js", "inventory", BIG_NPM, "--format", "json"]);
  const rel = relative(DATA, BIG_NPM);
  console.log(
    `\nWhole process on ${rel} (${readFileSync(BIG_NPM).length.toLocaleString("en-US")} bytes), ${runs} runs:`,
  );
  console.log("| command | median ms | best ms |");
  console.log("|---|---:|---:|");
  console.log(`| node -e 'JSON.parse(readFileSync(...))' | ${f1(bareNode.median)} | ${f1(bareNode.best)} |`);
  console.log(
    `| node bin/intake.js inventory <file> --format json | ${f1(intake.median)} | ${f1(intake.best)} |`,
  );
  console.log(
    `| ratio | ${(intake.median / bareNode.median).toFixed(2)}× | ${(intake.best / bareNode.best).toFixed(2)}× |`,
  );
  const startup = proc(["bin/intake.js", "--version"]);
  console.log(
    `| node bin/intake.js --version (start-up alone) | ${f1(startup.median)} | ${f1(startup.best)} |`,
  );
}

await main();
