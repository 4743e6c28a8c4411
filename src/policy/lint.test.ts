import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SIGNALS } from "../signals/registry.ts";
import { loadKnowledgeBase } from "../threats/kb.ts";
import { lintPolicy } from "./lint.ts";
import { loadPolicy, PRESETS, parsePolicyText } from "./load.ts";

const known = () => ({
  signalIds: new Set(SIGNALS.map((s) => s.definition.id)),
  threatIds: new Set(loadKnowledgeBase().threats.map((t) => t.id)),
});

describe("lintPolicy", () => {
  it("every shipped preset reads only real signals and names real threats and S2C2F ids", () => {
    const k = known();
    for (const name of PRESETS) assert.deepEqual(lintPolicy(loadPolicy(name), k), [], name);
  });
  it("flags a misspelt signal, an unknown threat and an unknown S2C2F id", () => {
    const { rules, waivers } = parsePolicyText(
      "p.yaml",
      "rules:\n  - {id: a, description: d, action: warn, when: 'signals.hasInstalScript == \"yes\"', threats: [nope], s2c2f: [SCA-9]}\n",
    );
    const out = lintPolicy({ source: "p.yaml", rules, waivers, chain: [], notes: [] }, known());
    assert.equal(out.length, 3);
    assert.match(out[0], /reads signal 'hasInstalScript', which no collector provides/);
    assert.match(out[1], /unknown threat 'nope'/);
    assert.match(out[2], /unknown S2C2F requirement 'SCA-9'/);
  });
});
