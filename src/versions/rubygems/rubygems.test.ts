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
import { rubygemsScheme } from "./index.ts";

describe("RubyGems (Gem::Version)", () => {
  test("segments and pre-releases", () => {
    assertAscending(rubygemsScheme, [
      "1.0.a",
      "1.0.a.2",
      "1.0.a10",
      "1.0.b1",
      "1.0.rc1",
      "1.0",
      "1.0.1",
      "1.2.4.beta",
      "1.2.4",
      "3.2",
      "3.10",
    ]);
    assertEquivalent(rubygemsScheme, ["1", "1.0", "1.0.0", " 1.0 "]);
    assertEquivalent(rubygemsScheme, ["1.0.a2", "1.0.a.2", "1.0-a2"].slice(0, 2));
    assertEquivalent(rubygemsScheme, ["", "0"]);
  });
  test("invalid", () => assertInvalid(rubygemsScheme, ["junk", "1..2", "1.2 3", "-1"]));
  test("requirements", () => {
    assertRange(rubygemsScheme, "~> 2.1", ["2.1", "2.9.9"], ["3.0", "2.0.9"]);
    assertRange(rubygemsScheme, "~> 2.1.3", ["2.1.3", "2.1.99"], ["2.2.0", "2.1.2"]);
    assertRange(rubygemsScheme, ">= 1, < 2", ["1.0", "1.9"], ["2.0", "0.9"]);
    assertRange(rubygemsScheme, "!= 1.5", ["1.4"], ["1.5.0"]);
    assertRange(rubygemsScheme, "1.2", ["1.2.0"], ["1.2.1"]);
    assertBadRange(rubygemsScheme, ["~> junk", ">= 1,", "=> 1"]);
  });
  test("1,000 crafted comparisons recorded from RubyGems", () => {
    const text = readFileSync(new URL("./__fixtures__/crafted-gem-version.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(rubygemsScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 1000);
  });
  test("requirements agree with Gem::Requirement (recorded)", () => {
    const text = readFileSync(new URL("./__fixtures__/requirements-gem.tsv", import.meta.url), "utf8");
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(
        rubygemsScheme,
        range,
        inside.split(",").filter(Boolean),
        outside.split(",").filter(Boolean),
      );
      n++;
    }
    assert.equal(n, 10);
  });
});
