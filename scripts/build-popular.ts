// Build the popular-package lists the typosquat signal compares names against, from real
// download counts. Usage:
//   node scripts/build-popular.ts --npm NPM_TSV --pypi PYPI_TSV [--top 5000] [--out src/signals/typosquat/data]
// NPM_TSV columns: name, version, downloads_a_month, summary (header line first).
// PYPI_TSV columns: name, version, month, rank_among_15000_most_downloaded, summary (header line first).
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    npm: { type: "string" },
    pypi: { type: "string" },
    top: { type: "string", default: "5000" },
    out: { type: "string", default: "src/signals/typosquat/data" },
  },
});
if (!values.npm && !values.pypi) {
  process.stderr.write(
    "usage: node scripts/build-popular.ts --npm NPM_TSV --pypi PYPI_TSV [--top N] [--out DIR]\n",
  );
  process.exit(2);
}
const top = Number(values.top);

/** Read a TSV with a header line; call `row` with a column → value map for each line. */
async function readTsv(path: string, row: (r: Record<string, string>) => void): Promise<void> {
  const rl = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  let header: string[] | undefined;
  for await (const line of rl) {
    const cols = line.split("\t");
    if (!header) {
      header = cols;
      continue;
    }
    const r: Record<string, string> = {};
    header.forEach((h, i) => {
      r[h] = cols[i] ?? "";
    });
    row(r);
  }
}

async function write(ecosystem: string, metric: string, entries: [string, number][], source: string) {
  await mkdir(values.out!, { recursive: true });
  const file = join(values.out!, `popular-${ecosystem.toLowerCase()}.json`);
  const doc = {
    ecosystem,
    metric,
    source: `built by scripts/build-popular.ts from ${source.split("/").pop()}`,
    count: entries.length,
    packages: entries,
  };
  await writeFile(file, `${JSON.stringify(doc)}\n`);
  process.stdout.write(`${file}: ${entries.length} names\n`);
}

if (values.npm) {
  const best = new Map<string, number>();
  await readTsv(values.npm, (r) => {
    const n = Number(r.downloads_a_month);
    if (!r.name || !Number.isFinite(n)) return;
    if ((best.get(r.name) ?? -1) < n) best.set(r.name, n);
  });
  const entries = [...best.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top);
  await write("npm", "downloads_a_month", entries, values.npm);
}

if (values.pypi) {
  const best = new Map<string, number>();
  await readTsv(values.pypi, (r) => {
    const rank = Number(r.rank_among_15000_most_downloaded);
    if (!r.name || !r.rank_among_15000_most_downloaded || !Number.isFinite(rank)) return;
    const name = r.name.toLowerCase().replace(/[-_.]+/g, "-");
    if (!best.has(name) || best.get(name)! > rank) best.set(name, rank);
  });
  const entries = [...best.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top);
  await write("PyPI", "rank_among_15000_most_downloaded (1 = most downloaded)", entries, values.pypi);
}
