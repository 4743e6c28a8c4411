import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ScanResult } from "../core/result.ts";
import { REPORTERS } from "./registry.ts";
import type { RenderOptions } from "./types.ts";

/**
 * One canonical scan result (findings, suppressed findings, signals, decisions, waivers, a failed
 * source) rendered through EVERY reporter and compared with the files in __golden__/.
 * Regenerate after an intended change: UPDATE_GOLDEN=1 node --test src/report/golden.test.ts
 */
const FIXTURE = join(import.meta.dirname, "__fixtures__", "canonical-scan.json");
const GOLDEN = join(import.meta.dirname, "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const canonical = (): ScanResult => JSON.parse(readFileSync(FIXTURE, "utf8"));

const OPTIONS: RenderOptions = {
  color: false,
  quiet: false,
  verbose: false,
  width: 100,
  command: "scan",
  deterministic: true,
};

describe("golden files: the canonical result through every reporter", () => {
  if (UPDATE) mkdirSync(GOLDEN, { recursive: true });
  for (const reporter of REPORTERS) {
    it(`${reporter.id}`, () => {
      const file = join(GOLDEN, `canonical.${reporter.id}.${reporter.extension}`);
      const text = reporter.render(canonical(), OPTIONS);
      assert.equal(reporter.render(canonical(), OPTIONS), text, "rendering is deterministic");
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) assert.fail(`${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
        writeFileSync(file, text);
        return;
      }
      assert.equal(
        text,
        readFileSync(file, "utf8"),
        `${reporter.id} output changed: review, then UPDATE_GOLDEN=1`,
      );
    });
  }
  it("quiet table output is also stable", () => {
    const table = REPORTERS.find((r) => r.id === "table");
    assert.ok(table);
    const file = join(GOLDEN, "canonical.table-quiet.txt");
    const text = table.render(canonical(), { ...OPTIONS, quiet: true });
    if (UPDATE) writeFileSync(file, text);
    else assert.equal(text, readFileSync(file, "utf8"));
  });
});
