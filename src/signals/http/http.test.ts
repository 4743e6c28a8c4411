import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sendJson, startFakeServer } from "../testing/fake-server.ts";
import { SignalsError } from "../types.ts";
import { HttpClient, parseRetryAfter, redactUrl, Semaphore } from "./http.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-http-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function client(extra: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  return new HttpClient({
    cacheDir: join(dir, String(Math.random())),
    retryBaseMs: 5,
    timeoutMs: 2000,
    ...extra,
  });
}

async function rejectsWith(p: Promise<unknown>, code: string, re?: RegExp): Promise<SignalsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SignalsError, `expected SignalsError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected a ${code} error`);
}

describe("HttpClient", () => {
  test("caches a 200 and answers the next request from disk within the TTL", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, { ok: 1 }));
    const http = client();
    try {
      const a = await http.getJson(`${srv.url}/a`);
      const b = await http.getJson(`${srv.url}/a`);
      assert.deepEqual(a.data, { ok: 1 });
      assert.equal(a.fromCache, false);
      assert.equal(b.fromCache, true);
      assert.equal(srv.requests.length, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("revalidates with If-None-Match after the TTL and keeps the body on 304", async () => {
    const srv = await startFakeServer((req, res) => {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304);
        res.end();
      } else sendJson(res, { v: 1 }, 200, { etag: '"v1"', "last-modified": "Sat, 01 Nov 2025 00:00:00 GMT" });
    });
    let clock = 1_000_000;
    const http = client({ ttlMs: 10, now: () => clock });
    try {
      await http.getJson(`${srv.url}/p`);
      clock += 100;
      const again = await http.getJson(`${srv.url}/p`);
      assert.deepEqual(again.data, { v: 1 });
      assert.equal(srv.requests.length, 2);
      assert.equal(srv.requests[1].headers["if-none-match"], '"v1"');
      assert.equal(srv.requests[1].headers["if-modified-since"], "Sat, 01 Nov 2025 00:00:00 GMT");
      assert.equal(http.stats.revalidated, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("retries a 429 after its Retry-After and then succeeds", async () => {
    const srv = await startFakeServer((_q, res, n) => {
      if (n === 1) sendJson(res, { error: "slow down" }, 429, { "retry-after": "0" });
      else sendJson(res, { ok: true });
    });
    const http = client();
    try {
      const r = await http.getJson(`${srv.url}/x`);
      assert.deepEqual(r.data, { ok: true });
      assert.equal(srv.requests.length, 2);
      assert.equal(http.stats.retries, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("gives up at once when Retry-After asks for longer than allowed", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, {}, 429, { "retry-after": "3600" }));
    const http = client({ maxRetryAfterMs: 1000 });
    try {
      await rejectsWith(http.getJson(`${srv.url}/x`), "http-status", /retry after 3600 s/);
      assert.equal(srv.requests.length, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("503 on every attempt ends as an http-status error after the retries", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, "down", 503));
    const http = client({ retries: 2 });
    try {
      await rejectsWith(http.getJson(`${srv.url}/x`), "http-status", /HTTP 503 after 3 attempts/);
      assert.equal(srv.requests.length, 3);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("a server that never answers is a timeout, retried", async () => {
    const srv = await startFakeServer(() => {
      /* never respond */
    });
    const http = client({ timeoutMs: 100, retries: 1 });
    try {
      await rejectsWith(http.getJson(`${srv.url}/slow`), "http-timeout", /did not answer within 100 ms/);
      assert.equal(srv.requests.length, 2);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("a malformed JSON body is a malformed-response error and is not retried", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, "{not json", 200));
    const http = client();
    try {
      await rejectsWith(http.getJson(`${srv.url}/bad`), "malformed-response", /did not return valid JSON/);
      assert.equal(srv.requests.length, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("404 resolves without data and is cached; other 4xx are errors", async () => {
    const srv = await startFakeServer((req, res) => sendJson(res, {}, req.url === "/gone" ? 404 : 403));
    const http = client();
    try {
      const r = await http.getJson(`${srv.url}/gone`);
      assert.equal(r.status, 404);
      assert.equal(r.data, undefined);
      await http.getJson(`${srv.url}/gone`);
      assert.equal(srv.requests.length, 1);
      await rejectsWith(http.getJson(`${srv.url}/forbidden`), "http-status", /HTTP 403/);
      assert.equal(srv.requests.length, 2);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("a cached 404 is asked again after an hour, a 200 only after the TTL", async () => {
    const srv = await startFakeServer((req, res) => sendJson(res, {}, req.url === "/missing" ? 404 : 200));
    let clock = 0;
    const http = client({ now: () => clock, ttlMs: 24 * 3600_000 });
    try {
      await http.getJson(`${srv.url}/missing`);
      await http.getJson(`${srv.url}/present`);
      clock = 2 * 3600_000;
      await http.getJson(`${srv.url}/missing`);
      await http.getJson(`${srv.url}/present`);
      assert.deepEqual(
        srv.requests.map((r) => r.url),
        ["/missing", "/present", "/missing"],
      );
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("offline answers from the cache (even stale) and a miss is an offline error without a request", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, { n: 1 }));
    const cacheDir = join(dir, "offline");
    let clock = 0;
    const online = new HttpClient({ cacheDir, now: () => clock });
    try {
      await online.getJson(`${srv.url}/cached`);
    } finally {
      await online.close();
    }
    clock = 10 * 24 * 3600_000;
    const offline = new HttpClient({ cacheDir, offline: true, now: () => clock });
    const hit = await offline.getJson(`${srv.url}/cached`);
    assert.deepEqual(hit.data, { n: 1 });
    assert.equal(hit.stale, true);
    await rejectsWith(offline.getJson(`${srv.url}/never`), "offline", /^offline: /);
    assert.equal(srv.requests.length, 1);
    await srv.close();
  });

  test("sends the Authorization header but never puts credentials in messages", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, "x", 500));
    const http = client({ retries: 0 });
    try {
      const e = await rejectsWith(
        http.getJson(`${srv.url.replace("http://", "http://user:s3cret@")}/p`, {
          authorization: "Bearer TOKEN123",
        }),
        "http-status",
      );
      assert.equal(srv.requests[0].headers.authorization, "Bearer TOKEN123");
      assert.doesNotMatch(e.message, /TOKEN123|s3cret/);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("never has more requests in flight than its concurrency", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, {}), { latencyMs: 20 });
    const http = client({ concurrency: 3 });
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => http.getJson(`${srv.url}/c${i}`)));
      assert.equal(srv.requests.length, 12);
      assert.ok(srv.maxInFlight <= 3, `max in flight ${srv.maxInFlight}`);
    } finally {
      await http.close();
      await srv.close();
    }
  });

  test("concurrent requests for one URL share one exchange", async () => {
    const srv = await startFakeServer((_q, res) => sendJson(res, {}), { latencyMs: 20 });
    const http = client();
    try {
      await Promise.all([1, 2, 3].map(() => http.getJson(`${srv.url}/same`)));
      assert.equal(srv.requests.length, 1);
    } finally {
      await http.close();
      await srv.close();
    }
  });
});

describe("helpers", () => {
  test("parseRetryAfter reads seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter("2", 0), 2000);
    assert.equal(parseRetryAfter(new Date(5000).toUTCString(), 0), 5000);
    assert.equal(parseRetryAfter("soon", 0), undefined);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
  });
  test("redactUrl drops user info", () => {
    assert.equal(redactUrl("https://u:p@host.example/x"), "https://host.example/x");
  });
  test("Semaphore bounds running tasks", async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let max = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        sem.run(async () => {
          running++;
          max = Math.max(max, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    assert.equal(max, 2);
  });
});
