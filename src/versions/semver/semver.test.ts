import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { cratesScheme } from "../crates/index.ts";
import { goScheme } from "../go/index.ts";
import { hexScheme } from "../hex/index.ts";
import { pubScheme } from "../pub/index.ts";
import {
  assertAscending,
  assertBadRange,
  assertEquivalent,
  assertInvalid,
  assertRange,
} from "../test-helpers.ts";
import { npmScheme } from "./index.ts";

describe("npm (semver)", () => {
  test("semver 2.0 precedence, pre-releases and numbers beyond 2^53", () => {
    assertAscending(npmScheme, [
      "0.0.0-0",
      "0.0.0",
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.2.9",
      "1.10.0",
      "9007199254740993.0.0",
      "9007199254740994.0.0",
    ]);
  });
  test("build metadata, v prefix, loose forms and partial versions", () => {
    assertEquivalent(npmScheme, ["1.2.3", "v1.2.3", "1.2.3+build.5", "=1.2.3", " 1.2.3 "]);
    assertEquivalent(npmScheme, ["1.2.3-beta", "1.2.3beta"]);
    assertEquivalent(npmScheme, ["0", "0.0", "0.0.0"]);
  });
  test("invalid versions", () => {
    assertInvalid(npmScheme, ["", "latest", "1.2.3-+", "1..2", "^1.2.3", "1.2.3 || 2"]);
  });
  test("npm ranges", () => {
    assertRange(npmScheme, "^1.2.3", ["1.2.3", "1.9.0", "v1.5.0"], ["1.2.2", "2.0.0", "1.3.0-beta"]);
    assertRange(npmScheme, ">=1 <2 || 3.x", ["1.0.0", "3.4.5"], ["2.0.0", "0.9.9"]);
    assertRange(npmScheme, "1.2 - 1.4", ["1.2.0", "1.4.9"], ["1.5.0"]);
    assertRange(npmScheme, "~0.2.3", ["0.2.9"], ["0.3.0"]);
    assertRange(npmScheme, ">=1.0.0-beta.2 <1.0.0", ["1.0.0-beta.10"], ["1.0.0-alpha"]);
    assertBadRange(npmScheme, [">=abc", "1.2.3 - - 2"]);
  });
});

describe("Go", () => {
  test("pseudo-versions and +incompatible", () => {
    assertAscending(goScheme, [
      "v0.0.0-20191109021931-daa7c04131f5",
      "v0.0.0-20200101000000-aaaaaaaaaaaa",
      "v0.1.0",
      "v1.2.3",
      "v1.2.4-0.20200101000000-abcdefabcdef",
      "v1.2.4",
      "v2.0.0+incompatible",
      "v2.1.0",
    ]);
    assertEquivalent(goScheme, ["v2.0.0+incompatible", "2.0.0", "v2.0.0"]);
  });
  test("invalid", () => assertInvalid(goScheme, ["", "master", "v1.2.3.4-", "1.x"]));
  test("800 crafted comparisons recorded from golang.org/x/mod/semver", () => {
    const text = readFileSync(
      new URL("../go/__fixtures__/crafted-x-mod-semver.txt", import.meta.url),
      "utf8",
    );
    const expected = { "<": -1, "=": 0, ">": 1 } as const;
    let n = 0;
    for (const line of text.split("\n")) {
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (!m) continue;
      n++;
      assert.equal(goScheme.compare(m[1] as string, m[3] as string), expected[m[2] as "<"], line);
    }
    assert.equal(n, 800);
  });
});

describe("crates.io", () => {
  test("ordering", () =>
    assertAscending(cratesScheme, ["0.1.0-alpha", "0.1.0", "0.1.1", "1.0.0-rc.1", "1.0.0"]));
  test("Cargo requirements", () => {
    assertRange(cratesScheme, "1.2.3", ["1.2.3", "1.9.9"], ["2.0.0", "1.2.2"]);
    assertRange(cratesScheme, "0.2.3", ["0.2.9"], ["0.3.0"]);
    assertRange(cratesScheme, ">=1.2, <1.5", ["1.2.0", "1.4.9"], ["1.5.0"]);
    assertRange(cratesScheme, "~1.2", ["1.2.9"], ["1.3.0"]);
    assertRange(cratesScheme, "1.*", ["1.9.0"], ["2.0.0"]);
    assertRange(cratesScheme, "= 1.2.3", ["1.2.3"], ["1.2.4"]);
    assertBadRange(cratesScheme, ["", ">=1,", "abc"]);
  });
  test("requirements agree with the semver crate Cargo uses (recorded)", () => {
    const text = readFileSync(
      new URL("../crates/__fixtures__/requirements-semver-crate.tsv", import.meta.url),
      "utf8",
    );
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(cratesScheme, range, inside.split(",").filter(Boolean), outside.split(",").filter(Boolean));
      n++;
    }
    assert.equal(n, 14);
  });
});

describe("Hex", () => {
  test("Elixir requirements", () => {
    assertRange(hexScheme, "~> 2.0", ["2.0.0", "2.9.1"], ["3.0.0", "1.9.9", "3.0.0-rc.0"]);
    assertRange(hexScheme, "~> 2.1.3", ["2.1.3", "2.1.9"], ["2.2.0"]);
    assertRange(hexScheme, ">= 1.0.0 and < 2.0.0 or == 3.0.0", ["1.5.0", "3.0.0"], ["2.0.0", "3.0.1"]);
    assertRange(hexScheme, "!= 1.0.0", ["1.0.1"], ["1.0.0"]);
    assertRange(hexScheme, "1.0.0", ["1.0.0"], ["1.0.1"]);
    assertBadRange(hexScheme, ["~> banana", ">= 1.0.0 and"]);
  });
  test("requirements agree with Elixir's Version.match? (recorded)", () => {
    const text = readFileSync(
      new URL("../hex/__fixtures__/requirements-elixir-version.tsv", import.meta.url),
      "utf8",
    );
    let n = 0;
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [range, inside, outside] = line.split("\t") as [string, string, string];
      assertRange(hexScheme, range, inside.split(",").filter(Boolean), outside.split(",").filter(Boolean));
      n++;
    }
    assert.equal(n, 10);
  });
});

describe("Pub", () => {
  test("build metadata orders after the bare version", () => {
    assertAscending(pubScheme, ["1.0.0-pre", "1.0.0-pre+build", "1.0.0", "1.0.0+1", "1.0.0+2", "1.0.0+a"]);
  });
  test("pubspec constraints", () => {
    assertRange(pubScheme, "^1.2.3", ["1.2.3", "1.9.0"], ["2.0.0", "2.0.0-dev.1", "1.2.2"]);
    assertRange(pubScheme, "^0.1.2", ["0.1.9"], ["0.2.0"]);
    assertRange(pubScheme, "^0.0.3", ["0.0.9"], ["0.1.0"]);
    assertRange(pubScheme, ">=1.2.0 <2.0.0", ["1.2.0", "1.9.9+1"], ["2.0.0", "2.0.0-beta", "1.1.9"]);
    assertRange(pubScheme, "any", ["0.0.1", "99.0.0"], []);
    assertRange(pubScheme, "1.2.3", ["1.2.3"], ["1.2.4"]);
    assertBadRange(pubScheme, [">=1.2", "^abc", ">= "]);
  });
});
