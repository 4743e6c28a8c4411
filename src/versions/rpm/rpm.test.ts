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
});
