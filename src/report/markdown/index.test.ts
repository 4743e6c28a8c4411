import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ScanResult } from "../../core/result.ts";
import { renderMarkdown } from "./index.ts";

const canonical = (): ScanResult =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "__fixtures__", "canonical-scan.json"), "utf8"));

describe("markdown reporter", () => {
  it("leads with the outcome and the blocked table, folds the rest", () => {
    const md = renderMarkdown(canonical(), { quiet: false });
    assert.ok(md.startsWith("## ❌ Intake: blocked: 2 packages\n"));
    assert.match(md, /### Blocked \(2\)/);
    assert.match(md, /<details>\n<summary>Warnings \(1\)<\/summary>/);
    assert.match(md, /<summary>Waived and suppressed \(2\)<\/summary>/);
    assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
  });
  it("escapes table cells so a summary cannot break the table or inject HTML", () => {
    const r = canonical();
    r.findings[1].summary = "a | b <script>x</script>\nnext";
    const md = renderMarkdown(r, { quiet: false });
    assert.match(md, /a \\\| b &lt;script&gt;x&lt;\/script&gt; next/);
    assert.ok(!md.includes("<script>"));
  });
  it("quiet: only the summary and blocked packages", () => {
    const md = renderMarkdown(canonical(), { quiet: true });
    assert.ok(!md.includes("<details>"));
    assert.match(md, /### Blocked/);
  });
  it("passes cleanly when nothing is found", () => {
    const r = canonical();
    r.decisions = [];
    r.summary.decisions = { block: 0, warn: 0, info: 0, allow: 6 };
    assert.match(renderMarkdown(r, { quiet: false }), /^## ✅ Intake: passed/);
  });
  it("caps long tables so a pull-request comment stays within size limits", () => {
    const r = canonical();
    const base = r.decisions.find((d) => d.action === "warn");
    assert.ok(base);
    r.decisions = Array.from({ length: 250 }, (_, i) => ({
      ...base,
      package: { ...base.package, name: `p${i}` },
    }));
    const md = renderMarkdown(r, { quiet: false });
    assert.match(md, /… and 150 more/);
    assert.ok(md.length < 65_536);
  });
});
