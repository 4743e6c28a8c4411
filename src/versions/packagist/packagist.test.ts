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
import { packagistScheme } from "./index.ts";

describe("Packagist (version_compare)", () => {
  test("stability order and v prefix", () => {
    assertAscending(packagistScheme, [
      "dev-main",
      "1.0-dev",
      "1.0alpha1",
      "1.0-beta.2",
      "1.0RC1",
      "1.0",
      "1.0.1",
      // version_compare ranks `patch`/`p`/`pl` above any number in the same position.
      "1.0-patch1",
      "v1.1",
      "V2.0",
    ]);
    assertEquivalent(packagistScheme, ["1.0rc1", "1.0-RC1", "1.0.rc.1", "v1.0RC1"]);
    assertEquivalent(packagistScheme, ["1.25.0-beta2.1", "1.25.0-b.2.1"]);
  });
  test("invalid", () => assertInvalid(packagistScheme, ["", "v", "1.0 beta"]));
  test("Composer constraints", () => {
    assertRange(packagistScheme, "^1.2", ["1.2.0", "1.9.9", "v1.5"], ["2.0.0", "2.0.0-beta1", "1.1.9"]);
    assertRange(packagistScheme, "^0.3", ["0.3.0", "0.3.9"], ["0.4.0"]);
    assertRange(packagistScheme, "~1.2", ["1.2", "1.9"], ["2.0"]);
    assertRange(packagistScheme, "~1.2.3", ["1.2.3", "1.2.9"], ["1.3.0"]);
    assertRange(packagistScheme, "1.2.*", ["1.2.0", "1.2.99"], ["1.3.0"]);
    assertRange(packagistScheme, ">=1 <2 || ^3", ["1.5", "3.1"], ["2.5", "4.0"]);
    assertRange(packagistScheme, ">=1.0, <1.1", ["1.0.5"], ["1.1.0"]);
    assertRange(packagistScheme, "1.0 - 2.0", ["1.0", "2.0.5"], ["2.1.0"]);
    assertRange(packagistScheme, "1.0.0 - 2.1.0", ["2.1.0"], ["2.1.1"]);
    assertRange(packagistScheme, "!=1.5", ["1.4"], ["1.5"]);
    assertRange(packagistScheme, "*", ["0.0.1", "99"], ["dev-main"]);
    assertRange(packagistScheme, "1.2.3", ["1.2.3", "v1.2.3"], ["1.2.4"]);
    assertRange(packagistScheme, ">=1.0-beta1", ["1.0-Beta2", "1.0"], ["1.0-alpha1", "1.0-BETA0"]);
    assertBadRange(packagistScheme, ["^", ">=abc", "1.0 ||"]);
  });
  test("1,200 crafted comparisons recorded from PHP's version_compare", () => {
    const text = readFileSync(
      new URL("./__fixtures__/crafted-php-version-compare.txt", import.meta.url),
      "utf8",
    );
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(packagistScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 1200);
  });
  test("constraints agree with composer/semver (recorded)", () => {
    const text = readFileSync(
      new URL("./__fixtures__/constraints-composer-semver.tsv", import.meta.url),
      "utf8",
    );
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(
        packagistScheme,
        range,
        inside.split(",").filter(Boolean),
        outside.split(",").filter(Boolean),
      );
      n++;
    }
    assert.equal(n, 25);
  });
});
