import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse as parseToml } from "smol-toml";
import { sharedFiles } from "../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../test/helpers/shared-data.ts";
import { buildPurl } from "../core/package.ts";
import { parseDirectUrl, parseDistFilename } from "./python-dist.ts";
import { declaredDependencies, pep508Name, scopesFromGraph } from "./python-project.ts";
import { stripComment } from "./requirements-txt/index.ts";
import { simplePurl } from "./simple-purl.ts";
import { arrayTableLines } from "./toml-input.ts";

describe("arrayTableLines", () => {
  it("finds headers (indented, with comments) and skips ones inside multi-line strings", () => {
    const text = [
      "version = 3", // 1
      "", // 2
      "[[package]]", // 3
      'name = "a"', // 4
      'description = """', // 5
      "[[package]]", // 6 (inside a string)
      '"""', // 7
      "  [[package]]  # indented, commented", // 8
      'name = "b"', // 9
      "[[package.dependencies]]", // 10 (a different table)
      "[[packages]]", // 11 (a different array)
      "[[package]]\r", // 12 (CRLF)
      "name = '''x", // 13
      "[[package]]'''", // 14 (closes the literal string)
      "[[package]]", // 15
    ].join("\n");
    assert.deepEqual(arrayTableLines(text, "package"), [3, 8, 12, 15]);
    assert.deepEqual(arrayTableLines(text, "packages"), [11]);
  });

  it("agrees with the TOML parser's package count on every shared TOML lockfile", {
    skip: SHARED_SKIP,
  }, () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python"),
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/rust/cargolock"),
      ...sharedFiles("large-lockfiles"),
    ].filter((f) => /\.(lock|toml)$/.test(f));
    let checked = 0;
    for (const f of files) {
      let doc: Record<string, unknown>;
      try {
        doc = parseToml(readFileSync(f, "utf8")) as Record<string, unknown>;
      } catch {
        continue;
      }
      const key = Array.isArray(doc.packages) ? "packages" : "package";
      const list = doc[key];
      if (!Array.isArray(list)) continue;
      // inline arrays (`packages = [ {...} ]`) have no headers
      const inline = new RegExp(`^${key}\\s*=`, "m").test(readFileSync(f, "utf8"));
      if (inline) continue;
      assert.equal(arrayTableLines(readFileSync(f, "utf8"), key).length, list.length, f);
      checked++;
    }
    assert.ok(checked >= 30, `checked ${checked}`);
  });
});

describe("simplePurl", () => {
  it("equals buildPurl for plain and special names and versions", () => {
    const cases: ["Go" | "crates.io" | "PyPI", string, string][] = [
      ["Go", "github.com/BurntSushi/toml", "v1.0.0"],
      ["Go", "gopkg.in/yaml.v2", "v2.4.0+incompatible"],
      ["Go", "stdlib", "1.22.1"],
      ["crates.io", "wasi", "0.10.2+wasi-snapshot-preview1"],
      ["crates.io", "Inflector", "0.11.4"],
      ["PyPI", "Zope.Interface", "6.2"],
      ["PyPI", "requests", ""],
      ["PyPI", "torch", "2.3.0+cu121"],
      ["PyPI", "foo", "1!2.0"],
    ];
    for (const [eco, name, version] of cases)
      assert.equal(
        simplePurl(eco, name, version),
        buildPurl(eco, name, version),
        `${eco} ${name} ${version}`,
      );
  });
});

describe("Python distribution helpers", () => {
  it("reads wheel and sdist file names", () => {
    assert.deepEqual(parseDistFilename("numpy-1.9.2-cp34-none-win32.whl"), {
      name: "numpy",
      version: "1.9.2",
    });
    assert.deepEqual(parseDistFilename("https://x.invalid/a/zope.interface-6.2.tar.gz"), {
      name: "zope.interface",
      version: "6.2",
    });
    assert.deepEqual(parseDistFilename("python-dateutil-2.9.0.post0.tar.gz", "python_dateutil"), {
      name: "python-dateutil",
      version: "2.9.0.post0",
    });
    assert.equal(parseDistFilename("README.md"), undefined);
  });

  it("reads direct references", () => {
    const git = parseDirectUrl("git+ssh://git@github.com/o/r.git@v2.1.0#egg=thing");
    assert.equal(git.source, "git");
    assert.equal(git.name, "thing");
    assert.equal(git.version, "2.1.0");
    const commit = parseDirectUrl(
      "git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567#egg=r",
    );
    assert.equal(commit.commit, "0123456789abcdef0123456789abcdef01234567");
    assert.equal(commit.version, "");
    const tag = parseDirectUrl("https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip", "urllib3");
    assert.equal(tag.version, "1.26.8");
    assert.equal(parseDirectUrl("file:///srv/wheels/attrs-23.2.0-py3-none-any.whl").source, "file");
  });

  it("does not backtrack on hostile refs and file names (a hang here fails by timeout)", {
    timeout: 5000,
  }, () => {
    const evil = `1${"a".repeat(40)}!`;
    assert.equal(parseDirectUrl(`git+https://h.invalid/r@${evil}`).version, "");
    assert.equal(parseDistFilename(`${"-".repeat(20000)}x.tar.gz`), undefined);
    assert.equal(stripComment(`pkg==1${" ".repeat(100000)}x`), `pkg==1${" ".repeat(100000)}x`);
    assert.equal(stripComment("a==1 # note"), "a==1");
    assert.equal(stripComment("url#egg=x"), "url#egg=x");
    assert.equal(stripComment("# all comment"), "");
  });

  it("reads declared dependencies from pyproject tables", () => {
    const d = declaredDependencies({
      project: {
        name: "me",
        dependencies: ["Requests[socks]>=2; python_version>'3'", "me[extra]"],
        "optional-dependencies": { fast: ["orjson"] },
      },
      "dependency-groups": { test: ["pytest>=8"] },
      tool: {
        poetry: {
          dependencies: { python: "^3.11", Flask: "*" },
          group: { docs: { dependencies: { mkdocs: "*" } } },
        },
      },
    });
    assert.deepEqual([...d.main].sort(), ["flask", "requests"]);
    assert.deepEqual([...d.optional], ["orjson"]);
    assert.deepEqual([...d.dev].sort(), ["mkdocs", "pytest"]);
    assert.equal(pep508Name("  zope.interface ==6"), "zope-interface");
  });

  it("scopes from the graph: prod wins over optional and dev", () => {
    const edges = new Map([
      ["a", ["c"]],
      ["t", ["c", "d"]],
      ["x", ["e"]],
    ]);
    const s = scopesFromGraph({ main: ["a"], optional: ["x"], dev: ["t", "e"] }, edges);
    assert.deepEqual(Object.fromEntries(s), {
      a: ["prod"],
      c: ["prod"],
      x: ["optional"],
      e: ["optional", "dev"],
      t: ["dev"],
      d: ["dev"],
    });
  });
});
