import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseText } from "../../test/helpers/inventory-fixtures.ts";
import { composerLockParser } from "./composer-lock/index.ts";
import { conanLockParser } from "./conan-lock/index.ts";
import { gemfileLockParser } from "./gemfile-lock/index.ts";
import { gradleLockfileParser } from "./gradle-lockfile/index.ts";
import { gradleVerificationMetadataParser } from "./gradle-verification-metadata/index.ts";
import { mixLockParser } from "./mix-lock/index.ts";
import { nugetLockParser } from "./nuget-lock/index.ts";
import { packagesConfigParser } from "./packages-config/index.ts";
import { pomXmlParser } from "./pom-xml/index.ts";
import { pubspecLockParser } from "./pubspec-lock/index.ts";
import { renvLockParser } from "./renv-lock/index.ts";
import { InventoryError, type InventoryParser } from "./types.ts";

// Hostile but syntactically valid inputs: every parser must return packages or throw an
// InventoryError naming the file — never a TypeError from reading a field of the wrong type.
const GENERIC = [
  "",
  " ",
  "null",
  "[]",
  "42",
  '"text"',
  "{}",
  "\u0000\u0001",
  "<a/>",
  "<?xml version='1.0'?><project/>",
  "%{}",
  "packages: 3",
  "GEM\n  specs:\n    (1.0)\n      x\n",
];

const SPECIFIC: [InventoryParser, string[]][] = [
  [
    composerLockParser,
    [
      '{"packages": [null, 1, "x", {"name": 5}, {"name": "a/b"}, {"name": "a/c", "version": "1", "require": [1], "source": "x", "dist": [] }]}',
      '{"packages": null, "packages-dev": {}}',
      '{"packages-dev": [{"name": "a/b", "version": "v1", "dist": {"shasum": 5}}]}',
    ],
  ],
  [
    nugetLockParser,
    [
      '{"version": 1, "dependencies": {"net6.0": null, "net7.0": {"A": null, "B": {"resolved": 5}, "C": {"type": "Direct", "resolved": "1.0", "dependencies": ["x"]}}}}',
      '{"version": "1", "dependencies": {}}',
    ],
  ],
  [
    renvLockParser,
    [
      '{"Packages": {"a": null, "b": {"Version": 1}, "c": {"Version": "1.0", "Requirements": "x", "Source": 5}}}',
      '{"Packages": []}',
    ],
  ],
  [
    conanLockParser,
    [
      '{"graph_lock": {"nodes": {"0": {"requires": ["9", 3]}, "1": null, "2": {"ref": 5}, "3": {"ref": "a/1", "requires": {"x": 1}}}}}',
      '{"graph_lock": []}',
      '{"requires": [1, null, "a", "a/1@u/c#r%1:p#q"], "build_requires": "x"}',
    ],
  ],
  [
    pubspecLockParser,
    [
      "packages:\n  a: 1\n  b:\n    version: 2\n  c:\n    source: git\n    description: 7\n    version: '1'\n",
      "packages: []\n",
    ],
  ],
  [
    mixLockParser,
    [
      '%{"a" => 1, :b => {:hex}, "c": {:hex, 1, 2}, "d": {:git, 5}, "e": {:hex, :e, "1.0", "x", 3, 4, 5, 6}}',
      "%{" + "[".repeat(200) + "]".repeat(200) + "}",
    ],
  ],
  [
    pomXmlParser,
    [
      "<project><dependencies><dependency><groupId><a>x</a></groupId></dependency></dependencies></project>",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Maven property reference, not a template
      "<project><properties><a>${a}</a></properties><dependencies><dependency><groupId>${a}</groupId><artifactId>b</artifactId></dependency></dependencies></project>",
      "<project><parent>x</parent><profiles>y</profiles><build><plugins>z</plugins></build></project>",
    ],
  ],
  [
    packagesConfigParser,
    ["<packages><package/><package id='x'/>text</packages>", "<packages>text</packages>"],
  ],
  [
    gradleVerificationMetadataParser,
    [
      "<verification-metadata><components><component group='a' name='b' version='1'><artifact><sha256/></artifact></component>x</components></verification-metadata>",
      "<verification-metadata>text</verification-metadata>",
    ],
  ],
  [gradleLockfileParser, ["a:b:c:d=x\n:::=\n=\n", "a:b:1="]],
  [
    gemfileLockParser,
    ["GEM\n  remote:\n  specs:\n    a ()\n    b (\n      c (\nDEPENDENCIES\n  !\nCHECKSUMS\n  a (1) =\n"],
  ],
];

const ALL: InventoryParser[] = SPECIFIC.map(([p]) => p);

async function check(parser: InventoryParser, text: string): Promise<void> {
  try {
    const out = await parser.parse(
      { path: "hostile.txt", absolutePath: "/nonexistent/hostile.txt", text },
      { readRelative: async () => undefined },
    );
    assert.ok(Array.isArray(out.packages));
    for (const p of out.packages) assert.equal(typeof p.version, "string");
  } catch (e) {
    assert.ok(
      e instanceof InventoryError,
      `${parser.id} threw ${String(e)} on ${JSON.stringify(text.slice(0, 80))}`,
    );
    assert.equal(e.file, "hostile.txt");
  }
}

describe("ecosystem parsers on hostile input", () => {
  for (const parser of ALL) {
    it(`${parser.id}: generic inputs`, async () => {
      for (const text of GENERIC) await check(parser, text);
    });
  }
  for (const [parser, texts] of SPECIFIC) {
    it(`${parser.id}: fields of the wrong type`, async () => {
      for (const text of texts) await check(parser, text);
    });
  }
  it("parseText helper is usable", async () => {
    const out = await parseText(gradleLockfileParser, "a:b:1=compileClasspath\n", "gradle.lockfile");
    assert.equal(out.packages[0].name, "a:b");
  });
});
