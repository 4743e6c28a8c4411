import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { sharedPath, skipUnlessShared } from "../../../test/helpers/shared-data.ts";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { HttpClient } from "../http/http.ts";
import { type FakeServer, sendJson, startFakeServer } from "../testing/fake-server.ts";
import type { SignalContext } from "../types.ts";
import { aggregateScore, loadScorecardDir, parseScorecardResult, repoKey } from "./result.ts";
import { hasLowScorecard, isUnmaintained, resolveRepository } from "./signals.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const NOW = new Date("2026-11-22T00:00:00Z");

let api: FakeServer;
let deps: FakeServer;
before(async () => {
  api = await startFakeServer((req, res, n) => {
    if (req.url === "/projects/github.com/acme/low")
      sendJson(res, readFileSync(join(FIX, "api-result.acme-low.json"), "utf8"));
    else if (req.url === "/projects/github.com/acme/garbled") sendJson(res, '{"repo": 1');
    else if (req.url === "/projects/github.com/acme/busy")
      n % 2 === 1
        ? sendJson(res, {}, 429, { "retry-after": "0" })
        : sendJson(res, readFileSync(join(FIX, "api-result.acme-low.json"), "utf8"));
    else sendJson(res, { code: 404 }, 404);
  });
  deps = await startFakeServer((req, res) => {
    if (req.url === "/v3/systems/npm/packages/%40acme%2Fwidget/versions/1.0.0")
      sendJson(res, {
        relatedProjects: [{ projectKey: { id: "github.com/acme/low" }, relationType: "SOURCE_REPO" }],
      });
    else if (req.url?.startsWith("/v3/systems/npm/packages/slowpkg")) {
      /* never answer: timeout */
    } else sendJson(res, { error: "not found" }, 404);
  });
});
after(async () => {
  await api.close();
  await deps.close();
});

function ctx(settings: Partial<SignalContext["settings"]> = {}): SignalContext {
  return makeSignalContext({
    http: new HttpClient({ cacheDir: false, retryBaseMs: 1, retries: 1, timeoutMs: 300 }),
    now: NOW,
    registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
    settings: { scorecardApiUrl: api.url, depsDevUrl: `${deps.url}/v3`, ...settings },
  }).ctx;
}

describe("Scorecard result parsing", () => {
  test(
    "conformance: every JSON result in ../shared/data/scorecard parses (SARIF and logs skipped)",
    skipUnlessShared("scorecard"),
    async () => {
      const root = sharedPath("scorecard")!;
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".json"));
      assert.ok(files.length >= 20, `${files.length} JSON files`);
      for (const f of files) {
        const r = parseScorecardResult(JSON.parse(readFileSync(join(root, f), "utf8")), f);
        assert.ok(r.repo, f);
        if (r.probeFindings === undefined) assert.ok(r.checks.length > 0, `${f} has checks`);
      }
      const action = parseScorecardResult(
        JSON.parse(readFileSync(join(root, "ossf-scorecard-action/signing/testdata/results.json"), "utf8")),
        "results.json",
      );
      assert.equal(action.repo, "github.com/ossf-tests/scorecard-action");
      assert.equal(action.score, 5.8);
      assert.equal(action.checks.length, 19);
      assert.equal(action.checks.find((c) => c.name === "Packaging")?.score, -1);
      const payload = parseScorecardResult(
        JSON.parse(
          readFileSync(join(root, "ossf-scorecard-webapp/app/server/testdata/results/payload.json"), "utf8"),
        ),
        "payload.json",
      );
      assert.ok(payload.checks.length > 0, "JsonOutput inside a signed payload");
      const dir = await loadScorecardDir(root);
      assert.equal(dir.problems.length, 0, JSON.stringify(dir.problems));
    },
  );

  test("malformed results are typed errors naming the file", () => {
    assert.throws(
      () => parseScorecardResult([], "x.json"),
      /x.json: a Scorecard result must be a JSON object/,
    );
    assert.throws(() => parseScorecardResult({ repo: {} }, "y.json"), /y.json: repo.name is missing/);
    assert.throws(
      () => parseScorecardResult({ repo: { name: "a/b" }, checks: [{ name: "X", score: "7" }] }, "z.json"),
      /checks\[0\] needs a name and a numeric score/,
    );
  });

  test("repoKey and aggregate", () => {
    assert.equal(repoKey("git+https://GitHub.com/Acme/Lib.git"), "github.com/acme/lib");
    assert.equal(
      aggregateScore({
        repo: "r",
        source: "s",
        checks: [
          { name: "a", score: 4 },
          { name: "b", score: -1 },
          { name: "c", score: 8 },
        ],
      }),
      6,
    );
  });
});

describe("Scorecard signals (fake Scorecard API and deps.dev)", () => {
  test("repository from the SBOM; low score; Maintained 0 is unmaintained; checks as evidence", async () => {
    const c = ctx();
    const pkg = {
      ...makePackage({ ecosystem: "npm", name: "low", version: "1.0.0" }),
      repository: "https://github.com/acme/low",
    };
    const low = await hasLowScorecard.collect(pkg, c);
    assert.equal(low.outcome, "yes");
    assert.equal(low.evidence.score, 2.9);
    assert.deepEqual(low.evidence.checks, { Maintained: 0, "Code-Review": 3, "Signed-Releases": -1 });
    assert.equal(low.evidence.repoVia, "input");
    assert.equal(low.evidence.stale, undefined);
    const um = await isUnmaintained.collect(pkg, c);
    assert.equal(um.outcome, "yes");
    assert.equal(api.requests.filter((r) => r.url === "/projects/github.com/acme/low").length, 1);
  });

  test("deps.dev finds the repository when nothing else names it", async () => {
    const c = ctx();
    const pkg = makePackage({ ecosystem: "npm", name: "@acme/widget", version: "1.0.0" });
    const found = await resolveRepository(pkg, c);
    assert.deepEqual([found.repo, found.via], ["github.com/acme/low", "deps.dev"]);
    assert.equal((await hasLowScorecard.collect(pkg, c)).outcome, "yes");
  });

  test("purl vcs_url qualifier", async () => {
    const pkg = makePackage({
      ecosystem: "npm",
      name: "q",
      version: "1.0.0",
      purl: "pkg:npm/q@1.0.0?vcs_url=git%2Bhttps://github.com/acme/low.git",
    });
    assert.equal((await resolveRepository(pkg, ctx())).via, "purl vcs_url");
  });

  test("local results folder: used before the API, stale results flagged, broken files skipped", async () => {
    const c = ctx({ scorecardResultsDir: join(FIX, "results"), scorecardApiUrl: "http://127.0.0.1:9" });
    const pkg = {
      ...makePackage({ ecosystem: "npm", name: "local", version: "1.0.0" }),
      repository: "github:acme/local",
    };
    const r = await hasLowScorecard.collect(pkg, c);
    assert.equal(r.outcome, "no");
    assert.equal(r.evidence.stale, true);
    assert.equal(r.evidence.score, 7.5);
    assert.equal((await isUnmaintained.collect(pkg, c)).outcome, "no");
  });

  test("no result, no repository, garbled answers, 429 and timeouts", async () => {
    const c = ctx();
    const none = await hasLowScorecard.collect(
      {
        ...makePackage({ ecosystem: "npm", name: "n", version: "1" }),
        repository: "https://github.com/acme/none",
      },
      c,
    );
    assert.equal(none.outcome, "unknown");
    assert.match(none.reason ?? "", /no Scorecard result for github.com\/acme\/none/);
    const norepo = await hasLowScorecard.collect(
      makePackage({ ecosystem: "npm", name: "nothing", version: "1.0.0" }),
      c,
    );
    assert.equal(norepo.outcome, "unknown");
    const garbled = await hasLowScorecard.collect(
      {
        ...makePackage({ ecosystem: "npm", name: "g", version: "1" }),
        repository: "https://github.com/acme/garbled",
      },
      c,
    );
    assert.equal(garbled.outcome, "error");
    assert.match(garbled.reason ?? "", /valid JSON/);
    const busy = await hasLowScorecard.collect(
      {
        ...makePackage({ ecosystem: "npm", name: "b", version: "1" }),
        repository: "https://github.com/acme/busy",
      },
      c,
    );
    assert.equal(busy.outcome, "yes", "429 with Retry-After is retried");
    const slow = await hasLowScorecard.collect(
      makePackage({ ecosystem: "npm", name: "slowpkg", version: "1.0.0" }),
      c,
    );
    assert.equal(slow.outcome, "unknown");
    assert.match(JSON.stringify(slow.evidence.tried), /did not answer/);
  });

  test("offline with nothing cached: unknown", async () => {
    const c = makeSignalContext({
      offline: true,
      cacheDir: false,
      now: NOW,
      registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
      settings: { scorecardApiUrl: api.url },
    }).ctx;
    const r = await hasLowScorecard.collect(
      {
        ...makePackage({ ecosystem: "npm", name: "low", version: "1" }),
        repository: "https://github.com/acme/low",
      },
      c,
    );
    assert.equal(r.outcome, "unknown");
    assert.match(r.reason ?? "", /offline/);
  });
});
