import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseToml } from "smol-toml";
import {
  assertRejects,
  conformance,
  ids,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { cargoLockParser as parser, readCargoLockFast } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: { name: string; version: string; direct: boolean; locations: { line?: number }[] }) =>
  `${p.name}@${p.version} direct=${p.direct} :${p.locations[0].line}`;

describe("Cargo.lock", () => {
  it("matches Cargo.lock only", () => {
    assert.ok(parser.matches("x/Cargo.lock"));
    assert.ok(!parser.matches("x/cargo.lock.old"));
    assert.ok(!parser.matches("poetry.lock"));
  });

  it("skips the workspace's own crates, marks their dependencies direct, records the graph (v4)", async () => {
    const out = await parseWith(parser, fx("workspace-graph.v4.lock"));
    assert.deepEqual(out.packages.map(view), [
      "rand@0.8.5 direct=true :21",
      "rand@0.9.0 direct=true :30",
      "libc@0.2.169 direct=false :36",
      "serde@1.0.217 direct=true :42",
      "private-crate@2.1.0 direct=false :47",
    ]);
    const rand = pkg(out, "rand", "0.8.5");
    assert.equal(rand.ecosystem, "crates.io");
    assert.equal(rand.purl, "pkg:cargo/rand@0.8.5");
    assert.deepEqual(rand.scopes, ["prod"]);
    assert.deepEqual(rand.dependencies, ["pkg:cargo/libc@0.2.169"]);
    assert.deepEqual(rand.hashes, [
      { alg: "sha256", value: "34af8d1a0e25924bc5b7c43c079c942339d8f0a8b57c39049bef581b46327404" },
    ]);
    assert.equal(rand.source, "registry");
    assert.equal(rand.meta, undefined);
    const serde = pkg(out, "serde");
    assert.equal(serde.source, "git");
    assert.equal(serde.meta?.commit, "ad8dd4148b5fabf0d643d4de604a0616f2796506");
    assert.equal(
      serde.resolved,
      "https://github.com/serde-rs/serde?tag=v1.0.217#ad8dd4148b5fabf0d643d4de604a0616f2796506",
    );
    assert.equal(pkg(out, "private-crate").meta?.registry, "https://crates.example.invalid/index/");
    assert.equal(out.warnings, undefined);
  });

  it("reads v1 checksums from [metadata] and v1 dependency strings", async () => {
    const out = await parseWith(parser, fx("metadata-checksums.v1.lock"));
    assert.deepEqual(out.packages.map(view), ["itoa@0.4.8 direct=true :8"]);
    assert.equal(
      out.packages[0].hashes?.[0].value,
      "b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4",
    );
  });

  it("keeps two versions of one crate, build metadata, comments and git sources", async () => {
    assert.deepEqual(ids(await parseWith(parser, fx("same-name-two-versions.v3.lock"))), [
      "syn@1.0.73",
      "syn@2.0.0",
    ]);
    const build = await parseWith(parser, fx("build-metadata-version.v3.lock"));
    assert.equal(build.packages[0].version, "0.10.2+wasi-snapshot-preview1");
    const comments = await parseWith(parser, fx("git-source-and-comments.v3.lock"));
    assert.deepEqual(comments.packages.map(view), [
      "addr2line@0.15.2 direct=false :5",
      "syn@1.0.73 direct=false :10",
    ]);
    assert.equal(pkg(comments, "syn").source, "git");
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-toml.txt")), "malformed", "not-toml.txt");
    await assertRejects(parseText(parser, '[tool]\nx = "y"\n', "Cargo.lock"), "wrong-format", "Cargo.lock");
    await assertRejects(
      parseText(parser, "version = 9\npackage = []\n", "Cargo.lock"),
      "unsupported-version",
      "Cargo.lock",
    );
    const out = await parseText(parser, '[[package]]\nname = "a"\n', "Cargo.lock");
    assert.deepEqual(out.packages, []);
    assert.equal(out.warnings?.[0].code, "invalid-entry");
  });

  it("the fast reader gives smol-toml's document, or declines", { skip: SHARED_SKIP }, () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/rust/cargolock/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/cargo"),
      ...sharedFiles("large-lockfiles/nushell+nushell"),
      fx("workspace-graph.v4.lock"),
      fx("metadata-checksums.v1.lock"),
    ];
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const r = readCargoLockFast(text);
      let doc: unknown;
      try {
        doc = parseToml(text);
      } catch {
        assert.equal(r, undefined, `${f}: invalid TOML must go to smol-toml for its error`);
        continue;
      }
      if (!r) continue;
      fast++;
      assert.deepEqual(JSON.parse(JSON.stringify(r.doc)), JSON.parse(JSON.stringify(doc)), f);
    }
    assert.ok(fast >= 12, `fast reader used for ${fast} files`);
    // Outside Cargo's shape: declined.
    assert.equal(readCargoLockFast('[[package]]\nname = "a\\u0041"\n'), undefined);
    assert.equal(readCargoLockFast('[[package]]\nname = "a"\nname = "b"\n'), undefined);
    assert.equal(readCargoLockFast("[[package]]\nx = { a = 1 }\n"), undefined);
    assert.deepEqual(readCargoLockFast('version = 4\n\n[[package]]\nname = "a"\n')?.lines, [3]);
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/rust/cargolock/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/cargo"),
    ];
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 12, JSON.stringify(r));
  });

  it("large real lockfile: every crate has a line and the graph resolves", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = sharedFiles("large-lockfiles/nushell+nushell").filter((f) => f.endsWith("Cargo.lock"));
    if (files.length === 0) return;
    const out = await parseWith(parser, files[0]);
    assert.ok(out.packages.length > 900);
    assert.equal(out.warnings, undefined);
    assert.ok(out.packages.every((p) => (p.locations[0].line ?? 0) > 0));
    assert.ok(out.packages.some((p) => p.direct));
  });
});
