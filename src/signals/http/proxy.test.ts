import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { type FakeServer, sendJson, startFakeServer } from "../testing/fake-server.ts";
import { HttpClient } from "./http.ts";

// A loopback forward proxy: forwards absolute-URI requests (plain HTTP) and tunnels CONNECT
// (HTTPS), recording the host of each.
let proxyUrl = "";
const tunnels: string[] = [];
const proxy = createServer((req, res) => {
  const u = new URL(req.url ?? "");
  tunnels.push(u.host);
  const up = request(u, { method: req.method, headers: req.headers }, (upRes) => {
    res.writeHead(upRes.statusCode ?? 502, upRes.headers);
    upRes.pipe(res);
  });
  up.on("error", () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
proxy.on("connect", (req, socket, head) => {
  tunnels.push(req.url ?? "");
  const [host, port] = (req.url ?? "").split(":");
  const upstream = connect(Number(port), host, () => {
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on("error", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
});

let target: FakeServer;
const saved = { ...process.env };
before(async () => {
  target = await startFakeServer((_q, res) => sendJson(res, { via: "target" }));
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  process.env = saved;
  await target.close();
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
});

function setProxyEnv(noProxy: string) {
  for (const k of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"])
    delete process.env[k];
  process.env.HTTP_PROXY = proxyUrl;
  process.env.HTTPS_PROXY = proxyUrl;
  process.env.NO_PROXY = noProxy;
}

describe("proxy settings from the environment", () => {
  test("HTTP_PROXY routes requests through the proxy", async () => {
    setProxyEnv("");
    const http = new HttpClient({ cacheDir: false, retries: 0 });
    try {
      const r = await http.getJson(`${target.url}/x`);
      assert.deepEqual(r.data, { via: "target" });
      assert.deepEqual(tunnels, [new URL(target.url).host]);
    } finally {
      await http.close();
    }
  });

  test("NO_PROXY bypasses it", async () => {
    tunnels.length = 0;
    setProxyEnv("127.0.0.1");
    const http = new HttpClient({ cacheDir: false, retries: 0 });
    try {
      const r = await http.getJson(`${target.url}/y`);
      assert.deepEqual(r.data, { via: "target" });
      assert.deepEqual(tunnels, []);
    } finally {
      await http.close();
    }
  });
});
