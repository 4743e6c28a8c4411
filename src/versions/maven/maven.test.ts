import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  assertAscending,
  assertBadRange,
  assertEquivalent,
  assertInvalid,
  assertRange,
} from "../test-helpers.ts";
import { mavenScheme } from "./index.ts";

describe("Maven ComparableVersion", () => {
  test("qualifier order", () => {
    assertAscending(mavenScheme, [
      "1-alpha1",
      "1-alpha2",
      "1-beta1",
      "1-milestone1",
      "1-rc1",
      "1-SNAPSHOT",
      "1",
      "1-sp1",
      "1-abc",
      "1-xyz",
      "1-1",
      "1.1",
    ]);
  });
  test("padding, aliases, separators and case", () => {
    assertEquivalent(mavenScheme, ["1", "1.0", "1.0.0", "1-0", "1.0-0", "1ga", "1-final", "1.RELEASE", "1."]);
    assertEquivalent(mavenScheme, ["1cr1", "1rc1", "1-RC-1", "1-cr1"]);
    assertEquivalent(mavenScheme, ["1a1", "1-alpha-1", "1alpha1"]);
    assertEquivalent(mavenScheme, ["1.1", "1.01", "1.001"]);
  });
  test("`-` and `.` differ: 2.0-1 < 2.0.1, and a letter transition starts a sub-list", () => {
    assertAscending(mavenScheme, ["2.0", "2.0-1", "2.0.1", "2.0.1-xyz", "2.0.1-123"]);
    assertAscending(mavenScheme, ["6.1.0rc3", "6.1.0", "6.1H.5-beta"]);
  });
  test("huge numbers (MNG-6572)", () => {
    assertAscending(mavenScheme, ["20190126.230843", "1234567890.12345", "123456789012345.1H.5-beta"]);
  });
  test("invalid", () => assertInvalid(mavenScheme, ["", "1 2", " 1"]));
  test("version ranges", () => {
    assertRange(mavenScheme, "[1.0,2.0)", ["1.0", "1.5", "2.0-SNAPSHOT"], ["2.0", "0.9"]);
    assertRange(mavenScheme, "(,1.0]", ["0.1", "1.0"], ["1.0.1"]);
    assertRange(mavenScheme, "[1.2]", ["1.2", "1.2.0"], ["1.2.1"]);
    assertRange(mavenScheme, "(,1.0],[1.2,)", ["0.5", "1.2", "9"], ["1.1"]);
    assertRange(mavenScheme, "(1.0,2.0]", ["1.0.1", "2.0"], ["1.0"]);
    assertRange(mavenScheme, "1.5", ["1.5"], ["1.6"]);
    assertBadRange(mavenScheme, ["", "[1.0,2.0", "[2.0,1.0]", "(1.0)", "[,1.0]", "[1.0,2.0],", "[1,2,3]"]);
  });
  test("ranges agree with maven-artifact's VersionRange (recorded)", () => {
    const text = readFileSync(new URL("./__fixtures__/ranges-maven-artifact.tsv", import.meta.url), "utf8");
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(mavenScheme, range, inside.split(",").filter(Boolean), outside.split(",").filter(Boolean));
      n++;
    }
    assert.equal(n, 12);
  });
  test("800 crafted comparisons recorded from maven-artifact", () => {
    const text = readFileSync(new URL("./__fixtures__/crafted-maven-artifact.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(mavenScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 800);
  });
});
