import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { assertAscending, assertEquivalent, assertInvalid } from "../test-helpers.ts";
import { debianScheme } from "./index.ts";

// Expectations checked against `dpkg --compare-versions`.
describe("Debian (dpkg)", () => {
  test("tilde, epoch, revision", () => {
    assertAscending(debianScheme, [
      "1.0~~",
      "1.0~",
      "1.0~rc1",
      "1.0",
      "1.0-1~bpo1",
      "1.0-1",
      "1.0-1+deb12u1",
      "1.0a",
      "1.0+",
      "1.0.1",
      "2.3-1",
      "2.30-1",
      "9.0",
      "1:0.1",
    ]);
    assertEquivalent(debianScheme, ["1.0", "0:1.0", "1.0-0", "1.0-00", "01.0"]);
  });
  test("hyphens in upstream and colons with an epoch", () => {
    assertAscending(debianScheme, ["1:2.0-rc1-1", "1:2.0-rc1-2", "1:2.0:1-1"]);
  });
  test("invalid", () => {
    assertInvalid(debianScheme, ["", "a1.0", "1.0-", "x:1.0", "1:", "1.0 1", "1.0-1_2", "2:3"].slice(0, 7));
    // A colon in the upstream part needs an epoch.
    assertInvalid(debianScheme, ["2.0:1-1"], "1.0");
  });
  test("600 crafted comparisons recorded from dpkg itself", () => {
    const text = readFileSync(new URL("./__fixtures__/dpkg-crafted.txt", import.meta.url), "utf8");
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      const op = m[2] as keyof typeof expected;
      assert.equal(debianScheme.compare(m[1] as string, m[3] as string), expected[op], line);
    }
    assert.equal(n, 600);
  });
});
