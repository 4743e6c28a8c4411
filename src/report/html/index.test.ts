import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { XMLValidator } from "fast-xml-parser";
import type { ScanResult } from "../../core/result.ts";
import { renderHtml } from "./index.ts";

const canonical = (): ScanResult =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "__fixtures__", "canonical-scan.json"), "utf8"));

describe("html reporter", () => {
  const html = renderHtml(canonical(), { deterministic: true });
  it("is self-contained: no scripts, no external resources", () => {
    assert.ok(!/<script/i.test(html));
    assert.ok(!/\b(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), "no external src/href");
    assert.ok(!/@import|url\(/i.test(html), "no CSS imports or url()");
    assert.ok(!/<link\b/i.test(html));
  });
  it("draws the severity, licence, outcome and threat charts as well-formed SVG", () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 4);
    for (const s of svgs) assert.equal(XMLValidator.validate(s), true);
    assert.match(html, /Findings by severity/);
    assert.match(html, /Licences \(packages\)/);
    assert.match(html, /Policy outcomes/);
    assert.match(html, /Threats behind policy hits/);
  });
  it("escapes everything that comes from the input", () => {
    const r = canonical();
    r.findings[0].summary = '<img src="https://x/y.png" onerror="alert(1)">';
    const out = renderHtml(r, { deterministic: true });
    assert.ok(!out.includes("<img"));
    assert.match(out, /&lt;img src=&quot;https:\/\/x\/y\.png&quot;/);
  });
  it("deterministic output has no timestamp", () => {
    assert.ok(!html.includes("2026-06-15T12:00:00"));
    assert.ok(renderHtml(canonical(), { deterministic: false }).includes("2026-06-15T12:00:00"));
  });
});
