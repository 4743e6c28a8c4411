import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makePackage, type Package } from "../core/package.ts";
import { ecosystemApplies, evaluate, matchCandidates } from "./matcher.ts";
import { parseOsvRecord } from "./osv-model.ts";
import type { CandidateRow } from "./osv-store.ts";

/** Candidate rows straight from OSV JSON, as the store or the API would produce them. */
function rows(...records: Record<string, unknown>[]): CandidateRow[] {
  const out: CandidateRow[] = [];
  for (const rec of records) {
    const p = parseOsvRecord({ modified: "2024-01-01T00:00:00Z", ...rec });
    assert.ok(p.ok, p.ok ? "" : p.reason);
    if (!p.ok) continue;
    for (const a of p.affected)
      out.push({
        advisoryId: p.record.id,
        idx: a.idx,
        ecosystem: a.ecosystem,
        baseEcosystem: a.baseEcosystem,
        name: a.name,
        data: a.data,
        kind: p.kind,
        summary: p.record.summary ?? null,
        severity: { rating: "high" },
        aliases: p.record.aliases ?? [],
        modified: p.record.modified,
        published: null,
        source: "test",
      });
  }
  return out;
}

const eco = (ecosystem: string, name: string, events: Record<string, string>[], type = "ECOSYSTEM") => ({
  package: { ecosystem, name },
  ranges: [{ type, events }],
});

function affected(row: CandidateRow, versions: string[]): string[] {
  return versions.filter((v) => evaluate(row, v) === "affected");
}

describe("OSV range evaluation", () => {
  it("introduced / fixed: affected from introduced up to, not including, fixed", () => {
    const [r] = rows({
      id: "T-1",
      affected: [eco("npm", "a", [{ introduced: "1.0.0" }, { fixed: "1.2.0" }])],
    });
    assert.deepEqual(affected(r, ["0.9.0", "1.0.0", "1.1.9", "1.2.0", "2.0.0"]), ["1.0.0", "1.1.9"]);
  });

  it("introduced 0 means every version before the fix", () => {
    const [r] = rows({ id: "T-2", affected: [eco("PyPI", "a", [{ introduced: "0" }, { fixed: "2.0" }])] });
    assert.deepEqual(affected(r, ["0.0.1", "1.9", "2.0", "2.0.1"]), ["0.0.1", "1.9"]);
  });

  it("last_affected includes that version and nothing after", () => {
    const [r] = rows({
      id: "T-3",
      affected: [eco("npm", "a", [{ introduced: "1.0.0" }, { last_affected: "1.4.0" }])],
    });
    assert.deepEqual(affected(r, ["1.0.0", "1.4.0", "1.4.1", "0.1.0"]), ["1.0.0", "1.4.0"]);
  });

  it("introduced without an end affects every later version", () => {
    const [r] = rows({ id: "T-4", affected: [eco("npm", "a", [{ introduced: "3.0.0" }])] });
    assert.deepEqual(affected(r, ["2.9.9", "3.0.0", "99.0.0"]), ["3.0.0", "99.0.0"]);
  });

  it("several introduced/fixed pairs in one range, given out of order", () => {
    const [r] = rows({
      id: "T-5",
      affected: [
        eco("npm", "a", [
          { fixed: "2.5.0" },
          { introduced: "2.0.0" },
          { introduced: "1.0.0" },
          { fixed: "1.5.0" },
        ]),
      ],
    });
    assert.deepEqual(affected(r, ["0.5.0", "1.0.0", "1.5.0", "1.9.0", "2.0.0", "2.4.9", "2.5.0"]), [
      "1.0.0",
      "2.0.0",
      "2.4.9",
    ]);
  });

  it("limit caps the range (versions at or above the limit are out)", () => {
    const [r] = rows({
      id: "T-6",
      affected: [eco("npm", "a", [{ introduced: "0" }, { limit: "2.0.0" }])],
    });
    assert.deepEqual(affected(r, ["1.0.0", "1.9.9", "2.0.0", "3.0.0"]), ["1.0.0", "1.9.9"]);
    const [star] = rows({
      id: "T-6b",
      affected: [eco("npm", "a", [{ introduced: "1.0.0" }, { limit: "*" }])],
    });
    assert.deepEqual(affected(star, ["0.1.0", "5.0.0"]), ["5.0.0"]);
  });

  it("versions lists match exactly (and by the ecosystem's equality: PEP 440 1.0 == 1.0.0)", () => {
    const [r] = rows({
      id: "T-7",
      affected: [{ package: { ecosystem: "PyPI", name: "a" }, versions: ["1.0", "1.3"] }],
    });
    assert.deepEqual(affected(r, ["1.0", "1.0.0", "1.1", "1.3"]), ["1.0", "1.0.0", "1.3"]);
  });

  it("SEMVER ranges use semver order for any ecosystem, with Go's v prefix and -0 pre-release bounds", () => {
    const [r] = rows({
      id: "T-8",
      affected: [eco("Go", "example.com/m", [{ introduced: "1.19.0-0" }, { fixed: "1.19.4" }], "SEMVER")],
    });
    assert.deepEqual(affected(r, ["v1.18.9", "v1.19.0-rc.1", "v1.19.0", "v1.19.3", "v1.19.4"]), [
      "v1.19.0-rc.1",
      "v1.19.0",
      "v1.19.3",
    ]);
  });

  it("ECOSYSTEM ranges use the ecosystem's order (PEP 440: 2.0rc1 < 2.0, 1.10 > 1.9)", () => {
    const [r] = rows({ id: "T-9", affected: [eco("PyPI", "a", [{ introduced: "1.9" }, { fixed: "2.0" }])] });
    assert.deepEqual(affected(r, ["1.10", "2.0rc1", "2.0", "1.8"]), ["1.10", "2.0rc1"]);
  });

  it("GIT ranges are skipped with a reason, never matched by version", () => {
    const [r] = rows({
      id: "T-10",
      affected: [
        {
          package: { ecosystem: "npm", name: "a" },
          ranges: [
            {
              type: "GIT",
              repo: "https://example.com/a.git",
              events: [{ introduced: "0" }, { fixed: "abc123" }],
            },
          ],
        },
      ],
    });
    const reasons: string[] = [];
    assert.equal(
      evaluate(r, "1.0.0", (x) => reasons.push(x)),
      "unaffected",
    );
    assert.match(reasons[0], /GIT range/);
  });

  it("a range with an invalid version is skipped with a reason, not guessed", () => {
    const [r] = rows({
      id: "T-11",
      affected: [eco("PyPI", "a", [{ introduced: "0" }, { fixed: "not a version!" }])],
    });
    const reasons: string[] = [];
    assert.equal(
      evaluate(r, "1.0", (x) => reasons.push(x)),
      "unaffected",
    );
    assert.match(reasons[0], /invalid/);
  });
});

describe("distribution ecosystem variants", () => {
  it("Debian:12 matches Debian:12 and bare Debian records, not Debian:11", () => {
    assert.equal(ecosystemApplies("Debian:12", "Debian:12"), true);
    assert.equal(ecosystemApplies("Debian:12", "Debian"), true);
    assert.equal(ecosystemApplies("Debian:12", "Debian:11"), false);
    assert.equal(ecosystemApplies("Debian:12", "Debian:120"), false);
    assert.equal(ecosystemApplies("Ubuntu:22.04", "Ubuntu:22.04:LTS"), true);
    assert.equal(ecosystemApplies("Ubuntu:22.04", "Ubuntu:Pro:22.04:LTS"), false);
    assert.equal(ecosystemApplies("Alpine:v3.19", "Alpine:v3.18"), false);
    // A package whose release is unknown is checked against every release (documented choice).
    assert.equal(ecosystemApplies("Debian", "Debian:11"), true);
  });

  it("only the matching release's record produces a finding", () => {
    const all = rows(
      {
        id: "DSA-1",
        affected: [eco("Debian:11", "openssl", [{ introduced: "0" }, { fixed: "1.1.1n-0+deb11u5" }])],
      },
      {
        id: "DSA-2",
        affected: [eco("Debian:12", "openssl", [{ introduced: "0" }, { fixed: "3.0.11-1~deb12u2" }])],
      },
    );
    const pkg = makePackage({ ecosystem: "Debian:12", name: "openssl", version: "3.0.9-1" });
    const out = matchCandidates([pkg], all);
    assert.deepEqual(
      out.findings.map((f) => f.id),
      ["DSA-2"],
    );
  });
});

describe("matchCandidates", () => {
  const pkg = (ecosystem: string, name: string, version: string, extra: Partial<Package> = {}) =>
    makePackage({ ecosystem: ecosystem as Package["ecosystem"], name, version, ...extra });

  it("merges GHSA + PYSEC + CVE copies of one issue into one finding with a deterministic id", () => {
    const all = rows(
      {
        id: "PYSEC-2023-74",
        aliases: ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"],
        affected: [eco("PyPI", "requests", [{ introduced: "2.3.0" }, { fixed: "2.31.0" }])],
      },
      {
        id: "GHSA-j8r2-6x86-q33q",
        aliases: ["CVE-2023-32681"],
        affected: [eco("PyPI", "requests", [{ introduced: "2.3.0" }, { fixed: "2.31.0" }])],
      },
      // Linked only through the shared CVE alias:
      {
        id: "OTHER-1",
        aliases: ["CVE-2023-32681"],
        affected: [eco("PyPI", "Requests", [{ introduced: "0" }, { fixed: "2.31.0" }])],
      },
    );
    const out = matchCandidates([pkg("PyPI", "Requests", "2.28.0")], all);
    assert.equal(out.findings.length, 1);
    assert.equal(out.findings[0].id, "GHSA-j8r2-6x86-q33q");
    assert.deepEqual(out.findings[0].aliases, ["CVE-2023-32681", "OTHER-1", "PYSEC-2023-74"]);
    assert.deepEqual(out.findings[0].fixed, ["2.31.0"]);
    assert.equal(out.findings[0].upgradeTo, "2.31.0");
  });

  it("upgradeTo is the smallest version that clears every record, not the smallest fix", () => {
    const all = rows(
      { id: "GHSA-aaaa", affected: [eco("npm", "lib", [{ introduced: "0" }, { fixed: "1.2.0" }])] },
      // 1.2.0 itself is hit by a later issue fixed in 1.2.3; 1.3.0 would be vulnerable again.
      {
        id: "GHSA-bbbb",
        affected: [
          eco("npm", "lib", [
            { introduced: "1.1.0" },
            { fixed: "1.2.3" },
            { introduced: "1.3.0" },
            { fixed: "1.3.1" },
          ]),
        ],
      },
    );
    const out = matchCandidates([pkg("npm", "lib", "1.1.5")], all);
    assert.deepEqual(
      out.findings.map((f) => [f.id, f.upgradeTo]),
      [
        ["GHSA-aaaa", "1.2.3"],
        ["GHSA-bbbb", "1.2.3"],
      ],
    );
  });

  it("upgradeTo is absent when no fixed version clears everything (malicious, no fix)", () => {
    const all = rows(
      { id: "MAL-2025-1", affected: [{ package: { ecosystem: "npm", name: "evil" }, versions: ["1.0.0"] }] },
      { id: "GHSA-cccc", affected: [eco("npm", "evil", [{ introduced: "0" }])] },
    );
    const out = matchCandidates([pkg("npm", "evil", "1.0.0")], all);
    assert.equal(out.findings[0].kind, "malicious");
    assert.equal(out.findings[0].id, "MAL-2025-1");
    assert.ok(out.findings.every((f) => f.upgradeTo === undefined));
  });

  it("PyPI names match after PEP 503 normalization; npm scoped names as written", () => {
    const all = rows(
      { id: "PYSEC-1", affected: [eco("PyPI", "Zope.Interface", [{ introduced: "0" }, { fixed: "9" }])] },
      {
        id: "MAL-2",
        affected: [{ package: { ecosystem: "npm", name: "@ctrl/tinycolor" }, versions: ["4.1.1"] }],
      },
    );
    const out = matchCandidates(
      [
        pkg("PyPI", "zope_interface", "5.0"),
        pkg("npm", "@ctrl/tinycolor", "4.1.1"),
        pkg("npm", "@CTRL/tinycolor", "4.1.1"),
      ],
      all,
    );
    assert.deepEqual(out.findings.map((f) => `${f.id} ${f.package.name}`).sort(), [
      "MAL-2 @ctrl/tinycolor",
      "PYSEC-1 zope_interface",
    ]);
  });

  it("carries dependency paths and counts packages without a version", () => {
    const all = rows({
      id: "GHSA-dddd",
      affected: [eco("npm", "deep", [{ introduced: "0" }, { fixed: "2.0.0" }])],
    });
    const p = pkg("npm", "deep", "1.0.0", { paths: [["pkg:npm/top@1.0.0", "pkg:npm/deep@1.0.0"]] });
    const out = matchCandidates([p, pkg("npm", "nover", "")], all);
    assert.deepEqual(out.findings[0].paths, [["pkg:npm/top@1.0.0", "pkg:npm/deep@1.0.0"]]);
    assert.equal(out.unversioned, 1);
  });

  it("packages from SBOM purls (no lockfile) match the same way", () => {
    const all = rows({
      id: "GHSA-eeee",
      affected: [
        eco("Maven", "org.apache.logging.log4j:log4j-core", [
          { introduced: "2.0-beta9" },
          { fixed: "2.15.0" },
        ]),
      ],
    });
    const p = makePackage({
      ecosystem: "Maven",
      name: "org.apache.logging.log4j:log4j-core",
      version: "2.14.1",
      purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
    });
    const out = matchCandidates([p], all);
    assert.deepEqual(
      out.findings.map((f) => [f.id, f.upgradeTo]),
      [["GHSA-eeee", "2.15.0"]],
    );
  });
});
