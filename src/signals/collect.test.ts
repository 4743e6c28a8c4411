import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";
import { buildInventory } from "../inventory/inventory.ts";
import { runScan } from "../pipeline/scan.ts";
import { collectSignals } from "./collect.ts";
import { type FakeServer, sendJson, startFakeServer } from "./testing/fake-server.ts";

const NOW = new Date("2026-11-22T00:00:00Z");
let srv: FakeServer;
let dir: string;
let cache: string;

const packument = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
  name,
  time: { [version]: "2026-11-21T00:00:00Z" },
  versions: { [version]: { name, version, license: "MIT", maintainers: [{ name: "a" }], ...extra } },
});

before(async () => {
  srv = await startFakeServer((req, res) => {
    if (req.url === "/left-pad")
      sendJson(res, packument("left-pad", "1.3.0", { scripts: { postinstall: "node x" } }));
    else if (req.url === "/agpl-thing")
      sendJson(res, packument("agpl-thing", "2.0.0", { license: "AGPL-3.0-only" }));
    else sendJson(res, {}, 404);
  });
  dir = await mkdtemp(join(tmpdir(), "intake-signals-e2e-"));
  cache = join(dir, ".cache");
  await writeFile(
    join(dir, "package-lock.json"),
    JSON.stringify({
      name: "app",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "app", dependencies: { "left-pad": "^1.3.0", "agpl-thing": "2.0.0", expresss: "1.0.0" } },
        "node_modules/left-pad": {
          version: "1.3.0",
          resolved: `${srv.url}/left-pad/-/left-pad-1.3.0.tgz`,
          integrity: "sha512-AAAA",
        },
        "node_modules/agpl-thing": {
          version: "2.0.0",
          resolved: `${srv.url}/agpl-thing/-/agpl-thing-2.0.0.tgz`,
          integrity: "sha512-BBBB",
        },
        "node_modules/expresss": { version: "1.0.0", resolved: `${srv.url}/expresss/-/expresss-1.0.0.tgz` },
      },
    }),
  );
  // The project's own .npmrc, next to the lockfile, points at the fake registry.
  await writeFile(join(dir, ".npmrc"), `registry=${srv.url}/\n`);
});
after(async () => {
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

function answer(
  signals: { id: string; package: { name: string }; outcome: string }[],
  name: string,
  id: string,
) {
  return signals.find((s) => s.package.name === name && s.id === id)?.outcome;
}

describe("signals stage", () => {
  test("online: registry configured by the project's .npmrc; answers cached for later", async () => {
    const inv = await buildInventory([dir]);
    const signals = await collectSignals(inv.packages, {
      startDir: dir,
      cacheDir: cache,
      now: NOW,
      select: ["hygiene", "typosquat", "license", "registry-metadata"],
      httpOptions: { retries: 0 },
    });
    assert.equal(answer(signals, "left-pad", "hasInstallScript"), "yes");
    assert.equal(answer(signals, "left-pad", "publishedWithinDays"), "yes");
    assert.equal(answer(signals, "agpl-thing", "isNetworkCopyleft"), "yes");
    assert.equal(answer(signals, "expresss", "isPossibleTyposquat"), "yes");
    assert.equal(answer(signals, "expresss", "lacksIntegrity"), "yes");
    assert.equal(answer(signals, "expresss", "isRemovedUpstream"), "yes");
    assert.equal(answer(signals, "left-pad", "isUnpinned"), "no");
  });

  test("offline pipeline: the same answers come from the cache with no request", async () => {
    const before = srv.requests.length;
    const result = await runScan([dir], {
      offline: true,
      now: NOW,
      signals: { cacheDir: cache, select: ["registry-metadata"] },
    });
    assert.equal(srv.requests.length, before);
    assert.equal(answer(result.signals, "left-pad", "hasInstallScript"), "yes");
    assert.equal(answer(result.signals, "agpl-thing", "publishedWithinDays"), "yes");
  });

  test("offline with an empty cache: network signals are unknown, offline ones still answer", async () => {
    const result = await runScan([dir], {
      offline: true,
      now: NOW,
      signals: { cacheDir: join(dir, "empty") },
    });
    const hs = result.signals.find((s) => s.package.name === "left-pad" && s.id === "hasInstallScript");
    assert.equal(hs?.outcome, "unknown");
    assert.match(hs?.reason ?? "", /^offline: /);
    assert.equal(answer(result.signals, "expresss", "isPossibleTyposquat"), "yes");
    assert.ok(result.signals.every((s) => s.package.purl.startsWith("pkg:npm/")));
  });

  test("CLI: quiet table shows risky answers; --signals none collects nothing", () => {
    const r = runCli(["scan", dir, "--offline", "--cache-dir", cache, "--policy", "default"]);
    assert.match(r.stdout, /Signals \(/);
    assert.match(r.stdout, /expresss@1\.0\.0/);
    assert.match(r.stdout, /expresss@1\.0\.0 +isPossibleTyposquat high/);
    const v = runCli(["scan", dir, "--offline", "--cache-dir", cache, "--verbose"]);
    assert.match(v.stdout, /high isPossibleTyposquat=yes target=express/);
    const j = runCli(["scan", dir, "--offline", "--signals", "none", "-f", "json"]);
    assert.deepEqual(JSON.parse(j.stdout).signals, []);
    const bad = runCli(["scan", dir, "--offline", "--signals", "nope"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown signal or family 'nope'/);
  });
});
