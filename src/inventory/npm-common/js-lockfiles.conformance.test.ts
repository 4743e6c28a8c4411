// Conformance on the real-world fixtures in ../shared/data: every npm, yarn, pnpm and bun fixture
// either parses or fails with an InventoryError (never a TypeError), and a representative set
// not copied into __fixtures__ is checked by hand (names and versions read off the files).
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sharedPath, skipUnlessShared } from "../../../test/helpers/shared-data.ts";
import { bunLockParser } from "../bun-lock/index.ts";
import { parseSource } from "../inventory.ts";
import { packageLockParser } from "../package-lock/index.ts";
import { pnpmLockParser } from "../pnpm-lock/index.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError, type InventoryParser } from "../types.ts";
import { yarnLockParser } from "../yarn-lock/index.ts";

const SCALIBR = ["lockfiles-scalibr", "extractor", "filesystem", "language", "javascript"];
const LEGACY = ["lockfiles-legacy", "pkg", "lockfile", "fixtures"];

const FOLDERS: [string[], InventoryParser][] = [
  [[...SCALIBR, "packagelockjson", "testdata"], packageLockParser],
  [[...SCALIBR, "yarnlock", "testdata"], yarnLockParser],
  [[...SCALIBR, "pnpmlock", "testdata"], pnpmLockParser],
  [[...SCALIBR, "bunlock", "testdata"], bunLockParser],
  [[...LEGACY, "npm"], packageLockParser],
  [[...LEGACY, "yarn"], yarnLockParser],
  [[...LEGACY, "pnpm"], pnpmLockParser],
];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

describe("JavaScript lockfiles: every shared fixture parses or fails with a typed error", () => {
  for (const [parts, parser] of FOLDERS) {
    it(`${parts.slice(-2).join("/")} (${parser.id})`, skipUnlessShared(...parts), async () => {
      const dir = sharedPath(...parts)!;
      const files = walk(dir);
      assert.ok(files.length > 5, `expected fixtures in ${dir}`);
      let parsed = 0;
      let rejected = 0;
      for (const f of files) {
        try {
          const file = await readInput(f);
          const out = await parser.parse(file, { readRelative: relativeReader(file) });
          assert.ok(Array.isArray(out.packages), f);
          for (const p of out.packages) {
            assert.equal(p.ecosystem, "npm", f);
            assert.ok(
              p.name && typeof p.version === "string" && p.purl.startsWith("pkg:npm/"),
              `${f}: ${p.purl}`,
            );
            assert.ok(p.scopes.length > 0, `${f}: ${p.purl} has no scope`);
          }
          parsed++;
        } catch (e) {
          assert.ok(e instanceof InventoryError, `${f}: threw ${e instanceof Error ? e.stack : e}`);
          assert.ok(e.file, `${f}: error names no file`);
          rejected++;
        }
        // The whole source stage (dedupe, paths) must not crash either.
        const one = await parseSource(f, parser);
        assert.notEqual(one.source.error?.code, "parser-crashed", `${f}: ${one.source.error?.message}`);
      }
      assert.ok(parsed > rejected, `${parsed} parsed, ${rejected} rejected`);
    });
  }
});

/** name@version of every package, sorted, for hand-written expectations. */
async function ids(parser: InventoryParser, ...parts: string[]): Promise<string[]> {
  const file = await readInput(sharedPath(...parts)!);
  const out = await parser.parse(file, { readRelative: relativeReader(file) });
  return out.packages.map((p) => `${p.name}@${p.version}`).sort();
}

describe("JavaScript lockfiles: hand-checked packages from shared fixtures", () => {
  const y = [...SCALIBR, "yarnlock", "testdata"];
  it("yarn v1 pre-release versions", skipUnlessShared(...y, "with-prerelease.v1.lock"), async () => {
    const got = await ids(yarnLockParser, ...y, "with-prerelease.v1.lock");
    for (const want of [
      "css-tree@1.0.0-alpha.37",
      "gensync@1.0.0-beta.2",
      "node-fetch@3.0.0-beta.9",
      "resolve@1.20.0",
      "resolve@2.0.0-next.3",
    ]) {
      assert.ok(got.includes(want), `${want} missing from ${got.join(" ")}`);
    }
  });
  it(
    "yarn Berry build strings and the root workspace",
    skipUnlessShared(...y, "with-build-string.v2.lock"),
    async () => {
      assert.deepEqual(await ids(yarnLockParser, ...y, "with-build-string.v2.lock"), [
        "domino@2.1.6+git",
        "tslib@2.6.2",
      ]);
    },
  );
  it(
    "yarn Berry several versions of one package",
    skipUnlessShared(...y, "multiple-versions.v2.lock"),
    async () => {
      const got = await ids(yarnLockParser, ...y, "multiple-versions.v2.lock");
      for (const want of ["debug@2.6.9", "debug@3.2.7", "debug@4.3.3"]) assert.ok(got.includes(want), want);
    },
  );
  const n = [...SCALIBR, "packagelockjson", "testdata"];
  it("package-lock v2 scoped packages", skipUnlessShared(...n, "scoped-packages.v2.json"), async () => {
    assert.deepEqual(await ids(packageLockParser, ...n, "scoped-packages.v2.json"), [
      "@babel/code-frame@7.0.0",
      "wrappy@1.0.2",
    ]);
  });
  const p = [...SCALIBR, "pnpmlock", "testdata"];
  it(
    "pnpm v9 several versions of one package",
    skipUnlessShared(...p, "multiple-versions.v9.yaml"),
    async () => {
      assert.deepEqual(await ids(pnpmLockParser, ...p, "multiple-versions.v9.yaml"), [
        "uuid@8.0.0",
        "uuid@8.3.2",
        "xmlbuilder@11.0.1",
      ]);
    },
  );
  const b = [...SCALIBR, "bunlock", "testdata"];
  it("bun scoped packages", skipUnlessShared(...b, "scoped-packages.json5"), async () => {
    assert.deepEqual(await ids(bunLockParser, ...b, "scoped-packages.json5"), [
      "@typescript-eslint/types@5.62.0",
    ]);
  });
});
