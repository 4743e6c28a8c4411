import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  ids,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { mixLockParser as parser } from "./index.ts";
import { readMixDeps } from "./mix-exs.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("mix.lock parser", () => {
  it("matches mix.lock only", () => {
    assert.ok(parser.matches("app/mix.lock"));
    assert.ok(!parser.matches("app/mix.exs"));
  });

  it("reads hex packages with outer checksums, graph, lines and inferred direct", async () => {
    const out = await parseWith(parser, fx("hex-graph.lock"));
    assert.deepEqual(ids(out), [
      "dep_from_git@",
      "mime@2.0.5",
      "original_name@0.1.0",
      "plug@1.15.3",
      "plug_crypto@2.0.0",
      "telemetry@1.2.1",
    ]);
    const plug = pkg(out, "plug");
    assert.equal(plug.ecosystem, "Hex");
    assert.equal(plug.purl, "pkg:hex/plug@1.15.3");
    assert.deepEqual(plug.locations, [{ path: "hex-graph.lock", line: 3 }]);
    assert.deepEqual(plug.hashes, [
      { alg: "sha256", value: "cc4365a3c010a56af402e0809208873d113e9c38c401cabd88027ef4f5c01fd2" },
    ]);
    assert.equal(plug.meta?.repo, "hexpm");
    assert.equal(plug.meta?.buildTools, "mix");
    assert.deepEqual(plug.dependencies, [
      "pkg:hex/mime@2.0.5",
      "pkg:hex/plug_crypto@2.0.0",
      "pkg:hex/telemetry@1.2.1",
    ]);
    assert.equal(plug.direct, true);
    assert.equal(pkg(out, "mime").direct, false);
    assert.equal(pkg(out, "telemetry").locations[0].line, 6);
    assert.equal(pkg(out, "telemetry").meta?.buildTools, "rebar3");
    // The key is the app; the package is named by the hex atom.
    const fork = pkg(out, "original_name");
    assert.equal(fork.meta?.app, "my_fork");
    assert.equal(fork.meta?.repo, "acme_private");
    assert.equal(fork.locations[0].line, 7);
    const git = pkg(out, "dep_from_git");
    assert.equal(git.source, "git");
    assert.equal(
      git.resolved,
      "https://git.example.test/acme/dep.git#0123456789abcdef0123456789abcdef01234567",
    );
    assert.equal(git.meta?.tag, "v1.0.0");
    assert.equal(git.locations[0].line, 8);
  });

  it("takes direct packages and only: environments from mix.exs beside the lock", async () => {
    const out = await parseWith(parser, fx("with-mix-exs/mix.lock"));
    const view = Object.fromEntries(
      out.packages.map((p) => [p.name, `${p.direct ? "direct" : "transitive"} ${p.scopes.join(",")}`]),
    );
    assert.deepEqual(view, {
      plug: "direct prod",
      mime: "transitive prod",
      plug_crypto: "transitive prod",
      telemetry: "direct prod,dev,test",
      original_name: "direct test",
      dep_from_git: "direct dev",
    });
  });

  it("reads the deps block of a mix.exs", () => {
    const deps = readMixDeps(
      [
        "defmodule X do",
        "  def deps do",
        '    [{:a, "~> 1.0"}, {:b, path: "../b", only: [:test]}]',
        "  end",
        "  def other do",
        "    [{:c, 1}]",
        "  end",
        "end",
      ].join("\n"),
    );
    assert.deepEqual(deps && Object.fromEntries(deps), { a: ["prod"], b: ["test"] });
    assert.equal(readMixDeps("defmodule X do\nend\n"), undefined);
  });

  it("reads git dependencies with branch and ref options", async () => {
    const out = await parseWith(parser, fx("git-dependencies.lock"));
    assert.deepEqual(ids(out), ["bar@", "foe@", "foo@"]);
    const foo = pkg(out, "foo");
    assert.equal(foo.meta?.branch, "feat/my-improvement");
    assert.equal(foo.meta?.commit, "fc94cce7830fa4dc455024bc2a83720afe244531");
    assert.equal(foo.locations[0].line, 3);
    assert.equal(pkg(out, "bar").meta?.ref, "bef3ee1d3618017061498b96c75043e8449ef9b5");
  });

  it("reads a real lock with 21 hex packages", async () => {
    const out = await parseWith(parser, fx("many.lock"));
    assert.equal(out.packages.length, 21);
    const ecto = pkg(out, "ecto", "3.5.5");
    assert.equal(ecto.locations[0].line, 7);
    // The optional :jason dependency is not locked: no edge to it.
    assert.deepEqual(ecto.dependencies, ["pkg:hex/decimal@2.0.0", "pkg:hex/telemetry@0.4.2"]);
    assert.equal(pkg(out, "decimal").direct, false);
    assert.equal(out.warnings, undefined);
  });

  it("skips an incomplete entry with a warning and keeps the rest", async () => {
    const out = await parseWith(parser, fx("truncated-tuple.lock"));
    assert.deepEqual(ids(out), ["bunt@1.0.0"]);
    assert.deepEqual(
      out.warnings?.map((w) => w.line),
      [3],
    );
  });

  it("returns nothing for an empty map", async () => {
    assert.deepEqual((await parseWith(parser, fx("empty-map.lock"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file and line", async () => {
    const e = await assertRejects(
      parseWith(parser, fx("broken-tuple.lock")),
      "malformed",
      "broken-tuple.lock",
    );
    assert.equal(e.line, 4);
    await assertRejects(parseWith(parser, fx("json-given.lock")), "wrong-format", "json-given.lock");
  });

  it("conformance: every shared mix.lock fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/elixir/mixlock"),
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/erlang/mixlock"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/mix"),
    ];
    assert.ok(files.length >= 13, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 13, JSON.stringify(r));
  });
});
