import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "intake-cli-db-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("intake db", () => {
  it("every db command has --help with examples", () => {
    for (const args of [["db"], ["db", "sync"], ["db", "import"], ["db", "status"]]) {
      const r = runCli([...args, "--help"]);
      assert.equal(r.code, 0, args.join(" "));
      assert.match(r.stdout, /Examples:/, args.join(" "));
    }
  });

  it("import then status; an empty store is reported as such", () => {
    const db = join(tmp, "a.db");
    const empty = runCli(["db", "status", "--db", db]);
    assert.equal(empty.code, 3);
    assert.match(empty.stdout, /store is empty/);
    const imp = runCli(["db", "import", "--db", db, "examples/advisories"]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /18 read, 18 new/);
    const again = runCli(["db", "import", "--db", db, "examples/advisories", "-f", "json"]);
    assert.equal(JSON.parse(again.stdout)[0].unchanged, 18);
    const st = runCli(["db", "status", "--db", db, "-f", "json"]);
    assert.equal(st.code, 0);
    const status = JSON.parse(st.stdout) as {
      advisories: number;
      stale: boolean;
      byEcosystem: { ecosystem: string; kind: string }[];
    };
    assert.equal(status.advisories, 18);
    assert.equal(status.stale, false);
    assert.ok(status.byEcosystem.some((e) => e.ecosystem === "npm" && e.kind === "malicious"));
    const missing = runCli(["db", "import", "--db", db, join(tmp, "nope")]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /cannot read/);
  });

  it("scan uses the store given by --db, and says when offline data is missing", () => {
    const proj = join(tmp, "proj");
    runCli(["db", "import", "--db", join(tmp, "b.db"), "examples/advisories"]);
    rmSync(proj, { recursive: true, force: true });
    makeDir(proj);
    writeFileSync(
      join(proj, "package-lock.json"),
      JSON.stringify({
        name: "p",
        lockfileVersion: 3,
        packages: {
          "": { name: "p", dependencies: { minimist: "1.2.5" } },
          "node_modules/minimist": { version: "1.2.5" },
        },
      }),
    );
    const withDb = runCli(["scan", proj, "--offline", "--db", join(tmp, "b.db"), "-f", "json"]);
    const found = JSON.parse(withDb.stdout) as { findings: { id: string; upgradeTo?: string }[] };
    assert.deepEqual(
      found.findings.map((f) => [f.id, f.upgradeTo]),
      [["GHSA-xvch-5gv4-984h", "1.2.6"]],
    );
    const none = runCli(["scan", proj, "--offline", "--db", join(tmp, "none.db")]);
    assert.match(none.stdout, /no local advisory data for npm/);
    // Without --offline, an ecosystem with no local data goes to the OSV API (here a closed port):
    // the scan still finishes and says what went wrong.
    const online = runCli(["scan", proj, "--db", join(tmp, "none.db"), "-f", "json"]);
    const notices = (JSON.parse(online.stdout) as { notices: { message: string }[] }).notices.map(
      (n) => n.message,
    );
    assert.ok(
      notices.some((m) => /OSV API querybatch failed/.test(m)),
      notices.join("\n"),
    );
  });

  it("the quick start shows findings from the bundled example advisories", () => {
    const r = runCli(["scan", "examples/webapp", "--offline", "-f", "json"]);
    const result = JSON.parse(r.stdout) as {
      findings: { id: string; kind: string; package: { name: string } }[];
    };
    const ids = result.findings.map((f) => `${f.package.name} ${f.kind} ${f.id}`);
    for (const want of [
      "chalk malicious MAL-2025-46969",
      "flatmap-stream malicious MAL-2025-20690",
      "minimist vulnerability GHSA-xvch-5gv4-984h",
      "lodash vulnerability GHSA-35jh-r3h4-6jhm",
      "requests vulnerability GHSA-j8r2-6x86-q33q",
    ])
      assert.ok(ids.includes(want), `${want} missing from\n${ids.join("\n")}`);
    // requests: the GHSA and PYSEC copies of CVE-2023-32681 are one finding.
    assert.equal(result.findings.filter((f) => f.package.name === "requests").length, 1);
  });
});

function makeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
