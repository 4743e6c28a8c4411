import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Highest number of requests handled at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for tests: every request is recorded, then handed to `handler`.
 * Listens on 127.0.0.1 with an ephemeral port; never reachable from outside the machine.
 */
export async function startFakeServer(
  handler: (req: IncomingMessage, res: ServerResponse, n: number) => unknown,
  options: { latencyMs?: number } = {},
): Promise<FakeServer> {
  let inFlight = 0;
  const state: FakeServer = { url: "", requests: [], maxInFlight: 0, close: async () => {} };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    state.requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    try {
      await handler(req, res, state.requests.length);
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Send JSON with a status and optional headers. */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}
