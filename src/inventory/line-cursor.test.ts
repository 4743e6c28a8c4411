import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPurl } from "../core/package.ts";
import { LineCursor, quickPurl } from "./line-cursor.ts";

describe("LineCursor", () => {
  it("gives 1-based lines moving forward and restarts when moving back", () => {
    const c = new LineCursor("a\nbb\n\nccc\n");
    assert.equal(c.lineAt(0), 1);
    assert.equal(c.lineAt(2), 2);
    assert.equal(c.lineAt(6), 4);
    assert.equal(c.lineAt(1), 1);
    assert.equal(c.lineAt(5), 3);
  });

  it("finds needles forward, then from the top when out of order", () => {
    const c = new LineCursor('"x"\n"y"\n"x"\n');
    const first = c.find('"x"', 0);
    assert.deepEqual(first, { offset: 0, line: 1 });
    assert.deepEqual(c.find('"x"', 1), { offset: 8, line: 3 });
    assert.deepEqual(c.find('"y"', 9), { offset: 4, line: 2 });
    assert.equal(c.find('"z"', 0), undefined);
  });
});

describe("quickPurl", () => {
  it("agrees with buildPurl", () => {
    const cases: [string, string, string | undefined, string, string][] = [
      ["gem", "RubyGems", undefined, "Foo_Bar", "1.0.0.rc1"],
      ["composer", "Packagist", "Symfony", "Yaml", "6.4.3"],
      ["composer", "Packagist", "a", "b c", "1.0"],
      ["maven", "Maven", "org.apache", "commons-lang3", "3.12.0"],
      ["nuget", "NuGet", undefined, "Newtonsoft.Json", "13.0.1"],
      ["pub", "Pub", undefined, "Flutter_X", "1.0.0+2"],
      ["hex", "Hex", undefined, "Phoenix", "1.7.0"],
      ["cran", "CRAN", undefined, "R6", "2.5.1"],
      ["conan", "ConanCenter", undefined, "zlib", "1.2.11"],
      ["gem", "RubyGems", undefined, "rack", ""],
    ];
    for (const [type, eco, ns, name, version] of cases) {
      const full = ns === undefined ? name : type === "maven" ? `${ns}:${name}` : `${ns}/${name}`;
      assert.equal(quickPurl(type, eco, ns, name, version), buildPurl(eco, full, version), `${type} ${full}`);
    }
  });
});
