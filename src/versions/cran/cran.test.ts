import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { conanScheme } from "../conan/index.ts";
import { hackageScheme } from "../hackage/index.ts";
import { opamScheme } from "../opam/index.ts";
import { assertAscending, assertEquivalent, assertInvalid } from "../test-helpers.ts";
import { cranScheme } from "./index.ts";

describe("CRAN (package_version)", () => {
  test("dot and dash separated numbers", () => {
    assertAscending(cranScheme, ["0.1-0", "0.1.0.0", "0.1-4", "0.1.18", "0.9", "0.75", "1.0-0"]);
    assertEquivalent(cranScheme, ["0.1-0", "0.01.0", "0.1.0"]);
  });
  test("invalid", () => assertInvalid(cranScheme, ["", "1.0a", "1..0", "v1.0"]));
});

describe("Hackage (PVP)", () => {
  test("lists of numbers", () => {
    assertAscending(hackageScheme, ["0", "0.11.3.0", "1", "1.0", "1.0.0", "1.0.0.1", "2"]);
  });
  test("invalid", () => assertInvalid(hackageScheme, ["", "1.0-1", "1.0a"]));
});

describe("ConanCenter (loose semver-like)", () => {
  test("numbers, text items, pre-releases and builds", () => {
    assertAscending(conanScheme, ["1.0.0-rc1", "1.0.0", "1.0.0+b1", "1.0.1", "1.1", "1.1a", "1.2"]);
    assertAscending(conanScheme, ["1.2", "1.9", "1.10", "1.10.1"]);
    assertEquivalent(conanScheme, ["1.2", "1.2.0", "1.2.0.0", "01.02"]);
    assertEquivalent(conanScheme, ["1.0-rc", "1.0-rc.0"]);
    // Case-sensitive text, as Python compares strings.
    assertAscending(conanScheme, ["1.0.B", "1.0.a"]);
    // The build is what follows the last `+`.
    assertAscending(conanScheme, ["1.0+a+b", "1.0+a+c"]);
  });
  test("invalid", () => assertInvalid(conanScheme, ["", "1.0 beta", "1.0/stable"]));
  test("800 crafted comparisons recorded from Conan's own Version class", () => {
    const text = readFileSync(
      new URL("../conan/__fixtures__/crafted-conan-version.txt", import.meta.url),
      "utf8",
    );
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(conanScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 800);
  });
});

describe("opam", () => {
  test("Debian-style ordering of the whole string", () => {
    assertAscending(opamScheme, ["1.0~beta", "1.0", "1.0a", "1.0.1", "1.1"]);
    assertInvalid(opamScheme, ["", "1.0 beta"]);
  });
});
