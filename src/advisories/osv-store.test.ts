import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { strToU8, zipSync } from "fflate";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import { makePackage } from "../core/package.ts";
import { importAdvisories } from "./import.ts";
import { matchPackages } from "./matcher.ts";
import { openStore, type RecordInput } from "./osv-store.ts";
import { openReader, SqliteReader } from "./sqlite-reader.ts";

const tmp = mkdtempSync(join(tmpdir(), "intake-store-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDb = () => join(tmp, `s${n++}.db`);

const rec = (id: string, modified: string, extra: Record<string, unknown> = {}) => ({
  id,
  modified,
  affected: [
    {
      package: { ecosystem: "npm", name: "left-pad" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.3.0" }] }],
    },
  ],
  ...extra,
});
const inputs = (...records: unknown[]): RecordInput[] =>
  records.map((value, i) => ({ origin: `test#${i}`, value }));
const SRC = { id: "import:test", kind: "import" as const, location: "test" };

describe("OSV store", () => {
  it("imports, counts rejects with reasons, and is incremental on `modified`", async () => {
    const store = await openStore({ path: freshDb() });
    try {
      const first = await store.importRecords(
        inputs(
          rec("GHSA-1", "2024-01-01T00:00:00Z"),
          { id: "BAD" },
          rec("GHSA-2", "2024-01-01T00:00:00Z", { withdrawn: "2024-02-01T00:00:00Z" }),
        ),
        SRC,
      );
      assert.deepEqual([first.read, first.inserted, first.rejected], [3, 2, 1]);
      assert.equal(first.rejections[0].id, "BAD");
      assert.match(first.rejections[0].reason, /modified/);
      const again = await store.importRecords(
        inputs(rec("GHSA-1", "2024-01-01T00:00:00Z"), rec("GHSA-2", "2023-01-01T00:00:00Z")),
        SRC,
      );
      assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 2]);
      const newer = await store.importRecords(
        inputs(rec("GHSA-1", "2024-06-01T00:00:00Z", { summary: "now with a summary" })),
        SRC,
      );
      assert.deepEqual([newer.inserted, newer.updated], [0, 1]);
      const pkg = makePackage({ ecosystem: "npm", name: "left-pad", version: "1.0.0" });
      const out = await matchPackages(store, [pkg]);
      // GHSA-2 is withdrawn: ignored.
      assert.deepEqual(
        out.findings.map((f) => [f.id, f.summary, f.upgradeTo]),
        [["GHSA-1", "now with a summary", "1.3.0"]],
      );
      const st = await store.status();
      assert.equal(st.advisories, 2);
      assert.equal(st.withdrawn, 1);
      assert.equal(st.sources[0].rejected, 0);
    } finally {
      await store.close();
    }
  });

  it("an import that fails half-way leaves the previous data intact (one transaction)", async () => {
    const store = await openStore({ path: freshDb() });
    try {
      await store.importRecords(inputs(rec("GHSA-1", "2024-01-01T00:00:00Z")), SRC);
      async function* broken(): AsyncGenerator<RecordInput> {
        for (let i = 0; i < 1200; i++)
          yield { origin: `r${i}`, value: rec(`GHSA-new-${i}`, "2024-01-01T00:00:00Z") };
        yield { origin: "r-last", value: rec("GHSA-1", "2025-01-01T00:00:00Z", { summary: "changed" }) };
        throw new Error("connection dropped");
      }
      await assert.rejects(store.importRecords(broken(), SRC), /connection dropped/);
      const st = await store.status();
      assert.equal(st.advisories, 1);
      const raw = await store.getRecords(["GHSA-1"]);
      assert.equal((raw.get("GHSA-1") as { summary?: string }).summary, undefined);
    } finally {
      await store.close();
    }
  });

  it("imports a zip entry by entry, JSON and YAML, and reports broken entries", async () => {
    const zipPath = join(tmp, "all.zip");
    writeFileSync(
      zipPath,
      zipSync({
        "GHSA-z1.json": strToU8(JSON.stringify(rec("GHSA-z1", "2024-01-01T00:00:00Z"))),
        "PYSEC-z2.yaml": strToU8(
          "id: PYSEC-z2\nmodified: '2024-01-01T00:00:00Z'\naffected:\n  - package: {ecosystem: PyPI, name: Foo_Bar}\n    versions: ['1.0']\n",
        ),
        "broken.json": strToU8("{ not json"),
        "README.txt": strToU8("ignored"),
      }),
    );
    const store = await openStore({ path: freshDb() });
    try {
      const [stats] = await importAdvisories(store, [zipPath]);
      assert.deepEqual([stats.read, stats.inserted, stats.rejected], [3, 2, 1]);
      assert.match(stats.rejections[0].origin, /broken\.json$/);
      const out = await matchPackages(store, [
        makePackage({ ecosystem: "PyPI", name: "foo-bar", version: "1.0" }),
      ]);
      assert.deepEqual(
        out.findings.map((f) => f.id),
        ["PYSEC-z2"],
      );
    } finally {
      await store.close();
    }
    // A mirror folder: `<Ecosystem>/all.zip` files (and a damaged one, reported, not fatal).
    const mirror = join(tmp, "mirror");
    mkdirSync(join(mirror, "npm"), { recursive: true });
    writeFileSync(
      join(mirror, "npm", "all.zip"),
      zipSync({ "GHSA-m1.json": strToU8(JSON.stringify(rec("GHSA-m1", "2024-01-01T00:00:00Z"))) }),
    );
    writeFileSync(join(mirror, "broken.zip"), "not a zip");
    const s3 = await openStore({ path: freshDb() });
    try {
      const [m] = await importAdvisories(s3, [mirror]);
      assert.deepEqual([m.inserted, m.rejected], [1, 1]);
      assert.match(m.rejections[0].reason, /not a readable zip/);
    } finally {
      await s3.close();
    }
    writeFileSync(join(tmp, "not.zip"), "this is not a zip");
    const s2 = await openStore({ path: freshDb() });
    try {
      await assert.rejects(importAdvisories(s2, [join(tmp, "not.zip")]), { code: "zip-invalid" });
    } finally {
      await s2.close();
    }
  });

  it("imports every Go vulndb record", skipUnlessShared("advisories", "golang-vulndb"), async () => {
    const store = await openStore({ path: freshDb() });
    try {
      const [stats] = await importAdvisories(store, [sharedPath("advisories", "golang-vulndb")!]);
      assert.equal(stats.rejected, 0, JSON.stringify(stats.rejections.slice(0, 3)));
      assert.equal(stats.inserted, 4324);
      const golangOrg = makePackage({ ecosystem: "Go", name: "golang.org/x/net", version: "v0.7.0" });
      const out = await matchPackages(store, [golangOrg]);
      assert.ok(out.findings.length > 0);
      assert.ok(out.findings.every((f) => f.id.startsWith("GO-")));
    } finally {
      await store.close();
    }
  });

  it(
    "real PyPA, GHSA, malicious and RustSec records: kinds, severities, alias merging",
    skipUnlessShared("advisories"),
    async () => {
      const store = await openStore({ path: freshDb() });
      try {
        const dirs = [
          "pypa-osv-json",
          "github-advisory-database-sample",
          "malicious-packages-sample",
          "rustsec-osv-sample",
        ].map((d) => sharedPath("advisories", d)!);
        const stats = await importAdvisories(store, dirs);
        assert.ok(stats.every((s) => s.rejected === 0));
        const st = await store.status();
        assert.ok(
          st.byEcosystem.some((e) => e.ecosystem === "npm" && e.kind === "malicious" && e.count >= 7),
        );
        const pkgs = [
          makePackage({ ecosystem: "PyPI", name: "requests", version: "2.30.0" }),
          makePackage({ ecosystem: "npm", name: "chalk", version: "5.6.1" }),
          makePackage({ ecosystem: "npm", name: "chalk", version: "5.6.2" }),
          makePackage({ ecosystem: "npm", name: "@ctrl/tinycolor", version: "4.1.1" }),
          makePackage({ ecosystem: "crates.io", name: "time", version: "0.2.22" }),
          makePackage({ ecosystem: "npm", name: "lodash", version: "4.17.15" }),
        ];
        const out = await matchPackages(store, pkgs);
        // The scan's raw SQLite reader returns exactly what the Kysely store returns.
        const reader = await openReader({
          path: store.idb.location.kind === "sqlite" ? store.idb.location.path : "",
        });
        try {
          assert.ok(reader instanceof SqliteReader);
          const keys = pkgs.map((p) => ({ baseEcosystem: p.ecosystem, name: p.normalizedName }));
          const sortRows = (rows: { advisoryId: string; idx: number }[]) =>
            rows.map((r) => JSON.stringify(r)).sort();
          assert.deepEqual(sortRows(await reader.candidates(keys)), sortRows(await store.candidates(keys)));
          assert.equal(await reader.hasEcosystem("crates.io"), true);
          assert.equal(await reader.hasEcosystem("Hackage"), false);
          assert.equal(await reader.lastUpdated(), await store.lastUpdated());
        } finally {
          await reader.close();
        }
        const got = out.findings.map(
          (f) => `${f.package.name}@${f.package.version} ${f.kind} ${f.id} ${f.severity.rating}`,
        );
        // requests: GHSA-j8r2 and PYSEC-2023-74 are the same issue (CVE-2023-32681): one finding.
        const req = out.findings.filter(
          (f) => f.package.name === "requests" && f.aliases.includes("CVE-2023-32681"),
        );
        assert.equal(req.length, 1, got.join("\n"));
        assert.equal(req[0].id, "GHSA-j8r2-6x86-q33q");
        assert.ok(req[0].aliases.includes("PYSEC-2023-74"));
        assert.equal(req[0].severity.rating, "medium");
        assert.ok(got.includes("chalk@5.6.1 malicious MAL-2025-46969 critical"), got.join("\n"));
        assert.ok(!got.some((g) => g.startsWith("chalk@5.6.2")));
        assert.ok(got.some((g) => g.startsWith("@ctrl/tinycolor@4.1.1 malicious")));
        const time = out.findings.find((f) => f.package.name === "time");
        assert.equal(time?.id, "RUSTSEC-2020-0071");
        assert.equal(time?.upgradeTo, "0.2.23");
        const lodash = out.findings.filter((f) => f.package.name === "lodash");
        assert.deepEqual(
          lodash.map((f) => f.upgradeTo),
          ["4.17.21", "4.17.21"],
        );
      } finally {
        await store.close();
      }
    },
  );
});
