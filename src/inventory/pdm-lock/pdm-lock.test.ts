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
import { pdmLockParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: {
  name: string;
  version: string;
  direct: boolean;
  scopes: string[];
  locations: { line?: number }[];
}) => `${p.name}@${p.version} direct=${p.direct} ${p.scopes.join("+")} :${p.locations[0].line}`;

describe("pdm.lock", () => {
  it("matches pdm.lock only", () => {
    assert.ok(parser.matches("x/pdm.lock"));
    assert.ok(!parser.matches("x/pdm.toml"));
  });

  it("maps groups to scopes: default → prod, dev → dev; reads hashes, markers and the graph", async () => {
    const out = await parseWith(parser, fx("dev-group.lock"));
    assert.deepEqual(out.packages.map(view), [
      "pyroute2@0.7.11 direct=false dev :10",
      "toml@0.10.2 direct=false prod :22",
      "win-inet-pton@1.1.0 direct=false dev :33",
    ]);
    assert.deepEqual(pkg(out, "pyroute2").dependencies, ["pkg:pypi/win-inet-pton@1.1.0"]);
    assert.deepEqual(pkg(out, "toml").hashes, [
      { alg: "sha256", value: "806143ae5bfb6a3c6e736a764057db0e6a0e05e338b5630894a5f779cabb4f9b" },
      { alg: "sha256", value: "b3bda1d108d5dd99f4a20d24d9c348e91c4db7ab1b749200bded2f839ccbe68f" },
    ]);
    assert.equal(pkg(out, "win-inet-pton").meta?.marker, 'platform_system == "Windows"');
  });

  it("without pyproject.toml, a group other than default/dev is optional", async () => {
    const out = await parseWith(parser, fx("unknown-group.lock"));
    assert.deepEqual(out.packages.map(view), [
      "pyroute2@0.7.11 direct=false optional :10",
      "toml@0.10.2 direct=false prod :22",
      "win-inet-pton@1.1.0 direct=false optional :33",
    ]);
  });

  it("with pyproject.toml: extras are optional, pdm dev groups are dev, declared names are direct", async () => {
    const out = await parseWith(parser, fx("with-pyproject", "pdm.lock"));
    assert.deepEqual(out.packages.map(view), [
      "certifi@2024.2.2 direct=false prod :10",
      "pysocks@1.7.1 direct=true optional :20",
      "requests@2.31.0 direct=true prod :27",
      "ruff@0.4.4 direct=true dev :37",
    ]);
    assert.deepEqual(pkg(out, "requests").dependencies, ["pkg:pypi/certifi@2024.2.2"]);
  });

  it("reads git sources", async () => {
    const t = (await parseWith(parser, fx("git-source.lock"))).packages[0];
    assert.equal(t.source, "git");
    assert.equal(t.resolved, "https://github.com/uiri/toml.git@65bab7582ce14c55cdeec2244c65ea23039c9e6f");
    assert.equal(t.meta?.commit, "65bab7582ce14c55cdeec2244c65ea23039c9e6f");
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-toml.txt")), "malformed", "not-toml.txt");
    await assertRejects(parseText(parser, "[tool.pdm]\nx = 1\n", "pdm.lock"), "wrong-format", "pdm.lock");
    await assertRejects(parseText(parser, "package = 1\n", "pdm.lock"), "wrong-format", "pdm.lock");
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/pdmlock/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/pdm"),
    ];
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 12, JSON.stringify(r));
  });
});
