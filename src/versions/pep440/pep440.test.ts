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
import { pep440Scheme } from "./index.ts";

describe("PyPI (PEP 440)", () => {
  test("full ordering of the PEP 440 phases", () => {
    assertAscending(pep440Scheme, [
      "1.0.dev0",
      "1.0a1.dev1",
      "1.0a1",
      "1.0a2.post1",
      "1.0b1",
      "1.0rc1",
      "1.0",
      "1.0+local.a",
      "1.0+local.1",
      "1.0.post1.dev0",
      "1.0.post1",
      "1.1",
      "1!0.1",
    ]);
  });
  test("normalization", () => {
    assertEquivalent(pep440Scheme, ["1.0", "1.0.0", "1", "v1.0", "1.0.0.0"]);
    assertEquivalent(pep440Scheme, ["1.0a1", "1.0alpha1", "1.0-a1", "1.0.a.1"]);
    assertEquivalent(pep440Scheme, ["1.0rc1", "1.0c1", "1.0pre1", "1.0preview1"]);
    assertEquivalent(pep440Scheme, ["1.0-1", "1.0.post1", "1.0rev1", "1.0r1"]);
  });
  test("legacy (non PEP 440) versions sort before every PEP 440 version", () => {
    assertAscending(pep440Scheme, ["0.1-bulbasaur", "0.9-doduo", "0.0.1"]);
  });
  test("invalid", () => assertInvalid(pep440Scheme, ["", "1.0 beta", "$$", "1.0/2"]));
  test("specifiers", () => {
    assertRange(pep440Scheme, ">=1.0,<2.0", ["1.0", "1.5.post1", "1.9"], ["2.0", "0.9"]);
    assertRange(pep440Scheme, "~=1.4.2", ["1.4.2", "1.4.9"], ["1.5.0", "1.4.1"]);
    assertRange(pep440Scheme, "==1.2.*", ["1.2", "1.2.7"], ["1.3"]);
    assertRange(pep440Scheme, "!=1.5", ["1.4"], ["1.5", "1.5.0"]);
    // PEP 440: `<V` excludes pre-releases of V itself.
    assertRange(pep440Scheme, "<2.0", ["1.9", "1.9rc1"], ["2.0", "2.0rc1"]);
    assertRange(pep440Scheme, ">=0", [], ["0.1-bulbasaur"]);
    assertBadRange(pep440Scheme, ["", ">>1", "=>1.0"]);
  });
  test("1,500 crafted comparisons recorded from the packaging library", () => {
    const text = readFileSync(new URL("./__fixtures__/packaging-crafted.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(pep440Scheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 1500);
  });
  test("specifiers agree with packaging's SpecifierSet (recorded)", () => {
    const text = readFileSync(new URL("./__fixtures__/specifiers-packaging.tsv", import.meta.url), "utf8");
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(pep440Scheme, range, inside.split(",").filter(Boolean), outside.split(",").filter(Boolean));
      n++;
    }
    assert.equal(n, 13);
  });
});
