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
import { uvLockParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: {
  name: string;
  version: string;
  direct: boolean;
  scopes: string[];
  locations: { line?: number }[];
}) => `${p.name}@${p.version} direct=${p.direct} ${p.scopes.join("+")} :${p.locations[0].line}`;

describe("uv.lock", () => {
  it("matches uv.lock only", () => {
    assert.ok(parser.matches("proj/uv.lock"));
    assert.ok(!parser.matches("proj/uv.lock.json"));
    assert.ok(!parser.matches("poetry.lock"));
  });

  it("skips workspace members, marks their dependencies direct, scopes from runtime/dev reachability", async () => {
    const out = await parseWith(parser, fx("workspace-dev-groups.lock"));
    assert.deepEqual(out.packages.map(view), [
      "httpx@0.27.0 direct=true prod :38",
      // idna is reached from httpx (runtime) and from pytest (dev): prod wins
      "idna@3.7 direct=false prod :50",
      "iniconfig@2.0.0 direct=false dev :55",
      // app-core (an editable member) depends on both numpy versions, each under a marker
      "numpy@1.26.4 direct=true prod :60",
      "numpy@2.1.0 direct=true prod :68",
      "pytest@8.2.0 direct=true dev :76",
      "vendored-lib@1.0.0 direct=false prod :85",
    ]);
    const httpx = pkg(out, "httpx");
    assert.deepEqual(httpx.dependencies, ["pkg:pypi/idna@3.7"]);
    assert.deepEqual(httpx.hashes, [
      { alg: "sha256", value: "a0cb88a46f32dc874e04ee956e4c2764aba2aa228f650b06788ba6bda2962ab5" },
      { alg: "sha256", value: "71d5465162c13681bff01ad59b2cc68dd838ea1f10e51574bac27103f00c91a5" },
    ]);
    assert.deepEqual(pkg(out, "pytest").dependencies, ["pkg:pypi/iniconfig@2.0.0", "pkg:pypi/idna@3.7"]);
    assert.equal(pkg(out, "vendored-lib").source, "file");
    assert.equal(pkg(out, "vendored-lib").resolved, "vendor/lib");
    assert.equal(out.warnings, undefined);
  });

  it("gives extras the optional scope (real uv fixture with a virtual root)", async () => {
    const out = await parseWith(parser, fx("extras-groups.lock"));
    assert.equal(out.packages.length, 14);
    assert.equal(view(pkg(out, "emoji")), "emoji@2.14.0 direct=true prod :59");
    assert.equal(view(pkg(out, "black")), "black@24.10.0 direct=true optional :4");
    assert.equal(view(pkg(out, "click")), "click@8.1.7 direct=true optional :38");
    assert.equal(view(pkg(out, "colorama")), "colorama@0.4.6 direct=false optional :50");
    assert.equal(view(pkg(out, "tomli")), "tomli@2.2.1 direct=false optional :145");
    assert.equal(pkg(out, "black").dependencies?.length, 7);
    assert.equal(pkg(out, "black").hashes?.length, 18);
    assert.ok(!out.packages.some((p) => p.name === "uv-lockfiles"), "the virtual root is not a package");
  });

  it("reads git sources with their commit", async () => {
    const out = await parseWith(parser, fx("source-git.lock"));
    const ruff = pkg(out, "ruff");
    assert.equal(view(ruff), "ruff@0.8.1 direct=true prod :4");
    assert.equal(ruff.source, "git");
    assert.equal(ruff.meta?.commit, "84748be16341b76e073d117329f7f5f4ee2941ad");
  });

  it("takes names from [[package]] tables only", async () => {
    const out = await parseWith(parser, fx("names-in-strings.lock"));
    assert.deepEqual(out.packages.map(view), [
      "first-pkg@1.0.0 direct=false prod :3",
      "second-pkg@2.0.0 direct=false prod :15",
    ]);
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-toml.txt")), "malformed", "not-toml.txt");
    await assertRejects(parseText(parser, '[project]\nname = "x"\n', "uv.lock"), "wrong-format", "uv.lock");
    await assertRejects(
      parseText(parser, "version = 1\npackage = 3\n", "uv.lock"),
      "wrong-format",
      "uv.lock",
    );
    const out = await parseText(parser, 'version = 1\n[[package]]\nversion = "1"\n', "uv.lock");
    assert.equal(out.warnings?.[0].code, "invalid-entry");
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/uvlock/testdata");
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 7, JSON.stringify(r));
  });
});
