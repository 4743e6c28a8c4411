import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseSyml } from "@yarnpkg/parsers";
import type { Package } from "../../core/package.ts";
import { parseSource } from "../inventory.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { readYarnBlocks, splitDescriptor, yarnLockParser } from "./index.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name));
  return yarnLockParser.parse(file, { readRelative: relativeReader(file) });
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

describe("yarn.lock parser", () => {
  it("matches yarn.lock only", () => {
    assert.equal(yarnLockParser.matches("/x/yarn.lock"), true);
    assert.equal(yarnLockParser.matches("/x/pnpm-lock.yaml"), false);
  });

  it("splits descriptors, scoped or not", () => {
    assert.deepEqual(splitDescriptor("@babel/code-frame@npm:^7.0.0"), {
      name: "@babel/code-frame",
      range: "npm:^7.0.0",
    });
    assert.deepEqual(splitDescriptor("a-cjs@npm:a@^5"), { name: "a-cjs", range: "npm:a@^5" });
    assert.deepEqual(splitDescriptor("balanced-match"), { name: "balanced-match", range: "" });
  });

  it("v1 aliases: the real package, alias kept", async () => {
    const { packages } = await parse("with-aliases.v1.lock");
    assert.deepEqual(facts(packages), {
      "ansi-regex@5.0.1": { direct: true, scopes: "prod", line: 5 },
      "ansi-regex@6.0.1": { direct: true, scopes: "prod", line: 10 },
      "@babel/helper-validator-identifier@7.22.20": { direct: true, scopes: "prod", line: 15 },
    });
    assert.equal(find(packages, "ansi-regex", "5.0.1").meta?.alias, "ansi-regex-cjs");
    assert.equal(find(packages, "@babel/helper-validator-identifier", "7.22.20").meta?.alias, "babel-hvi");
    const ar = find(packages, "ansi-regex", "6.0.1");
    assert.equal(ar.source, "registry");
    assert.equal(ar.meta, undefined, "a registry tarball's #sha1 is not a git commit");
    assert.match(ar.integrity ?? "", /^sha512-n5M8/);
  });

  it("Berry aliases and the root workspace (not listed; what it declares is direct)", async () => {
    const { packages } = await parse("with-aliases.v2.lock");
    assert.deepEqual(facts(packages), {
      "ansi-regex@5.0.1": { direct: true, scopes: "prod", line: 8 },
      "ansi-regex@6.0.1": { direct: true, scopes: "prod", line: 15 },
      "@babel/helper-validator-identifier@7.22.20": { direct: true, scopes: "prod", line: 22 },
    });
    assert.equal(find(packages, "ansi-regex", "5.0.1").meta?.alias, "ansi-regex-cjs");
    assert.match(find(packages, "ansi-regex", "6.0.1").integrity ?? "", /^cbe16dbd/);
  });

  it("Berry: workspace entries are excluded", async () => {
    const { packages } = await parse("exclude-root.v2.lock");
    assert.deepEqual(facts(packages), { "ansi-regex@6.1.0": { direct: true, scopes: "prod", line: 16 } });
  });

  it("v1 quoted keys and multiple descriptors per entry", async () => {
    assert.deepEqual(facts((await parse("with-quotes.v1.lock")).packages), {
      "concat-map@0.0.1": { direct: true, scopes: "prod", line: 5 },
      "concat-stream@1.6.2": { direct: true, scopes: "prod", line: 10 },
    });
    const { packages } = await parse("multiple-constraints.v1.lock");
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}:${p.locations[0].line}`),
      ["domelementtype@1.3.1:5", "@babel/code-frame@7.12.13:10"],
    );
  });

  it("git dependencies keep their commit (v1 and Berry)", async () => {
    const v1 = (await parse("commits.v1.lock")).packages;
    const mine2 = find(v1, "mine2", "0.0.1");
    assert.equal(mine2.source, "git");
    assert.equal(mine2.meta?.commit, "0a2d2506c1fe299691fc5db53a2097db3bd615bc");
    assert.equal(find(v1, "bats", "1.5.0").meta?.commit, "172580d2ce19ee33780b5f1df817bbddced43789");
    const v2 = (await parse("commits.v2.lock")).packages;
    const tg = find(v2, "@typegoose/typegoose", "7.2.0");
    assert.equal(tg.source, "git");
    assert.equal(tg.meta?.commit, "3ed06e5097ab929f69755676fee419318aaec73a");
    assert.equal(tg.locations[0].line, 21);
    assert.equal(
      find(v2, "is-really-great", "1.0.0").meta?.commit,
      "191eeef50c584714e1fb8927d17ee72b3b8c97c4",
    );
    assert.equal(v2.length, 7);
  });

  it("Berry graph edges resolve through descriptors without the npm: prefix (older Berry)", async () => {
    const { packages } = await parse("scoped-packages.v2.lock");
    assert.deepEqual(find(packages, "@babel/code-frame", "7.16.7").dependencies ?? [], []);
    assert.equal(packages.length, 3);
  });

  it("metadata-only and empty files give no packages", async () => {
    assert.deepEqual((await parse("metadata-only.v2.lock")).packages, []);
    assert.deepEqual((await parse("empty.v1.lock")).packages, []);
  });

  it("v1 with package.json: direct and scopes come from the manifest, through the graph", async () => {
    const { packages, warnings } = await parse("v1-with-manifest/yarn.lock");
    assert.deepEqual(warnings, []);
    assert.deepEqual(facts(packages), {
      "ansi-styles@3.2.1": { direct: false, scopes: "prod", line: 5 },
      "chalk@2.4.2": { direct: true, scopes: "prod", line: 12 },
      "color-convert@1.9.3": { direct: false, scopes: "prod", line: 18 },
      "debug@4.3.4": { direct: true, scopes: "dev", line: 21 },
      "ms@2.1.2": { direct: false, scopes: "dev", line: 26 },
      "supports-color@5.5.0": { direct: false, scopes: "prod", line: 29 },
    });
    const { packages: merged } = await parseSource(join(FIX, "v1-with-manifest/yarn.lock"), yarnLockParser);
    assert.deepEqual(find(merged, "color-convert", "1.9.3").paths, [
      ["pkg:npm/chalk@2.4.2", "pkg:npm/ansi-styles@3.2.1", "pkg:npm/color-convert@1.9.3"],
    ]);
  });

  it("a manifest range no entry records still finds the only entry with that name", async () => {
    const { packages } = await parse("v1-manifest-drift/yarn.lock");
    assert.equal(find(packages, "chalk", "2.4.2").direct, true);
    assert.deepEqual(find(packages, "supports-color", "5.5.0").scopes, ["prod"]);
  });

  it("Berry workspaces: patch entries, portals, workspace package.json scopes", async () => {
    const { packages } = await parse("berry-workspaces/yarn.lock");
    assert.deepEqual(
      packages.map((p) => [
        p.name,
        p.version,
        p.direct,
        p.scopes.join(","),
        p.locations[0].line,
        p.meta?.patched,
      ]),
      [
        ["debug", "4.3.4", true, "prod", 18, undefined],
        ["ms", "2.1.2", false, "prod", 50, undefined],
        ["typescript", "5.4.5", false, "dev", 57, undefined],
        ["typescript", "5.4.5", true, "dev", 64, true],
      ],
    );
    assert.deepEqual(find(packages, "debug", "4.3.4").dependencies, ["pkg:npm/ms@2.1.2"]);
  });

  it("agrees with @yarnpkg/parsers on which entries exist and their versions", () => {
    for (const name of [
      "commits.v2.lock",
      "scoped-packages.v2.lock",
      "with-quotes.v1.lock",
      "commits.v1.lock",
    ]) {
      const text = readFileSync(join(FIX, name), "utf8");
      const ref = parseSyml(text) as Record<string, { version?: string }>;
      const ours = readYarnBlocks(text, name).blocks;
      const refKeys = Object.keys(ref).filter((k) => k !== "__metadata");
      const ourDescriptors = new Map<string, string | undefined>();
      for (const b of ours) for (const d of b.descriptors) ourDescriptors.set(d, b.fields.get("version"));
      let refCount = 0;
      for (const key of refKeys) {
        for (const d of key.split(/,\s*/)) {
          refCount++;
          assert.ok(ourDescriptors.has(d), `${name}: ${d}`);
          assert.equal(ourDescriptors.get(d), ref[key].version, `${name}: ${d}`);
        }
      }
      assert.equal(ourDescriptors.size, refCount, name);
    }
  });

  describe("bad input", () => {
    it("a JSON file given as yarn.lock → wrong-format", async () => {
      await assert.rejects(parse("package-lock-given.lock"), (e: unknown) => {
        assert.ok(e instanceof InventoryError);
        assert.equal(e.code, "wrong-format");
        assert.match(e.file ?? "", /package-lock-given\.lock/);
        return true;
      });
    });
    it("a header without ':' → malformed, with the line", async () => {
      await assert.rejects(parse("malformed.v1.lock"), (e: unknown) => {
        assert.ok(e instanceof InventoryError);
        assert.equal(e.code, "malformed");
        assert.equal(e.line, 7);
        assert.match(e.file ?? "", /malformed\.v1\.lock/);
        return true;
      });
    });
  });
});
