// Ruby and PHP lockfile parsers on the large real lockfiles, against the bare read of the same
// text: JSON.parse for composer.lock; for Gemfile.lock (a line format) both a bare
// `split("\n")` and a split with one tokenizing regex per line (the least any line parser does).
// Usage: npm run bench -- inventory-ecosystems   (results go into docs/benchmarks.md by hand)
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { composerLockParser } from "../src/inventory/composer-lock/index.ts";
import { gemfileLockParser } from "../src/inventory/gemfile-lock/index.ts";
import type { InventoryParser } from "../src/inventory/types.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"), "large-lockfiles");

/** Best-of-batches time per call in ms (min over batches resists noise from other processes). */
async function time(fn: () => unknown, batches = 25, perBatch = 20): Promise<number> {
  for (let i = 0; i < 30; i++) await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    best = Math.min(best, (performance.now() - t0) / perBatch);
  }
  return best;
}

const TOKEN = /^( *)([^ (]+)(?: \(([^)]*)\))?/;

interface Case {
  rel: string;
  parser: InventoryParser;
  bares: { name: string; fn: (text: string) => unknown }[];
}

const CASES: Case[] = [
  {
    rel: "composer+packagist/composer.lock",
    parser: composerLockParser,
    bares: [{ name: "JSON.parse", fn: (t) => JSON.parse(t) }],
  },
  {
    rel: "rubygems+rubygems.org/Gemfile.lock",
    parser: gemfileLockParser,
    bares: [
      { name: "split lines", fn: (t) => t.split("\n") },
      {
        name: "split + 1 regex/line",
        fn: (t) => {
          const out: RegExpExecArray[] = [];
          for (const line of t.split("\n")) {
            const m = TOKEN.exec(line);
            if (m) out.push(m);
          }
          return out;
        },
      },
    ],
  },
];

async function main(): Promise<void> {
  try {
    statSync(DATA);
  } catch {
    console.log(`skipped: ${DATA} is absent (real-world lockfiles not available)`);
    return;
  }
  console.log(`node ${process.version}\n`);
  console.log("| file | packages | parse ms | packages/s | bare read | bare ms | ratio |");
  console.log("|---|---:|---:|---:|---|---:|---:|");
  for (const c of CASES) {
    const path = join(DATA, c.rel);
    const text = readFileSync(path, "utf8");
    const file = { path: c.rel, absolutePath: path, text };
    const ctx = { readRelative: async () => undefined };
    const count = (await c.parser.parse(file, ctx)).packages.length;
    const ms = await time(() => c.parser.parse(file, ctx));
    for (const bare of c.bares) {
      const bareMs = await time(() => bare.fn(text));
      console.log(
        `| ${c.rel} | ${count} | ${ms.toFixed(3)} | ${Math.round(count / (ms / 1000)).toLocaleString("en-US")} | ${bare.name} | ${bareMs.toFixed(3)} | ${(ms / bareMs).toFixed(2)}× |`,
      );
    }
  }
}

await main();
