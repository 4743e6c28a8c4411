import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import { kindOf, parseOsvRecord } from "./osv-model.ts";

const LINTER = ["osv-schema", "tools", "osv-linter", "testdata"];
const read = (name: string) =>
  JSON.parse(readFileSync(join(sharedPath(...LINTER)!, name), "utf8")) as unknown;

describe("OSV model", () => {
  it("rejects non-records with the reason (missing id, bad modified, wrong types)", () => {
    const cases: [unknown, RegExp][] = [
      [null, /record/],
      [[], /record/],
      [{ modified: "2024-01-01T00:00:00Z" }, /^id/],
      [{ id: "X-1", modified: "yesterday" }, /^modified/],
      [{ id: "X-1", modified: "2024-01-01T00:00:00Z", affected: "npm" }, /^affected/],
      [
        {
          id: "X-1",
          modified: "2024-01-01T00:00:00Z",
          affected: [{ ranges: [{ type: "SEMVER", events: [] }] }],
        },
        /events/,
      ],
    ];
    for (const [input, reason] of cases) {
      const r = parseOsvRecord(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    }
  });

  it("keeps a record but drops affected entries with no package and ranges with no introduced", () => {
    const r = parseOsvRecord({
      id: "X-2",
      modified: "2024-01-01T00:00:00Z",
      affected: [
        { ranges: [{ type: "GIT", repo: "r", events: [{ introduced: "0" }] }] },
        {
          package: { ecosystem: "npm", name: "a" },
          ranges: [{ type: "SEMVER", events: [{ fixed: "1.0.0" }] }],
        },
        {
          package: { ecosystem: "npm", name: "b" },
          ranges: [{ type: "SEMVER", events: [{ introduced: "0", fixed: "1.0.0" }] }],
        },
      ],
    });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.affected.length, 2);
    assert.equal(r.affected[0].data.ranges.length, 0);
    assert.equal(r.affected[1].data.ranges.length, 0);
    assert.equal(r.warnings.length, 3);
  });

  it("malicious kind for MAL- ids and the malicious-packages origins field", () => {
    assert.equal(kindOf({ id: "MAL-2024-1" }), "malicious");
    assert.equal(
      kindOf({ id: "GHSA-x", database_specific: { "malicious-packages-origins": [] } }),
      "malicious",
    );
    assert.equal(kindOf({ id: "GHSA-x" }), "vulnerability");
  });

  it("the osv-linter's real and broken records behave sensibly", skipUnlessShared(...LINTER), () => {
    // nointroduced: a GIT range with only fixed events and no package: kept, nothing indexed.
    const noIntro = parseOsvRecord(read("nointroduced-CVE-2023-41045.json"));
    assert.ok(noIntro.ok);
    if (noIntro.ok) {
      assert.equal(noIntro.affected.length, 0);
      assert.ok(noIntro.warnings.some((w) => /no package/.test(w)));
    }
    // nondistinct: kept; each Alpine release is its own affected entry.
    const nondistinct = parseOsvRecord(read("nondistinct-CVE-2018-5407.json"));
    assert.ok(nondistinct.ok);
    if (nondistinct.ok) assert.ok(nondistinct.affected.every((a) => a.baseEcosystem === "Alpine"));
    // nopackage: a package that does not exist upstream; structurally valid, indexed as written.
    const noPkg = parseOsvRecord(read("nopackage-GHSA-9v2f-6vcg-3hgv.json"));
    assert.ok(noPkg.ok);
    if (noPkg.ok)
      assert.deepEqual(
        noPkg.affected.map((a) => a.name),
        ["gradi0"],
      );
    for (const good of [
      "GO-2020-0001.json",
      "PYSEC-2023-74.json",
      "MAL-2024-10238.json",
      "RHSA-2022_0216.json",
    ]) {
      const r = parseOsvRecord(read(good));
      assert.ok(r.ok, good);
      if (r.ok) assert.equal(r.kind, good.startsWith("MAL") ? "malicious" : "vulnerability");
    }
  });
});
