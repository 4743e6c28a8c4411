import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { assertAscending, assertEquivalent, assertInvalid } from "../test-helpers.ts";
import { rpmScheme } from "./index.ts";

describe("RPM (rpmvercmp)", () => {
  test("tilde before, caret after, numbers beat letters", () => {
    assertAscending(rpmScheme, ["1.0~rc1", "1.0", "1.0^git1", "1.0^git2", "1.0.a", "1.0.1", "1.0.10", "1.1"]);
    assertEquivalent(rpmScheme, ["1.0", "1_0", "1..0", "0:1.0", "1.0."]);
  });
  test("epoch and release", () => {
    assertAscending(rpmScheme, [
      "3.10.0",
      "3.10.0-229.el7",
      "3.10.0-229.1.2.el7",
      "3.10.0-1160.el7",
      "1:1.0-1",
    ]);
    assertAscending(rpmScheme, ["2.4.21-9.EL", "2.4.21-9.0.1.EL"]);
  });
  test("invalid", () => assertInvalid(rpmScheme, ["", "1.0 1"]));
  test("800 crafted comparisons recorded from rpm itself", () => {
    const text = readFileSync(new URL("./__fixtures__/crafted-rpm-vercmp.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(rpmScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 800);
  });
});
