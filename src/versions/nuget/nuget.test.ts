import { describe, test } from "node:test";
import {
  assertAscending,
  assertBadRange,
  assertEquivalent,
  assertInvalid,
  assertRange,
} from "../test-helpers.ts";
import { nugetScheme } from "./index.ts";

describe("NuGet", () => {
  test("four-part versions and case-insensitive pre-release labels", () => {
    assertAscending(nugetScheme, [
      "1.0.0-alpha",
      "1.0.0-Beta",
      "1.0.0-beta.2",
      "1.0.0-BETA.10",
      "1.0.0",
      "1.0.0.1",
      "1.0.1",
    ]);
    assertEquivalent(nugetScheme, ["1.0", "1.0.0", "1.0.0.0", "1.00.0", "1.0.0+build"]);
    assertEquivalent(nugetScheme, ["1.0.0-RC.1", "1.0.0-rc.1"]);
  });
  test("invalid", () => assertInvalid(nugetScheme, ["", "v1.0", "1.0.0.0.0", "1.0-", "latest"]));
  test("version ranges: bare is a minimum", () => {
    assertRange(nugetScheme, "1.0", ["1.0", "2.5"], ["0.9"]);
    assertRange(nugetScheme, "[1.0,2.0)", ["1.0", "1.9.9"], ["2.0"]);
    assertRange(nugetScheme, "(1.0,)", ["1.0.1"], ["1.0"]);
    assertRange(nugetScheme, "[1.0]", ["1.0.0.0"], ["1.0.1"]);
    assertRange(nugetScheme, "(,1.0]", ["0.1", "1.0"], ["1.1"]);
    assertBadRange(nugetScheme, ["[1.0,2.0),[3.0,4.0)", "[abc]", "(1.0"]);
  });
});
