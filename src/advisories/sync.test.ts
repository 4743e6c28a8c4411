import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { strToU8, zipSync } from "fflate";
import { makePackage } from "../core/package.ts";
import { matchPackages } from "./matcher.ts";
import { openStore } from "./osv-store.ts";
import { syncAdvisories } from "./sync.ts";

const rec = (id: string, modified: string, fixed = "2.0.0") => ({
  id,
  modified,
  affected: [
    {
      package: { ecosystem: "npm", name: "pkg-a" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed }] }],
    },
  ],
});
const zipOf = (...records: ReturnType<typeof rec>[]) =>
  Buffer.from(zipSync(Object.fromEntries(records.map((r) => [`${r.id}.json`, strToU8(JSON.stringify(r))]))));

/** A fake OSV bucket: `/<eco>/all.zip` with ETags; behaviour switched by the test. */
let body: Buffer = zipOf();
let etag = '"v1"';
let mode: "ok" | "500" | "truncated" = "ok";
const requests: { url: string; ifNoneMatch?: string }[] = [];
let server: Server;
let base = "";
const tmp = mkdtempSync(join(tmpdir(), "intake-sync-"));

before(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", ifNoneMatch: req.headers["if-none-match"] as string | undefined });
    if (req.url !== "/npm/all.zip") {
      res.writeHead(404).end();
      return;
    }
    if (mode === "500") {
      res.writeHead(500).end("boom");
      return;
    }
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304).end();
      return;
    }
    const data = mode === "truncated" ? body.subarray(0, Math.floor(body.length / 2)) : body;
    res.writeHead(200, { etag, "content-length": String(data.length), "content-type": "application/zip" });
    res.end(data);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("db sync", () => {
  it("downloads, skips unchanged exports, imports only changes, removes records gone upstream", async () => {
    const store = await openStore({ path: join(tmp, "a.db") });
    const opts = { ecosystems: ["npm"], baseUrl: base, downloadDir: tmp, retries: 0 };
    const pkg = makePackage({ ecosystem: "npm", name: "pkg-a", version: "1.0.0" });
    try {
      body = zipOf(rec("GHSA-a", "2024-01-01T00:00:00Z"), rec("GHSA-b", "2024-01-01T00:00:00Z"));
      const [first] = await syncAdvisories(store, opts);
      assert.equal(first.status, "updated");
      assert.equal(first.stats?.inserted, 2);

      const [second] = await syncAdvisories(store, opts);
      assert.equal(second.status, "unchanged");
      assert.equal(requests.at(-1)?.ifNoneMatch, '"v1"');

      etag = '"v2"';
      body = zipOf(rec("GHSA-a", "2024-01-01T00:00:00Z"), rec("GHSA-c", "2024-03-01T00:00:00Z", "3.0.0"));
      const [third] = await syncAdvisories(store, opts);
      assert.deepEqual([third.stats?.inserted, third.stats?.unchanged, third.stats?.removed], [1, 1, 1]);
      const found = await matchPackages(store, [pkg]);
      assert.deepEqual(found.findings.map((f) => f.id).sort(), ["GHSA-a", "GHSA-c"]);

      // Failures leave the previous data intact: a 500, then a truncated zip.
      etag = '"v3"';
      body = zipOf(rec("GHSA-z", "2025-01-01T00:00:00Z"));
      mode = "500";
      const [failed] = await syncAdvisories(store, opts);
      assert.equal(failed.status, "failed");
      assert.match(failed.error ?? "", /HTTP 500/);
      mode = "truncated";
      const [broken] = await syncAdvisories(store, opts);
      assert.equal(broken.status, "failed");
      const still = await matchPackages(store, [pkg]);
      assert.deepEqual(still.findings.map((f) => f.id).sort(), ["GHSA-a", "GHSA-c"]);
      const st = await store.status();
      assert.equal(st.sources.find((s) => s.id === "osv:npm")?.records, 2);
      mode = "ok";

      const [missing] = await syncAdvisories(store, { ...opts, ecosystems: ["NoSuchEco"] });
      assert.equal(missing.status, "failed");
      assert.match(missing.error ?? "", /HTTP 404/);
    } finally {
      mode = "ok";
      await store.close();
    }
  });
});
