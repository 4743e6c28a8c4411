import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { ScanResult } from "../../core/result.ts";
import { renderJunit } from "./index.ts";

const canonical = (): ScanResult =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "__fixtures__", "canonical-scan.json"), "utf8"));

// biome-ignore lint/suspicious/noExplicitAny: parsed documents are walked loosely in assertions
type Node = any;

describe("junit reporter", () => {
  it("is well-formed XML with a failure per blocked package and an error per unreadable input", () => {
    const xml = renderJunit(canonical());
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => n === "testsuite" || n === "testcase",
    }).parse(xml);
    const root = doc.testsuites;
    assert.equal(root["@_tests"], "7");
    assert.equal(root["@_failures"], "2");
    assert.equal(root["@_errors"], "1");
    const web = root.testsuite.find((s: Node) => s["@_name"] === "web/package-lock.json");
    const lodash = web.testcase.find((c: Node) => c["@_name"] === "lodash@4.17.20");
    assert.match(lodash.failure["@_message"], /upgrade to 4\.17\.21/);
    const api = root.testsuite.find((s: Node) => s["@_name"] === "api/requirements.txt");
    assert.equal(api.testcase[0].error["@_type"], "file-unreadable");
  });
  it("escapes markup and drops characters XML cannot carry", () => {
    const r = canonical();
    r.decisions[0].rules[0].message = 'a <b> & "c" \u0001';
    const xml = renderJunit(r);
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /a &lt;b&gt; &amp; &quot;c&quot; /);
  });
});
