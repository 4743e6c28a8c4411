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

/**
 * Paired timing: batches of the parser and of the bare read alternate, so load from other
 * processes on the shared machine hits both alike. Returns the best batch time of each (ms per
 * call) and the median of the per-pair ratios, which is what the table reports.
 */
async function paired(
  parse: () => unknown,
  bare: () => unknown,
  pairs = 40,
  perBatch = 10,
): Promise<{ parseMs: number; bareMs: number; ratio: number }> {
  for (let i = 0; i < 30; i++) {
    await parse();
    bare();
  }
  const ratios: number[] = [];
  let parseMs = Number.POSITIVE_INFINITY;
  let bareMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < pairs; k++) {
    let t0 = performance.now();
    for (let i = 0; i < perBatch; i++) bare();
    const b = (performance.now() - t0) / perBatch;
    t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await parse();
    const p = (performance.now() - t0) / perBatch;
    ratios.push(p / b);
    parseMs = Math.min(parseMs, p);
    bareMs = Math.min(bareMs, b);
  }
  ratios.sort((a, b) => a - b);
  return { parseMs, bareMs, ratio: ratios[ratios.length >> 1] };
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
  console.log(
    "| file | packages | parse ms (best) | packages/s | bare read | bare ms (best) | ratio (median of pairs) |",
  );
  console.log("|---|---:|---:|---:|---|---:|---:|");
  for (const c of CASES) {
    const path = join(DATA, c.rel);
    const text = readFileSync(path, "utf8");
    const file = { path: c.rel, absolutePath: path, text };
    const ctx = { readRelative: async () => undefined };
    const count = (await c.parser.parse(file, ctx)).packages.length;
    for (const bare of c.bares) {
      const r = await paired(
        () => c.parser.parse(file, ctx),
        () => bare.fn(text),
      );
      console.log(
        `| ${c.rel} | ${count} | ${r.parseMs.toFixed(3)} | ${Math.round(count / (r.parseMs / 1000)).toLocaleString("en-US")} | ${bare.name} | ${r.bareMs.toFixed(3)} | ${r.ratio.toFixed(2)}× |`,
      );
    }
  }
}

await main();
