// Python, Go and Rust lockfile parsers on the large real lockfiles, against the bare parse of the
// same text: smol-toml for Cargo.lock / uv.lock / poetry.lock; for go.mod + go.sum (line formats
// with no generic parser) both a bare `split("\n")` of both files and a split with one
// tokenizing regex per line. go.sum is handed to the parser from memory, as the bare read gets
// it, so both sides measure parsing and not disk reads.
// Usage: npm run bench -- inventory-python-go-rust   (results go into docs/benchmarks.md by hand)
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { cargoLockParser } from "../src/inventory/cargo-lock/index.ts";
import { goModParser } from "../src/inventory/go-mod/index.ts";
import { poetryLockParser } from "../src/inventory/poetry-lock/index.ts";
import type { InputFile, InventoryParser } from "../src/inventory/types.ts";
import { uvLockParser } from "../src/inventory/uv-lock/index.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"), "large-lockfiles");

/** Batches of the parser and of the bare parse alternate; best batch times and median ratio. */
async function paired(
  parse: () => unknown,
  bare: () => unknown,
  pairs = 40,
  perBatch = 5,
): Promise<{ parseMs: number; bareMs: number; ratio: number }> {
  for (let i = 0; i < 20; i++) {
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

const TOKEN = /^\s*(\S+)\s+(\S+)(?:\s+(\S+))?/;
const splitLines = (texts: string[]) => texts.map((t) => t.split("\n"));
const splitAndTokenize = (texts: string[]) => {
  const out: RegExpExecArray[] = [];
  for (const t of texts)
    for (const line of t.split("\n")) {
      const m = TOKEN.exec(line);
      if (m) out.push(m);
    }
  return out;
};

interface Case {
  rel: string;
  parser: InventoryParser;
  /** Sibling file handed to the parser from memory (go.sum). */
  sibling?: string;
  bares: { name: string; fn: (texts: string[]) => unknown }[];
}

const TOML = { name: "smol-toml parse", fn: (t: string[]) => parseToml(t[0]) };
const CASES: Case[] = [
  { rel: "nushell+nushell/Cargo.lock", parser: cargoLockParser, bares: [TOML] },
  { rel: "pydantic+pydantic/uv.lock", parser: uvLockParser, bares: [TOML] },
  { rel: "google+osv.dev/poetry.lock", parser: poetryLockParser, bares: [TOML] },
  ...["ossf+scorecard", "guacsec+guac"].map((repo) => ({
    rel: `${repo}/go.mod`,
    parser: goModParser,
    sibling: "go.sum",
    bares: [
      { name: "split lines (go.mod + go.sum)", fn: splitLines },
      { name: "split + 1 regex/line (go.mod + go.sum)", fn: splitAndTokenize },
    ],
  })),
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
    "| file | packages | parse ms (best) | packages/s | bare parse | bare ms (best) | ratio (median of pairs) |",
  );
  console.log("|---|---:|---:|---:|---|---:|---:|");
  for (const c of CASES) {
    const path = join(DATA, c.rel);
    const text = readFileSync(path, "utf8");
    const file: InputFile = { path: c.rel, absolutePath: path, text };
    const texts = [text];
    let sibling: InputFile | undefined;
    if (c.sibling) {
      const sp = join(dirname(path), c.sibling);
      sibling = { path: c.sibling, absolutePath: sp, text: readFileSync(sp, "utf8") };
      texts.push(sibling.text);
    }
    const ctx = { readRelative: async (p: string) => (sibling && p === c.sibling ? sibling : undefined) };
    const count = (await c.parser.parse(file, ctx)).packages.length;
    for (const bare of c.bares) {
      const r = await paired(
        () => c.parser.parse(file, ctx),
        () => bare.fn(texts),
      );
      console.log(
        `| ${c.rel} | ${count} | ${r.parseMs.toFixed(3)} | ${Math.round(count / (r.parseMs / 1000)).toLocaleString("en-US")} | ${bare.name} | ${r.bareMs.toFixed(3)} | ${r.ratio.toFixed(2)}× |`,
      );
    }
  }
}

await main();
