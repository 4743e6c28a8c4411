import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
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
import { poetryLockParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const lineOf = (p: { locations: { line?: number }[] }) => p.locations[0].line;

describe("poetry.lock", () => {
  it("matches poetry.lock only", () => {
    assert.ok(parser.matches("a/b/poetry.lock"));
    assert.ok(!parser.matches("poetry.lock.bak"));
    assert.ok(!parser.matches("Cargo.lock"));
  });

  it("reads Poetry 2 groups: main → prod, main+optional → optional, dev/test only → dev", async () => {
    const out = await parseWith(parser, fx("groups.v2.lock"));
    assert.deepEqual(
      out.packages.map((p) => `${p.name}@${p.version} ${p.scopes.join("+")} :${lineOf(p)}`),
      [
        "async-timeout@5.0.1 optional :3",
        "factory-boy@3.3.1 dev :16",
        "faker@33.3.0 dev :35",
        "proto-plus@1.22.0 prod :51",
        "proto-plus@1.23.0 prod :70",
        "protobuf@4.25.5 prod :89",
        "python-dateutil@2.9.0.post0 dev :110",
        "redis@5.2.1 optional :125",
        "six@1.17.0 prod :145",
        "typing-extensions@4.12.2 dev :157",
        "urllib3@2.3.0 dev :169",
      ],
    );
    // No pyproject.toml beside it: direct is unknown, so false.
    assert.ok(out.packages.every((p) => p.direct === false));
    const faker = pkg(out, "faker");
    assert.deepEqual(faker.hashes, [
      { alg: "sha256", value: "ae074d9c7ef65817a93b448141a5531a16b2ea2e563dc5774578197c7c84060c" },
      { alg: "sha256", value: "2abb551a05b75d268780b6095100a48afc43c53e97422002efbfc1272ebf5f26" },
    ]);
    // factory-boy depends on Faker (as written): resolved by normalized name to the locked faker.
    assert.deepEqual(pkg(out, "factory-boy").dependencies, ["pkg:pypi/faker@33.3.0"]);
    assert.deepEqual(pkg(out, "faker").dependencies, [
      "pkg:pypi/python-dateutil@2.9.0.post0",
      "pkg:pypi/typing-extensions@4.12.2",
    ]);
    assert.equal(out.warnings, undefined);
  });

  it("reads Poetry 1 category and [metadata.files] hashes", async () => {
    const out = await parseWith(parser, fx("metadata-files.v1.lock"));
    assert.deepEqual(ids(out), ["emoji@2.0.0"]);
    assert.deepEqual(out.packages[0].scopes, ["prod"]);
    assert.deepEqual(out.packages[0].hashes, [
      { alg: "sha256", value: "297fac7ec9e86f7b602792c28eb6f04819ba67ab88a34c56afcde52243a9a105" },
    ]);
    const opt = await parseWith(parser, fx("optional.v1.lock"));
    assert.deepEqual(opt.packages[0].scopes, ["optional"]);
  });

  it("reads git and private-index sources", async () => {
    const git = (await parseWith(parser, fx("source-git.v1.lock"))).packages[0];
    assert.equal(git.name, "ike");
    assert.equal(git.version, "0.2.0");
    assert.equal(git.source, "git");
    assert.equal(git.resolved, "https://github.com/dzshn/ike@cd66602cd29f61a2d2e7fb995fef1e61708c034d");
    assert.equal(git.meta?.commit, "cd66602cd29f61a2d2e7fb995fef1e61708c034d");
    const legacy = (await parseWith(parser, fx("source-legacy.v1.lock"))).packages[0];
    assert.equal(legacy.source, "registry");
    assert.equal(legacy.meta?.index, "piwheels");
  });

  it("takes names from [[package]] tables only, not from strings or sub-tables", async () => {
    const out = await parseWith(parser, fx("names-in-strings.lock"));
    assert.deepEqual(
      out.packages.map((p) => `${p.name}@${p.version}:${lineOf(p)}`),
      ["first-pkg@1.0.0:3", "second-pkg@2.0.0:15"],
    );
  });

  it("marks direct from pyproject.toml and derives scopes from the graph when the lock has none", async () => {
    const out = await parseWith(parser, fx("with-pyproject", "poetry.lock"));
    assert.deepEqual(
      out.packages.map(
        (p) => `${p.name}@${p.version} direct=${p.direct} ${p.scopes.join("+")} :${lineOf(p)}`,
      ),
      [
        "certifi@2024.2.2 direct=false prod :3",
        "iniconfig@2.0.0 direct=false dev :14",
        "pytest@8.1.1 direct=true dev :22",
        // the `[[package]]` inside the description string (line 38) is not a header
        "requests@2.31.0 direct=true prod :33",
        "mylib@0.3.0 direct=false prod :47",
      ],
    );
    assert.equal(pkg(out, "mylib").source, "file");
    assert.equal(pkg(out, "mylib").resolved, "../mylib");
    assert.deepEqual(pkg(out, "requests").dependencies, ["pkg:pypi/certifi@2024.2.2"]);
  });

  it("rejects non-TOML and non-poetry TOML, naming the file", async () => {
    const e = await assertRejects(parseWith(parser, fx("not-toml.txt")), "malformed", "not-toml.txt");
    assert.equal(e.line, 1);
    await assertRejects(
      parseText(parser, '[tool]\nname = "x"\n', "poetry.lock"),
      "wrong-format",
      "poetry.lock",
    );
    await assertRejects(parseText(parser, 'package = "x"\n', "poetry.lock"), "wrong-format", "poetry.lock");
    await assertRejects(
      parseText(parser, "[[package]]\nname = \n", "poetry.lock"),
      "malformed",
      "poetry.lock",
    );
  });

  it("skips entries without name or version with a warning", async () => {
    const out = await parseText(
      parser,
      '[[package]]\nname = "a"\nversion = "1"\n\n[[package]]\nversion = "2"\n',
    );
    assert.deepEqual(ids(out), ["a@1"]);
    assert.deepEqual(out.warnings, [
      { code: "invalid-entry", message: "package entry 2 has no name or version; skipped", line: 5 },
    ]);
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/poetrylock/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/poetry"),
    ];
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 15, JSON.stringify(r));
  });
});
