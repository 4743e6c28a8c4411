import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import { makePackage } from "../core/package.ts";
import { matchCandidates } from "./matcher.ts";
import { queryOsvApi } from "./online.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: Server[] = [];
const tmp = mkdtempSync(join(tmpdir(), "intake-online-"));
after(() => {
  for (const s of servers) s.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function fakeApi(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const record = (id: string, fixed = "1.2.6") => ({
  id,
  modified: "2024-01-01T00:00:00Z",
  aliases: ["CVE-2021-44906"],
  summary: "a crafted test record",
  affected: [
    {
      package: { ecosystem: "npm", name: "minimist" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed }] }],
    },
  ],
});
const minimist = makePackage({ ecosystem: "npm", name: "minimist", version: "1.2.5" });
const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

describe("OSV API client", () => {
  it("queries in batches, fetches records, caches them, and retries a 500", async () => {
    let calls500 = 0;
    const seen: string[] = [];
    const base = await fakeApi((req, body, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === "/v1/querybatch") {
        if (calls500++ === 0) return res.writeHead(500).end("try again");
        const { queries } = JSON.parse(body) as { queries: { package: { name: string } }[] };
        return json(res, 200, {
          results: queries.map((q) =>
            q.package.name === "minimist"
              ? { vulns: [{ id: "GHSA-xvch-5gv4-984h", modified: "2024-01-01T00:00:00Z" }] }
              : {},
          ),
        });
      }
      if (req.url === "/v1/vulns/GHSA-xvch-5gv4-984h") return json(res, 200, record("GHSA-xvch-5gv4-984h"));
      res.writeHead(404).end();
    });
    const cacheDir = join(tmp, "cache1");
    const other = makePackage({ ecosystem: "npm", name: "left-pad", version: "1.0.0" });
    const first = await queryOsvApi([minimist, other], { baseUrl: base, cacheDir, backoffMs: 10 });
    assert.deepEqual(first.problems, []);
    assert.equal(first.fetched, 1);
    const out = matchCandidates([minimist, other], first.rows);
    assert.deepEqual(
      out.findings.map((f) => [f.id, f.package.name, f.upgradeTo]),
      [["GHSA-xvch-5gv4-984h", "minimist", "1.2.6"]],
    );
    assert.deepEqual(seen.slice(0, 3), [
      "POST /v1/querybatch",
      "POST /v1/querybatch",
      "GET /v1/vulns/GHSA-xvch-5gv4-984h",
    ]);
    const second = await queryOsvApi([minimist], { baseUrl: base, cacheDir });
    assert.deepEqual([second.fetched, second.fromCache], [0, 1]);
  });

  it("a timeout, a malformed body and a broken record become problems, not crashes", async () => {
    const hang = await fakeApi(() => {
      /* never answers */
    });
    const slow = await queryOsvApi([minimist], {
      baseUrl: hang,
      cacheDir: false,
      timeoutMs: 200,
      retries: 1,
      backoffMs: 10,
    });
    assert.equal(slow.rows.length, 0);
    assert.match(slow.problems[0], /querybatch failed/);

    const garbage = await fakeApi((_req, _body, res) => res.writeHead(200).end("<html>not json"));
    const bad = await queryOsvApi([minimist], { baseUrl: garbage, cacheDir: false, retries: 0 });
    assert.match(bad.problems[0], /malformed JSON/);

    const wrongShape = await fakeApi((_req, _body, res) => json(res, 200, { results: "nope" }));
    const shape = await queryOsvApi([minimist], { baseUrl: wrongShape, cacheDir: false, retries: 0 });
    assert.match(shape.problems[0], /malformed body/);

    const badRecord = await fakeApi((req, _body, res) =>
      req.url === "/v1/querybatch"
        ? json(res, 200, { results: [{ vulns: [{ id: "GHSA-bad", modified: "x" }] }] })
        : json(res, 200, { id: "GHSA-bad" }),
    );
    const rec = await queryOsvApi([minimist], { baseUrl: badRecord, cacheDir: false, retries: 0 });
    assert.match(rec.problems[0], /GHSA-bad is invalid: modified/);
  });

  it("a refused connection fails fast with a problem (no retries against nothing)", async () => {
    const t = Date.now();
    const r = await queryOsvApi([minimist], {
      baseUrl: "http://127.0.0.1:9",
      cacheDir: false,
      backoffMs: 2000,
    });
    assert.ok(Date.now() - t < 1500);
    assert.equal(r.problems.length, 1);
  });

  const CASSETTES = ["osv-scanner-testdata", "cmd", "osv-scanner", "scan", "source", "testdata", "cassettes"];
  it(
    "replays recorded querybatch traffic (osv-scanner cassette) and matches locally",
    skipUnlessShared(...CASSETTES, "TestCommand.yaml"),
    async () => {
      const cassette = parseYaml(
        readFileSync(join(sharedPath(...CASSETTES)!, "TestCommand.yaml"), "utf8"),
      ) as {
        interactions: { request: { url: string; body: string }; response: { code: number; body: string } }[];
      };
      const recorded = cassette.interactions.find((i) => i.response.body.includes("GHSA-5crp-9r3c-p9vr"))!;
      const wantQueries = JSON.parse(recorded.request.body) as {
        queries: { package: { ecosystem: string; name: string }; version: string }[];
      };
      const ghsaDir = sharedPath(
        "advisories",
        "github-advisory-database-sample",
        "advisories",
        "github-reviewed",
        "2022",
        "06",
        "GHSA-5crp-9r3c-p9vr",
      );
      const base = await fakeApi((req, body, res) => {
        if (req.url === "/v1/querybatch") {
          // Replay only when our request is the recorded one.
          assert.deepEqual(JSON.parse(body), wantQueries);
          return res
            .writeHead(recorded.response.code, { "content-type": "application/json" })
            .end(recorded.response.body);
        }
        if (req.url === "/v1/vulns/GHSA-5crp-9r3c-p9vr" && ghsaDir)
          return res.writeHead(200).end(readFileSync(join(ghsaDir, "GHSA-5crp-9r3c-p9vr.json")));
        res.writeHead(404).end();
      });
      const pkgs = wantQueries.queries.map((q) =>
        makePackage({ ecosystem: "NuGet", name: q.package.name, version: q.version }),
      );
      const r = await queryOsvApi(pkgs, { baseUrl: base, cacheDir: false, retries: 0 });
      // GHSA-cmhx... is not served by the fake: reported as a problem, the rest goes on.
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0], /GHSA-cmhx-cq75-c4mj could not be fetched/);
      const out = matchCandidates(pkgs, r.rows);
      assert.deepEqual(
        out.findings.map((f) => [f.id, f.package.name, f.upgradeTo]),
        [["GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "13.0.1"]],
      );
    },
  );
});
