import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SHARED_DATA, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import { compareVersions } from "./index.ts";

/**
 * Conformance against the real-world version-ordering vectors in ../shared/data/versions
 * (osv-scalibr `semantic/testdata`): every line `<a> <op> <b>` of every file must hold.
 * Which ecosystems read which file follows SOURCES.md §2.
 */
const DIR = ["versions", "semantic", "testdata"];

export const FILE_ECOSYSTEMS: Record<string, string[]> = {
  "semver-versions.txt": ["npm", "crates.io", "Go", "Hex"],
  "rubygems-versions.txt": ["RubyGems"],
  "rubygems-versions-generated.txt": ["RubyGems"],
  "nuget-versions.txt": ["NuGet"],
  "packagist-versions.txt": ["Packagist"],
  "packagist-versions-generated.txt": ["Packagist"],
  "maven-versions.txt": ["Maven"],
  "maven-versions-generated.txt": ["Maven"],
  "pypi-versions.txt": ["PyPI"],
  "pypi-versions-generated.txt": ["PyPI"],
  "debian-versions.txt": ["Debian", "Ubuntu"],
  "debian-versions-generated.txt": ["Debian"],
  "cran-versions.txt": ["CRAN"],
  "cran-versions-generated.txt": ["CRAN"],
  "alpine-versions.txt": ["Alpine"],
  "alpine-versions-generated.txt": ["Alpine"],
  "redhat-versions.txt": ["Red Hat"],
  "hackage-versions.txt": ["Hackage"],
  "pub-versions.txt": ["Pub"],
};

/**
 * Lines we knowingly do not reproduce, as `file:line` → reason. Keep this honest and tiny.
 */
export const KNOWN_DEVIATIONS: Record<string, string> = {
  "maven-versions.txt:100":
    "`1-1 = 1-ga-1` is the specification's prose example; maven-artifact 3.8.6 ComparableVersion " +
    "(which generated maven-versions-generated.txt and which we follow) drops the empty `ga` " +
    "qualifier but keeps the nested list, so it orders 1-ga-1 below 1-1",
};

export interface Vector {
  file: string;
  line: number;
  a: string;
  op: "<" | "=" | ">";
  b: string;
}

export function readVectors(path: string, file: string): Vector[] {
  const out: Vector[] = [];
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  lines.forEach((text, i) => {
    const t = text.trim();
    if (t === "" || t.startsWith("#") || t.startsWith("//")) return;
    const m = /^(\S+) ([<=>]) (\S+)$/.exec(t);
    if (!m) throw new Error(`${file}:${i + 1}: malformed vector line: ${text}`);
    out.push({ file, line: i + 1, a: m[1] as string, op: m[2] as Vector["op"], b: m[3] as string });
  });
  return out;
}

const EXPECT = { "<": -1, "=": 0, ">": 1 } as const;

describe("version conformance (../shared/data/versions)", skipUnlessShared(...DIR), () => {
  const dir = SHARED_DATA ? join(SHARED_DATA, ...DIR) : "";
  const files = SHARED_DATA ? readdirSync(dir).filter((f) => f.endsWith(".txt")) : [];

  test("every vector file is assigned to an ecosystem", () => {
    for (const f of files) assert.ok(FILE_ECOSYSTEMS[f], `no ecosystem for ${f}`);
  });

  for (const file of files) {
    for (const eco of FILE_ECOSYSTEMS[file] ?? []) {
      test(`${eco}: ${file}`, () => {
        const vectors = readVectors(join(dir, file), file);
        const failures: string[] = [];
        let deviations = 0;
        for (const v of vectors) {
          const where = `${file}:${v.line}`;
          let got: number | string;
          try {
            got = compareVersions(eco, v.a, v.b);
            const back = compareVersions(eco, v.b, v.a);
            if (back !== -got) got = `asymmetric (${got} / ${back})`;
          } catch (e) {
            got = e instanceof Error ? e.message : String(e);
          }
          const ok = got === EXPECT[v.op];
          if (KNOWN_DEVIATIONS[where] !== undefined) {
            deviations++;
            if (ok) failures.push(`${where}: listed as a known deviation but passes; remove it`);
            continue;
          }
          if (!ok) failures.push(`${where}: ${v.a} ${v.op} ${v.b}: got ${got}`);
        }
        const passed = vectors.length - failures.length - deviations;
        process.stdout.write(`# ${eco} ${file}: ${passed}/${vectors.length} pass\n`);
        assert.ok(vectors.length > 0, `${file} has no vectors`);
        assert.deepEqual(failures.slice(0, 30), [], `${failures.length} failing lines`);
      });
    }
  }
});
