// Versions benchmark: comparisons per second for each ecosystem's scheme, on the real-world
// vectors in ../shared/data/versions (every `<a> <op> <b>` line of the files SOURCES.md assigns to
// that ecosystem). "first pass" parses every version for the first time (cold cache); "warm" is the
// matcher's steady state, where the same versions are compared again and again (parse cache hits).
// Usage: npm run bench -- versions      (results go into docs/benchmarks.md by hand)
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { schemeFor } from "../src/versions/index.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIR = resolve(
  process.env.INTAKE_SHARED_DATA ?? join(ROOT, "../shared/data"),
  "versions/semantic/testdata",
);

const FILES: [string, string[]][] = [
  ["npm", ["semver-versions.txt"]],
  ["Go", ["semver-versions.txt"]],
  ["PyPI", ["pypi-versions.txt", "pypi-versions-generated.txt"]],
  ["Maven", ["maven-versions.txt", "maven-versions-generated.txt"]],
  ["Debian", ["debian-versions.txt", "debian-versions-generated.txt"]],
  ["RubyGems", ["rubygems-versions.txt", "rubygems-versions-generated.txt"]],
  ["NuGet", ["nuget-versions.txt"]],
  ["Packagist", ["packagist-versions.txt", "packagist-versions-generated.txt"]],
  ["Alpine", ["alpine-versions.txt", "alpine-versions-generated.txt"]],
  ["Red Hat", ["redhat-versions.txt"]],
  ["CRAN", ["cran-versions.txt", "cran-versions-generated.txt"]],
  ["Hackage", ["hackage-versions.txt"]],
  ["Pub", ["pub-versions.txt"]],
];

function pairs(file: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of readFileSync(join(DIR, file), "utf8").split(/\r?\n/)) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || t.startsWith("//")) continue;
    const m = /^(\S+) [<=>] (\S+)$/.exec(t);
    if (m) out.push([m[1] as string, m[2] as string]);
  }
  return out;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(0)} k`;
}

if (!existsSync(DIR)) {
  console.log(`skipped: ${DIR} is absent`);
  process.exit(0);
}

// Calibration: two Map lookups per "comparison", the floor any cached comparison pays.
{
  const m = new Map<string, number>();
  const keys = Array.from({ length: 20_000 }, (_, i) => `1.2.${i}-r${i % 7}`);
  for (let i = 0; i < keys.length; i++) m.set(keys[i], i);
  let best = 0;
  let acc = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < 1.5e8) {
      for (let i = 0; i + 1 < keys.length; i++)
        acc += (m.get(keys[i] as string) as number) - (m.get(keys[i + 1] as string) as number);
      n += keys.length - 1;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    best = Math.max(best, n / (elapsed / 1e9));
  }
  console.log(
    `calibration: ${fmt(best)} pairs of Map lookups/s (load average ${loadavg()[0]?.toFixed(1)})${acc === 0.5 ? "" : ""}\n`,
  );
}

console.log("| ecosystem (scheme) | pairs | distinct versions | first pass (cold) | warm (best of 5) |");
console.log("|---|---:|---:|---:|---:|");
let sink = 0;
for (const [eco, files] of FILES) {
  const scheme = schemeFor(eco);
  const ps = files.flatMap(pairs);
  const distinct = new Set(ps.flat()).size;
  let t0 = process.hrtime.bigint();
  for (const [a, b] of ps) sink += scheme.compare(a, b);
  const cold = ps.length / (Number(process.hrtime.bigint() - t0) / 1e9);
  // Warm: best of 5 rounds, each repeating the same pairs for at least ~300 ms (the machine is
  // shared, so the best round is the least disturbed one).
  let warm = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < 3e8) {
      for (const [a, b] of ps) sink += scheme.compare(a, b);
      n += ps.length;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    warm = Math.max(warm, n / (elapsed / 1e9));
  }
  console.log(`| ${eco} (${scheme.id}) | ${ps.length} | ${distinct} | ${fmt(cold)}/s | ${fmt(warm)}/s |`);
}
if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
