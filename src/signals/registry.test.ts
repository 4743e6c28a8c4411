import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadKnowledgeBase } from "../threats/kb.ts";
import { selectSignals } from "./collect.ts";
import { signalsMarkdown } from "./docs.ts";
import { SIGNALS, signalFamilies } from "./registry.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("signal registry", () => {
  test("ids are unique yes/no questions in camelCase, with docs", () => {
    const ids = SIGNALS.map((s) => s.definition.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate id");
    for (const s of SIGNALS) {
      const d = s.definition;
      assert.match(
        d.id,
        /^(is|has|lacks|lost|published|maintainers|license|repository)[A-Z][A-Za-z]+$/,
        d.id,
      );
      assert.ok(d.title.length > 5 && d.description.length > 60 && d.remediation.length > 20, d.id);
      assert.ok(["critical", "high", "medium", "low", "info"].includes(d.risk), d.id);
      assert.ok(d.riskyAnswer === "yes" || d.riskyAnswer === "no", d.id);
      assert.ok(d.threats.length > 0, `${d.id} names no threat`);
    }
  });

  test("every threat a signal names exists in the threat knowledge base", () => {
    const threats = new Set(loadKnowledgeBase().threats.map((t) => t.id));
    for (const s of SIGNALS)
      for (const t of s.definition.threats)
        assert.ok(threats.has(t), `${s.definition.id}: unknown threat ${t}`);
  });

  test("the signals the issue asks for are all there", () => {
    const ids = new Set(SIGNALS.map((s) => s.definition.id));
    for (const id of [
      "publishedWithinDays",
      "hasInstallScript",
      "isDeprecated",
      "hasSingleMaintainer",
      "maintainersChanged",
      "hasRepositoryLink",
      "lostProvenance",
      "isRemovedUpstream",
      "hasLicense",
      "isCopyleft",
      "isNetworkCopyleft",
      "licenseChanged",
      "licenseNotSpdx",
      "hasLowScorecard",
      "isUnmaintained",
      "hasVerifiedProvenance",
      "isPossibleTyposquat",
      "isDependencyConfusionRisk",
      "hasNonRegistrySource",
      "lacksIntegrity",
      "isUnpinned",
    ])
      assert.ok(ids.has(id), id);
  });

  test("selection by id and family; unknown words are rejected", () => {
    assert.equal(selectSignals("none").length, 0);
    assert.equal(selectSignals("all").length, SIGNALS.length);
    assert.deepEqual(
      selectSignals(["license"]).map((s) => s.definition.family),
      SIGNALS.filter((s) => s.definition.family === "license").map(() => "license"),
    );
    assert.deepEqual(
      selectSignals(["isUnpinned", "hygiene"]).map((s) => s.definition.id),
      SIGNALS.filter((s) => s.definition.family === "hygiene").map((s) => s.definition.id),
    );
    assert.throws(() => selectSignals(["noSuchSignal"]), /unknown signal or family 'noSuchSignal'/);
    assert.ok(signalFamilies().includes("scorecard"));
  });

  test("docs/signals.md is current (regenerate: node scripts/gen-signals-doc.ts)", () => {
    const committed = readFileSync(join(ROOT, "docs/signals.md"), "utf8");
    assert.equal(committed, signalsMarkdown());
  });
});
