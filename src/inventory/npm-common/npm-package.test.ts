import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPurl } from "../../core/package.ts";
import {
  commitOf,
  ForwardLines,
  findJsonObjectKey,
  npmPurl,
  parseNpmAlias,
  sourceKindOf,
} from "./npm-package.ts";

describe("npm helpers", () => {
  it("npmPurl gives the same purl as buildPurl", () => {
    const cases: [string, string][] = [
      ["lodash", "4.17.15"],
      ["@babel/code-frame", "7.0.0"],
      ["JSONStream", "1.3.5"],
      ["@Scope/Mixed.Case_name~x", "1.0.0-beta.1+build.5"],
      ["string-width", ""],
      ["weird name", "1.0.0"],
      ["a", "1.0.0 || 2"],
      ["@s/b", "git+ssh://x#abc"],
      ["ünïcode", "1.0.0"],
    ];
    for (const [n, v] of cases) assert.equal(npmPurl(n, v), buildPurl("npm", n, v), `${n}@${v}`);
  });

  it("classifies sources", () => {
    assert.equal(sourceKindOf("https://registry.example.test/a/-/a-1.0.0.tgz"), "registry");
    assert.equal(sourceKindOf("https://example.test/a.tgz"), "url");
    assert.equal(sourceKindOf("git+ssh://git@example.test/a/b.git#0123"), "git");
    assert.equal(sourceKindOf("github:a/b#main"), "git");
    assert.equal(sourceKindOf("file:../x"), "file");
    assert.equal(sourceKindOf("link:../x"), "link");
    assert.equal(sourceKindOf("workspace:packages/a"), "workspace");
    assert.equal(sourceKindOf(undefined), undefined);
  });

  it("reads commits and aliases", () => {
    assert.equal(
      commitOf("git+ssh://h/x.git#3B1BB80B302C2E552685DC8A029797EC832EA7C9"),
      "3b1bb80b302c2e552685dc8a029797ec832ea7c9",
    );
    assert.equal(commitOf("github:a/b#main"), undefined);
    assert.deepEqual(parseNpmAlias("npm:@babel/code-frame@7.0.0"), {
      name: "@babel/code-frame",
      version: "7.0.0",
    });
    assert.deepEqual(parseNpmAlias("npm:left-pad"), { name: "left-pad", version: "" });
    assert.equal(parseNpmAlias("1.0.0"), undefined);
  });

  it("ForwardLines counts lines going forward and restarts when asked about an earlier offset", () => {
    const text = "a\nb\nc\nd";
    const l = new ForwardLines(text);
    assert.equal(l.lineAt(0), 1);
    assert.equal(l.lineAt(2), 2);
    assert.equal(l.lineAt(6), 4);
    assert.equal(l.lineAt(4), 3);
  });

  it("findJsonObjectKey finds only keys whose value is an object", () => {
    const text = '{"a": "x", "b": {"a": 1}, "a" : {}}';
    assert.equal(findJsonObjectKey(text, "a", 0), text.lastIndexOf('"a"'));
    assert.equal(findJsonObjectKey(text, "b", 0), text.indexOf('"b"'));
    assert.equal(findJsonObjectKey(text, "c", 0), -1);
  });
});
