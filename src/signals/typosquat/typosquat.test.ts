import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { isPossibleTyposquat } from "./signals.ts";
import { buildPopularList, editDistance, findTyposquat, popularList, skeleton } from "./typosquat.ts";

describe("typosquat detection", () => {
  const small = buildPopularList(
    [
      ["lodash", 100],
      ["express", 90],
      ["@types/node", 80],
      ["cross-env", 70],
      ["colors", 60],
      ["ms", 50],
      ["react-native-reanimated", 40],
    ],
    "npm",
  );

  test("a near-name inside the same scope is not a squat (scopes are owned)", () => {
    const scoped = buildPopularList([["@types/jest", 10]], "npm");
    assert.equal(findTyposquat("@types/jesc", "npm", scoped), undefined);
    assert.equal(findTyposquat("@typez/jest", "npm", scoped)?.target, "@types/jest");
  });

  test("edit distance 1 for medium names, 2 for long ones, none for short ones", () => {
    assert.equal(findTyposquat("lodahs", "npm", small)?.target, "lodash");
    assert.equal(findTyposquat("expres", "npm", small)?.technique, "edit-distance");
    assert.equal(findTyposquat("react-native-reanimatedxx", "npm", small)?.distance, 2);
    assert.equal(findTyposquat("mz", "npm", small), undefined, "two letters are too short to judge");
    assert.equal(findTyposquat("lodaaah", "npm", small), undefined);
  });

  test("look-alike characters, separators and scope confusion", () => {
    assert.deepEqual(
      { ...findTyposquat("c0l0rs", "npm", small), popularity: 0 },
      { target: "colors", technique: "homoglyph", popularity: 0 },
    );
    assert.equal(findTyposquat("lоdash", "npm", small)?.technique, "homoglyph", "Cyrillic o");
    assert.equal(findTyposquat("crossenv", "npm", small)?.technique, "separator");
    assert.equal(findTyposquat("cross_env", "npm", small)?.technique, "separator");
    assert.equal(findTyposquat("@types-node", "npm", small)?.technique, "scope");
    assert.equal(findTyposquat("types-node", "npm", small)?.target, "@types/node");
  });

  test("a popular package is never a typosquat of another", () => {
    assert.equal(findTyposquat("lodash", "npm", small), undefined);
    assert.equal(findTyposquat("ms", "npm", small), undefined);
  });

  test("editDistance counts adjacent transpositions as one", () => {
    assert.equal(editDistance("lodash", "lodahs"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("abc", "abc"), 0);
    assert.ok(editDistance("aaaaaaaa", "bbbbbbbb", 2) > 2);
  });

  test("skeleton folds confusables", () => {
    assert.equal(skeleton("rn0ment"), skeleton("moment"));
  });
});

describe("shipped lists (built from real download counts)", () => {
  test("npm and PyPI lists load, hold thousands of names, and catch classic squats", () => {
    const npm = popularList("npm")!;
    const pypi = popularList("PyPI")!;
    assert.ok(npm.names.length >= 4000 && pypi.names.length >= 4000);
    assert.ok(npm.popularity.has("lodash") && pypi.popularity.has("requests"));
    assert.equal(findTyposquat("crossenv", "npm", npm)?.target, "cross-env");
    assert.equal(findTyposquat("reqeusts", "PyPI", pypi)?.target, "requests");
    assert.equal(findTyposquat("python_dateutil", "PyPI", pypi), undefined, "same name after PEP 503");
    assert.equal(popularList("Hex"), null);
  });

  test("the signal answers yes with evidence, no for the real package, unknown without a list", async () => {
    const { ctx } = makeSignalContext({
      offline: true,
      cacheDir: false,
      registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
    });
    const yes = await isPossibleTyposquat.collect(
      makePackage({ ecosystem: "npm", name: "expresss", version: "1.0.0" }),
      ctx,
    );
    assert.equal(yes.outcome, "yes");
    assert.equal(yes.evidence.target, "express");
    const no = await isPossibleTyposquat.collect(
      makePackage({ ecosystem: "npm", name: "express", version: "4.0.0" }),
      ctx,
    );
    assert.equal(no.outcome, "no");
    assert.equal(no.evidence.popular, true);
  });
});
