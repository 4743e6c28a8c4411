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
import { nugetLockParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("packages.lock.json parser", () => {
  it("matches packages.lock.json only", () => {
    assert.ok(parser.matches("src/App/packages.lock.json"));
    assert.ok(!parser.matches("src/App/package-lock.json"));
  });

  it("reads direct and transitive packages with hashes, lines and edges", async () => {
    const out = await parseWith(parser, fx("graph.v1.json"));
    assert.deepEqual(ids(out), [
      "Another.Longer.Name.Dep@4.5.4",
      "Core.Dep@1.24.0",
      "Some.Dep.Five@4.7.2",
      "Some.Dep.Four@4.5.0",
      "Some.Dep.One@1.1.1",
      "Some.Dep.Three@1.0.2",
      "Some.Dep.Two@4.6.0",
      "Some.Longer.Name.Dep@4.7.2",
    ]);
    const core = pkg(out, "Core.Dep");
    assert.equal(core.ecosystem, "NuGet");
    assert.equal(core.normalizedName, "core.dep");
    assert.equal(core.purl, "pkg:nuget/Core.Dep@1.24.0");
    assert.equal(core.direct, true);
    assert.deepEqual(core.scopes, ["prod"]);
    assert.deepEqual(core.locations, [{ path: "graph.v1.json", line: 5 }]);
    assert.equal(
      core.integrity,
      "sha512-+/qI1j2oU1S4/nvxb2k/wDsol00iGf1AyJX5g3epV7eOpQEP/2xcgh/cxgKMeFgn3U2fmgSiBnQZdkV+l5y0Uw==",
    );
    assert.equal(core.hashes?.[0].alg, "sha512");
    assert.equal(core.meta?.requested, "[1.24.0, )");
    assert.equal(core.meta?.targetFrameworks, "net6.0");
    assert.equal(core.dependencies?.length, 7);
    assert.ok(core.dependencies?.includes("pkg:nuget/Another.Longer.Name.Dep@4.5.4"));
    const three = pkg(out, "Some.Dep.Three");
    assert.equal(three.direct, false);
    assert.equal(three.locations[0].line, 30);
    // Declared as 4.6.0 but locked as 4.7.2 for the framework: the edge goes to the locked one.
    assert.deepEqual(three.dependencies, [
      "pkg:nuget/Some.Longer.Name.Dep@4.7.2",
      "pkg:nuget/Some.Dep.Five@4.7.2",
    ]);
    assert.equal(pkg(out, "Another.Longer.Name.Dep").locations[0].line, 54);
  });

  it("merges a package locked at one version for two frameworks; keeps different versions apart", async () => {
    const dup = await parseWith(parser, fx("two-frameworks-duplicate-packages.v1.json"));
    assert.deepEqual(ids(dup), ["Test.Core@6.0.5"]);
    assert.equal(dup.packages[0].meta?.targetFrameworks, "net6.0,net7.0");
    assert.equal(dup.packages[0].locations[0].line, 5);

    const mixed = await parseWith(parser, fx("two-frameworks-mixed-packages.v1.json"));
    assert.deepEqual(ids(mixed), ["Test.Core@6.0.5", "Test.System@0.13.0-beta4", "Test.System@2.15.0"]);
    assert.equal(pkg(mixed, "Test.System", "0.13.0-beta4").locations[0].line, 11);
    assert.equal(pkg(mixed, "Test.System", "2.15.0").locations[0].line, 28);
    assert.equal(pkg(mixed, "Test.System", "2.15.0").meta?.targetFrameworks, "net7.0");
    assert.deepEqual(pkg(mixed, "Test.System", "2.15.0").dependencies, ["pkg:nuget/Test.Core@6.0.5"]);
  });

  it("version 2: CentralTransitive is transitive, Project references are not packages", async () => {
    const out = await parseWith(parser, fx("central-and-project.v2.json"));
    assert.deepEqual(ids(out), ["Serilog@3.1.1", "System.Diagnostics.DiagnosticSource@8.0.0"]);
    const ds = pkg(out, "System.Diagnostics.DiagnosticSource");
    assert.equal(ds.direct, false);
    assert.equal(ds.locations[0].line, 20);
    assert.deepEqual(pkg(out, "Serilog").dependencies, [
      "pkg:nuget/System.Diagnostics.DiagnosticSource@8.0.0",
    ]);
  });

  it("returns nothing for an empty lock", async () => {
    assert.deepEqual((await parseWith(parser, fx("empty.v0.json"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-json.txt")), "malformed", "not-json.txt");
    await assertRejects(parseWith(parser, fx("unsupported-version.json")), "unsupported-version");
    await assertRejects(
      parseWith(parser, fx("package-json-given.json")),
      "wrong-format",
      "package-json-given.json",
    );
  });

  it("conformance: every shared NuGet lock fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/dotnet/packageslockjson"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/nuget"),
      ...sharedFiles("osv-scanner-testdata").filter((f) => parser.matches(f)),
    ];
    assert.ok(files.length >= 11, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 8 && r.rejected >= 2, JSON.stringify(r));
  });
});
