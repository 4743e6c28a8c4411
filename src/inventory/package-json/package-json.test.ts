import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { discoverInputs } from "../discover.ts";
import { readInput, relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { packageJsonParser } from "./index.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

async function parse(name: string) {
  const file = await readInput(join(FIX, name));
  return packageJsonParser.parse(file, { readRelative: relativeReader(file) });
}

describe("package.json parser", () => {
  it("is never chosen when walking a folder, only when named or as package.json:PATH", async () => {
    assert.equal(packageJsonParser.matches("/p/package.json"), false);
    const walked = await discoverInputs([FIX]);
    assert.ok(!walked.inputs.some((i) => i.parser.id === "package.json"));
    const named = await discoverInputs([`package.json:${join(FIX, "declared-ranges.json")}`]);
    assert.equal(named.inputs[0]?.parser.id, "package.json");
    const byName = await discoverInputs([join(FIX, "named/package.json")]);
    assert.equal(byName.inputs[0]?.parser.id, "package.json");
    const walkedNamed = await discoverInputs([join(FIX, "named")]);
    assert.deepEqual(walkedNamed.inputs, []);
  });

  it("declared dependencies: direct, scoped by field, ranges kept with a warning", async () => {
    const { packages, warnings } = await parse("declared-ranges.json");
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.scopes.join(","), p.direct, p.locations[0].line]),
      [
        ["lodash", "4.17.15", "prod", true, 9],
        ["debug", "^4.3.4", "prod", true, 10],
        ["left-pad", "1.3.0", "prod", true, 11],
        ["is-number", "98e8ff1da1a89f93d1397a24d7413ed15421c139", "prod", true, 14],
        ["fsevents", "~2.3.2", "optional", true, 17],
        ["typescript", "^5.4.0", "dev", true, 6],
      ],
    );
    assert.equal(packages[2].meta?.alias, "lp");
    assert.equal(packages[3].source, "git");
    assert.deepEqual(
      warnings?.map((w) => [w.code, w.line]),
      [
        ["unpinned", 10],
        ["unpinned", 17],
        ["unpinned", 6],
      ],
    );
  });

  it("a lockfile or a non-object is rejected with wrong-format", async () => {
    for (const name of ["lockfile-given.json", "array.json"]) {
      await assert.rejects(parse(name), (e: unknown) => {
        assert.ok(e instanceof InventoryError);
        assert.equal(e.code, "wrong-format");
        assert.match(e.file ?? "", new RegExp(name.replace(".", "\\.")));
        return true;
      });
    }
  });
});
