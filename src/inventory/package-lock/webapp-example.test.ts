import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../../../test/helpers/shared-data.ts";
import { buildInventory } from "../inventory.ts";

// The example shipped in examples/webapp is what the README's quick start scans: keep it honest.
describe("examples/webapp", () => {
  it("inventories the Node app's 19 packages with their paths", async () => {
    const inv = await buildInventory([join(PROJECT_ROOT, "examples/webapp")], { cwd: PROJECT_ROOT });
    const lock = inv.sources.find((s) => s.format === "package-lock.json");
    assert.deepEqual(lock, {
      path: "examples/webapp/package-lock.json",
      format: "package-lock.json",
      status: "ok",
      packageCount: 19,
    });
    const npm = inv.packages.filter((p) => p.ecosystem === "npm");
    const direct = npm.filter((p) => p.direct).map((p) => `${p.name}@${p.version}`);
    assert.deepEqual(direct.sort(), [
      "axios@0.21.0",
      "chalk@5.6.1",
      "debug@4.1.1",
      "event-stream@3.3.6",
      "lodash@4.17.15",
      "mkdirp@0.5.5",
      "prettier@2.2.1",
      "typescript@4.1.3",
    ]);
    const get = (name: string) => npm.find((p) => p.name === name)!;
    assert.deepEqual(get("flatmap-stream").paths, [
      ["pkg:npm/event-stream@3.3.6", "pkg:npm/flatmap-stream@0.1.1"],
    ]);
    assert.deepEqual(get("minimist").paths, [["pkg:npm/mkdirp@0.5.5", "pkg:npm/minimist@1.2.5"]]);
    assert.deepEqual(get("typescript").scopes, ["dev"]);
    assert.deepEqual(get("minimist").locations, [{ path: "examples/webapp/package-lock.json", line: 75 }]);
  });
});
