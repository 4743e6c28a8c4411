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
import { packagesConfigParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("packages.config parser", () => {
  it("matches packages.config only", () => {
    assert.ok(parser.matches("Web/packages.config"));
    assert.ok(!parser.matches("Web/web.config"));
  });

  it("reads packages with dev flags and lines", async () => {
    const out = await parseWith(parser, fx("dev-dependency.config"));
    assert.deepEqual(ids(out), [
      "Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0",
      "Microsoft.Net.Compilers@1.0.0",
    ]);
    const codedom = pkg(out, "Microsoft.CodeDom.Providers.DotNetCompilerPlatform");
    assert.deepEqual(codedom.scopes, ["prod"]);
    assert.equal(codedom.direct, true);
    assert.equal(codedom.normalizedName, "microsoft.codedom.providers.dotnetcompilerplatform");
    assert.equal(codedom.purl, "pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0");
    assert.deepEqual(codedom.locations, [{ path: "dev-dependency.config", line: 3 }]);
    assert.equal(codedom.meta?.targetFramework, "net46");
    const compilers = pkg(out, "Microsoft.Net.Compilers");
    assert.deepEqual(compilers.scopes, ["dev"]);
    assert.equal(compilers.locations[0].line, 4);
  });

  it("skips entries without id or version, with a warning on their line", async () => {
    const noId = await parseWith(parser, fx("missing-id.config"));
    assert.equal(noId.packages.length, 1);
    assert.deepEqual(
      noId.warnings?.map((w) => w.line),
      [4],
    );
    const noVersion = await parseWith(parser, fx("missing-version.config"));
    assert.equal(noVersion.packages.length, 1);
    assert.match(noVersion.warnings?.[0].message ?? "", /Microsoft\.Net\.Compilers/);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-xml.txt")), "malformed", "not-xml.txt");
    await assertRejects(parseWith(parser, fx("csproj-given.xml")), "wrong-format", "csproj-given.xml");
  });

  it("conformance: every shared packages.config fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/dotnet/packagesconfig"),
      ...sharedFiles("osv-scanner-testdata").filter((f) => parser.matches(f)),
    ];
    assert.ok(files.length >= 5, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 4 && r.rejected >= 1, JSON.stringify(r));
  });
});
