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
    assertEquivalent(conanScheme, ["1.2", "1.2.0", "1.2.0.0"]);
  });
  test("invalid", () => assertInvalid(conanScheme, ["", "1.0 beta", "1.0/stable"]));
});

describe("opam", () => {
  test("Debian-style ordering of the whole string", () => {
    assertAscending(opamScheme, ["1.0~beta", "1.0", "1.0a", "1.0.1", "1.1"]);
    assertInvalid(opamScheme, ["", "1.0 beta"]);
  });
});
