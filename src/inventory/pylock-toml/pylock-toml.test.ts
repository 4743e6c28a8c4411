import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { pylockParser as parser, scopeFromMarker } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: { name: string; version: string; scopes: string[]; locations: { line?: number }[] }) =>
  `${p.name}@${p.version} ${p.scopes.join("+")} :${p.locations[0].line}`;

describe("pylock.toml", () => {
  it("matches pylock.toml and pylock.<name>.toml", () => {
    assert.ok(parser.matches("a/pylock.toml"));
    assert.ok(parser.matches("a/pylock.dev.toml"));
    assert.ok(!parser.matches("a/pyproject.toml"));
    assert.ok(!parser.matches("a/pylock.toml.bak"));
  });

  it("reads registry, vcs and skips the project's own directory entry", async () => {
    const out = await parseWith(parser, fx("pylock.vcs-and-directory.toml"));
    assert.deepEqual(out.packages.map(view), [
      "click@8.2.1 prod :7",
      "mleroc@0.1.0 prod :14",
      // line 19 is `net-inf-eval`, a directory at "." (the project): not listed
      "packaging@24.2 prod :23",
      "pathspec@0.12.1 prod :30",
      "python-dateutil@2.9.0.post0 prod :37",
      "scikit-learn@1.6.1 prod :44",
      "tqdm@4.67.1 prod :71",
    ]);
    const m = pkg(out, "mleroc");
    assert.equal(m.source, "git");
    assert.equal(m.meta?.commit, "735093f03c4d8be70bfaaae44074ac92d7419b6d");
    assert.equal(
      m.resolved,
      "https://github.com/Veggente/mleroc.git@735093f03c4d8be70bfaaae44074ac92d7419b6d",
    );
    assert.equal(pkg(out, "scikit-learn").hashes?.length, 20);
    assert.equal(pkg(out, "click").hashes?.[0].alg, "sha256");
  });

  it("derives scopes from extras / dependency-group markers", async () => {
    const out = await parseWith(parser, fx("pylock.extras-markers.toml"));
    assert.equal(view(pkg(out, "chardet")), "chardet@3.0.4 prod :23");
    assert.equal(view(pkg(out, "idna")), "idna@2.7 prod :62");
    assert.equal(view(pkg(out, "certifi")), "certifi@2025.1.31 optional :10");
    assert.equal(view(pkg(out, "pytest")), "pytest@3.2.5 optional :88");
    assert.equal(scopeFromMarker("'docs' in dependency_groups"), "dev");
    assert.equal(scopeFromMarker("sys_platform == 'win32'"), "prod");
  });

  it("reads archive sources (path and URL) with hash tables, and the dependency graph", async () => {
    const out = await parseWith(parser, fx("pylock.archive.toml"));
    assert.deepEqual(out.packages.map(view), ["Local-Tool@2.0.1 prod :4", "remote-pkg@1.0 dev :9"]);
    const local = pkg(out, "Local-Tool");
    assert.equal(local.source, "file");
    assert.equal(local.resolved, "dist/local_tool-2.0.1.tar.gz");
    assert.equal(local.purl, "pkg:pypi/local-tool@2.0.1");
    assert.deepEqual(local.hashes, [
      { alg: "sha256", value: "0f6a7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69" },
    ]);
    assert.equal(pkg(out, "remote-pkg").source, "url");
    const example = await parseWith(parser, fx("pylock.example.toml"));
    assert.deepEqual(pkg(example, "cattrs").dependencies, ["pkg:pypi/attrs@25.1.0"]);
  });

  it("an inline packages array with only the project gives no packages", async () => {
    const out = await parseWith(parser, fx("pylock.only-self.toml"));
    assert.deepEqual(out.packages, []);
    const names = await parseWith(parser, fx("pylock.names-in-strings.toml"));
    assert.deepEqual(names.packages.map(view), ["first-pkg@1.0.0 prod :5", "second-pkg@2.0.0 prod :17"]);
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-toml.txt")), "malformed", "not-toml.txt");
    await assertRejects(
      parseText(parser, '[project]\nname = "x"\n', "pylock.toml"),
      "wrong-format",
      "pylock.toml",
    );
    await assertRejects(
      parseText(parser, 'lock-version = "1.0"\npackages = "x"\n', "pylock.toml"),
      "wrong-format",
    );
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/pylock/testdata");
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 6, JSON.stringify(r));
  });
});
