import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadPolicy, PRESETS } from "./load.ts";
import { runPolicyTestFile } from "./policy-test.ts";

const DIR = join(import.meta.dirname, "__fixtures__", "preset-tests");

/** Each shipped preset, judged by its own policy-as-code cases (the same runner as `intake policy test`). */
describe("presets behave as documented", () => {
  for (const name of PRESETS) {
    const file = join(DIR, `${name}.yaml`);
    it(name, {
      skip: existsSync(file) ? false : `no cases for ${name} (the default is covered by evaluate.test.ts)`,
    }, () => {
      const set = { root: loadPolicy(name), nested: [], cwd: process.cwd() };
      const results = runPolicyTestFile(set, file, `${name}.yaml`);
      assert.ok(results.length > 0);
      const failed = results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failures.join("; ")}`);
      assert.deepEqual(failed, []);
    });
  }

  it("every preset rule names threats and S2C2F requirements", () => {
    for (const name of PRESETS) {
      for (const r of loadPolicy(name).rules) {
        assert.ok(r.threats.length > 0, `${name}: ${r.id} has no threats`);
        assert.ok(r.s2c2f.length > 0, `${name}: ${r.id} has no S2C2F ids`);
      }
    }
  });
});
