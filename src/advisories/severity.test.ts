import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cvss3BaseScore, cvss4BaseScore, loadCvss4, ratingForScore, severityOf } from "./severity.ts";

describe("CVSS", () => {
  before(() => loadCvss4());

  it("v3.1 base scores follow the specification's formula (values from the FIRST calculator)", () => {
    const cases: [string, number][] = [
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
      ["CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2],
      ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3],
      ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5],
      ["CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6],
      ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
      ["CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
      ["CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1],
    ];
    for (const [v, want] of cases) assert.equal(cvss3BaseScore(v), want, v);
  });

  it("invalid v3 vectors give undefined, never a number", () => {
    for (const v of [
      "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.1/AV:N",
      "AV:N/AC:L",
      "CVSS:2.0/AV:N",
      "",
    ])
      assert.equal(cvss3BaseScore(v), undefined, v);
  });

  it("v4.0 base scores come from the macro-vector tables", () => {
    assert.equal(cvss4BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 9.3);
    assert.equal(cvss4BaseScore("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N"), 6.8);
    assert.equal(cvss4BaseScore("CVSS:4.0/AV:X"), undefined);
  });

  it("ratings and fallbacks", () => {
    assert.equal(ratingForScore(0), "none");
    assert.equal(ratingForScore(3.9), "low");
    assert.equal(ratingForScore(4), "medium");
    assert.equal(ratingForScore(7), "high");
    assert.equal(ratingForScore(9), "critical");
    const both = severityOf([
      { type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N" },
      { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" },
    ]);
    assert.deepEqual([both.rating, both.score], ["critical", 9.3]);
    const word = severityOf([{ type: "CVSS_V3", score: "garbage" }], { severity: "MODERATE" });
    assert.equal(word.rating, "medium");
    assert.equal(severityOf([]).rating, "unknown");
  });
});
