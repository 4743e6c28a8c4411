import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { assertAscending, assertEquivalent, assertInvalid } from "../test-helpers.ts";
import { alpineScheme, isStrictAlpineVersion } from "./index.ts";

describe("Alpine (apk-tools)", () => {
  test("suffix ranks, letters and revisions", () => {
    assertAscending(alpineScheme, [
      "1.2_alpha",
      "1.2_alpha2",
      "1.2_beta",
      "1.2_pre1",
      "1.2_rc1",
      "1.2",
      "1.2-r1",
      "1.2-r10",
      "1.2_cvs1",
      "1.2_svn1",
      "1.2_git1",
      "1.2_hg1",
      "1.2_p1",
      "1.2a",
      "1.2b",
      "1.2.1",
    ]);
    assertEquivalent(alpineScheme, ["1-r1", "1-r01"]);
  });
  test("leading zeros are significant after the first component", () => {
    assertAscending(alpineScheme, ["1.001", "1.01", "1.1"]);
    assertAscending(alpineScheme, ["0.6.17-r0", "0.6.19-r0", "0.6.19-r1", "0.6.20-r0"]);
  });
  test("strict validity is reported separately", () => {
    assert.equal(isStrictAlpineVersion("1.2.3_rc1-r2"), true);
    assert.equal(isStrictAlpineVersion("1.2.0A"), false);
    assert.equal(alpineScheme.isValid("1.2.0A"), true);
  });
  test("invalid", () => assertInvalid(alpineScheme, ["", "1.0 r1"]));
  test("2,000 crafted comparisons (many malformed) recorded from apk-tools 2.x", () => {
    const text = readFileSync(new URL("./__fixtures__/crafted-apk-tools-2.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(alpineScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 2000);
  });
});
