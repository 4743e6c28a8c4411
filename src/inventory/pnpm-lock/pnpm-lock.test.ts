import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Package } from "../../core/package.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { parsePnpmKey, pnpmLockParser } from "./index.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name));
  return pnpmLockParser.parse(file, { readRelative: relativeReader(file) });
}

function facts(pkgs: Package[]) {
  return Object.fromEntries(
    pkgs.map((p) => [
      `${p.name}@${p.version}`,
      { direct: p.direct, scopes: p.scopes.join(","), line: p.locations[0]?.line },
    ]),
  );
}

function find(pkgs: Package[], name: string, version: string): Package {
  const p = pkgs.find((x) => x.name === name && x.version === version);
  assert.ok(p, `${name}@${version} not found in ${pkgs.map((x) => `${x.name}@${x.version}`).join(" ")}`);
  return p;
}

describe("pnpm-lock.yaml parser", () => {
  it("matches pnpm-lock.yaml", () => {
    assert.equal(pnpmLockParser.matches("/r/pnpm-lock.yaml"), true);
    assert.equal(pnpmLockParser.matches("/r/pnpm-workspace.yaml"), false);
  });

  it("reads every key style and strips peer suffixes", () => {
    assert.deepEqual(parsePnpmKey("/acorn-jsx/5.3.2_acorn@8.7.0", "slash"), {
      name: "acorn-jsx",
      version: "5.3.2",
    });
    assert.deepEqual(parsePnpmKey("/@babel/core/7.1.0", "slash"), { name: "@babel/core", version: "7.1.0" });
    assert.deepEqual(parsePnpmKey("host.example/@foo/bar/1.1.0", "slash"), {
      name: "@foo/bar",
      version: "1.1.0",
    });
    assert.deepEqual(parsePnpmKey("/react-dom@18.2.0(react@18.2.0)", "at"), {
      name: "react-dom",
      version: "18.2.0",
    });
    assert.deepEqual(
      parsePnpmKey("@typescript-eslint/parser@5.62.0(eslint@8.57.0)(typescript@4.9.5)", "at"),
      { name: "@typescript-eslint/parser", version: "5.62.0" },
    );
    assert.equal(parsePnpmKey("/foo/bar", "slash"), undefined);
    assert.equal(parsePnpmKey("invalidpath", "slash"), undefined);
  });

  it("v5.4 dev / optional flags, requiresBuild", async () => {
    const { packages } = await parse("mixed-groups.v54.yaml");
    assert.deepEqual(facts(packages), {
      "ansi-regex@5.0.1": { direct: true, scopes: "prod", line: 19 },
      "is-number@7.0.0": { direct: true, scopes: "dev", line: 24 },
      "uuid@8.3.2": { direct: true, scopes: "optional", line: 29 },
    });
    assert.equal(find(packages, "uuid", "8.3.2").meta?.hasInstallScript, true);
    assert.equal(find(packages, "ansi-regex", "5.0.1").meta, undefined);
  });

  it("v6 dev / optional flags", async () => {
    assert.deepEqual(facts((await parse("mixed-groups.v6.yaml")).packages), {
      "ansi-regex@5.0.0": { direct: true, scopes: "prod", line: 24 },
      "is-number@7.0.0": { direct: true, scopes: "dev", line: 29 },
      "uuid@8.0.0": { direct: true, scopes: "optional", line: 34 },
    });
  });

  it("v9 scopes come from the importers", async () => {
    assert.deepEqual(facts((await parse("mixed-groups.v9.yaml")).packages), {
      "ansi-regex@5.0.1": { direct: true, scopes: "prod", line: 25 },
      "is-number@7.0.0": { direct: true, scopes: "dev", line: 29 },
      "uuid@8.3.2": { direct: true, scopes: "optional", line: 33 },
    });
  });

  it("v5 peer suffixes (`_acorn@8.7.0`) and graph edges", async () => {
    const { packages } = await parse("peer-dependencies.yaml");
    assert.deepEqual(facts(packages), {
      "acorn-jsx@5.3.2": { direct: true, scopes: "prod", line: 13 },
      "acorn@8.7.0": { direct: true, scopes: "prod", line: 21 },
    });
    assert.deepEqual(find(packages, "acorn-jsx", "5.3.2").dependencies, ["pkg:npm/acorn@8.7.0"]);
  });

  it("v6 peer suffixes (`(react@18.2.0)`)", async () => {
    const { packages } = await parse("peer-dependencies-v6.yaml");
    assert.deepEqual(facts(packages), {
      "js-tokens@4.0.0": { direct: false, scopes: "prod", line: 14 },
      "loose-envify@1.4.0": { direct: false, scopes: "prod", line: 18 },
      "react-dom@18.2.0": { direct: true, scopes: "prod", line: 25 },
      "react@18.2.0": { direct: false, scopes: "prod", line: 35 },
      "scheduler@0.23.0": { direct: false, scopes: "prod", line: 42 },
    });
    assert.deepEqual(find(packages, "react-dom", "18.2.0").dependencies, [
      "pkg:npm/loose-envify@1.4.0",
      "pkg:npm/react@18.2.0",
      "pkg:npm/scheduler@0.23.0",
    ]);
  });

  it("v9 nested peer suffixes in snapshots", async () => {
    const { packages } = await parse("peer-dependencies-advanced.v9.yaml");
    assert.equal(packages.length, 13);
    const plugin = find(packages, "@typescript-eslint/eslint-plugin", "5.62.0");
    assert.equal(plugin.direct, true);
    assert.equal(plugin.locations[0].line, 36);
    assert.ok(plugin.dependencies?.includes("pkg:npm/%40typescript-eslint/parser@5.62.0"));
    assert.equal(find(packages, "debug", "4.3.4").direct, false);
  });

  it("git and tarball entries keep their commit", async () => {
    const v5 = (await parse("commits.yaml")).packages;
    const pkg = find(v5, "@my-scope/my-package", "1.0.0");
    assert.equal(pkg.source, "git");
    assert.equal(pkg.meta?.commit, "267087851ad5fac92a184749c27cd539e2fc862e");
    assert.equal(pkg.direct, true);
    assert.equal(find(v5, "mocks", "20.0.1").meta?.commit, "590f321b4eb3f692bb211bd74e22947639a6f79d");
    const v9 = (await parse("commits.v9.yaml")).packages;
    assert.deepEqual(
      v9.map((p) => [p.name, p.version, p.source, p.meta?.commit, p.direct]),
      [
        ["ansi-regex", "6.0.1", "git", "02fa893d619d3da85411acc8fd4e2eea0e95a9d9", true],
        ["is-number", "7.0.0", "git", "98e8ff1da1a89f93d1397a24d7413ed15421c139", true],
      ],
    );
  });

  it("local directories are not listed; file tarballs are", async () => {
    const { packages, warnings } = await parse("files.yaml");
    assert.deepEqual(facts(packages), {
      "my-file-package@0.0.0": { direct: false, scopes: "prod", line: 10 },
    });
    assert.equal(packages[0].source, "file");
    assert.deepEqual(warnings, []);
  });

  it("keys with a registry host prefix; keys without a version are skipped with a warning", async () => {
    const { packages, warnings } = await parse("exotic.yaml");
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}`),
      ["foo@1.0.0", "@foo/bar@1.0.0", "foo@1.1.0", "@foo/bar@1.1.0", "foo@1.2.0", "foo@1.3.0", "foo@1.4.0"],
    );
    assert.equal(warnings?.length, 2);
    assert.match(warnings![0].message, /github\.com\/kevva\/is-positive/);
  });

  it("v9 workspaces: link: targets skipped, scopes propagate, snapshot optional flag", async () => {
    const { packages } = await parse("workspace.v9.yaml");
    assert.deepEqual(facts(packages), {
      "debug@4.3.4": { direct: true, scopes: "prod", line: 40 },
      "fsevents@2.3.3": { direct: true, scopes: "optional", line: 44 },
      "ms@2.1.2": { direct: false, scopes: "prod", line: 49 },
      "ms@2.1.3": { direct: true, scopes: "prod", line: 52 },
      "typescript@5.4.5": { direct: true, scopes: "dev", line: 55 },
    });
    assert.deepEqual(find(packages, "debug", "4.3.4").dependencies, ["pkg:npm/ms@2.1.2"]);
  });

  it("a file with only a comment has no packages", async () => {
    assert.deepEqual((await parse("empty.yaml")).packages, []);
  });

  describe("bad input", () => {
    const cases: [string, string, RegExp][] = [
      ["not-yaml.txt", "wrong-format", /not a mapping/],
      ["malformed.v9.yaml", "malformed", /not valid YAML/],
      ["package-json-given.yaml", "wrong-format", /no lockfileVersion/],
      ["unsupported-version.v10.yaml", "unsupported-version", /10\.0/],
    ];
    for (const [name, code, message] of cases) {
      it(`${name} → ${code}`, async () => {
        await assert.rejects(parse(name), (e: unknown) => {
          assert.ok(e instanceof InventoryError, `expected InventoryError, got ${e}`);
          assert.equal(e.code, code);
          assert.match(e.message, message);
          assert.match(e.file ?? "", new RegExp(name.replace(/\./g, "\\.")));
          return true;
        });
      });
    }
  });
});
