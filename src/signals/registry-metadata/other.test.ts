import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { HttpClient } from "../http/http.ts";
import { licenseChanged } from "../license/signals.ts";
import { type FakeServer, sendJson, startFakeServer } from "../testing/fake-server.ts";
import type { SignalContext } from "../types.ts";
import { escapeGoModule, expandPackagistVersions } from "./other.ts";
import {
  hasInstallScript,
  hasRepositoryLink,
  isDeprecated,
  isRemovedUpstream,
  maintainersChanged,
  publishedWithinDays,
} from "./signals.ts";

const NOW = new Date("2026-11-22T00:00:00Z");
let srv: FakeServer;

before(async () => {
  srv = await startFakeServer((req, res) => {
    const u = req.url ?? "";
    // crates.io API
    if (u === "/crates/api/v1/crates/fastcrate")
      return sendJson(res, {
        crate: { name: "fastcrate", repository: "https://github.com/acme/fastcrate" },
        versions: [
          {
            num: "1.1.0",
            created_at: "2026-11-20T10:00:00Z",
            yanked: false,
            license: "MIT OR Apache-2.0",
            published_by: { login: "newbie" },
            has_build_script: true,
          },
          {
            num: "1.0.0",
            created_at: "2025-01-01T00:00:00Z",
            yanked: true,
            license: "MIT",
            published_by: { login: "alice" },
          },
        ],
      });
    // RubyGems
    if (u === "/gems/api/v1/versions/rgem.json")
      return sendJson(res, [
        { number: "2.0.0", created_at: "2026-11-21T00:00:00Z", licenses: ["MIT"], platform: "ruby" },
        { number: "1.0.0", created_at: "2020-01-01T00:00:00Z", licenses: ["MIT"], platform: "ruby" },
      ]);
    if (u === "/gems/api/v1/gems/rgem.json")
      return sendJson(res, { source_code_uri: "https://github.com/acme/rgem" });
    // Packagist (minified p2)
    if (u === "/packagist/p2/acme/lib.json")
      return sendJson(res, {
        minified: "composer/2.0",
        packages: {
          "acme/lib": [
            {
              name: "acme/lib",
              version: "2.0.0",
              version_normalized: "2.0.0.0",
              time: "2026-01-01T00:00:00+00:00",
              license: ["GPL-3.0-only"],
              source: { url: "https://github.com/acme/lib.git" },
              scripts: { "post-install-cmd": "x" },
            },
            {
              version: "1.0.0",
              version_normalized: "1.0.0.0",
              time: "2024-01-01T00:00:00+00:00",
              license: ["MIT"],
              scripts: "__unset",
            },
          ],
        },
      });
    // NuGet registration
    if (u === "/nuget/registration5-semver1/acme.core/index.json")
      return sendJson(res, {
        items: [
          {
            "@id": "x",
            items: [
              {
                catalogEntry: {
                  version: "1.0.0",
                  published: "2024-01-01T00:00:00Z",
                  licenseExpression: "MIT",
                  authors: "Alice",
                },
              },
              {
                catalogEntry: {
                  version: "1.1.0",
                  published: "1900-01-01T00:00:00Z",
                  listed: false,
                  licenseExpression: "MIT",
                  authors: "Alice",
                  deprecation: { reasons: ["Legacy"], message: "use Acme.Core2" },
                },
              },
            ],
          },
        ],
      });
    // Go module proxy
    if (u === "/goproxy/github.com/!acme/mod/@v/list") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("v1.0.0\nv1.1.0\n");
    }
    if (u === "/goproxy/github.com/!acme/mod/@v/v1.1.0.info")
      return sendJson(res, { Version: "v1.1.0", Time: "2026-11-21T00:00:00Z" });
    if (u === "/goproxy/github.com/!acme/mod/@v/v1.0.0.info")
      return sendJson(res, { Version: "v1.0.0", Time: "2024-11-21T00:00:00Z" });
    if (u === "/goproxy/github.com/!acme/mod/@v/v0.0.0-20240101000000-abcdefabcdef.info")
      return sendJson(res, { Version: "v0.0.0-20240101000000-abcdefabcdef", Time: "2024-01-01T00:00:00Z" });
    if (u.startsWith("/goproxy/")) return sendJson(res, "not found", 410);
    if (u.startsWith("/crates/api/v1/crates/garbage")) return sendJson(res, "[]");
    sendJson(res, { errors: [{ detail: "Not Found" }] }, 404);
  });
});
after(() => srv.close());

function ctx(): SignalContext {
  return makeSignalContext({
    http: new HttpClient({ cacheDir: false, retries: 0 }),
    now: NOW,
    registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
    settings: {
      cratesIoUrl: `${srv.url}/crates/api/v1`,
      rubyGemsUrl: `${srv.url}/gems`,
      packagistUrl: `${srv.url}/packagist`,
      nugetUrl: `${srv.url}/nuget`,
      goProxyUrl: `${srv.url}/goproxy`,
    },
  }).ctx;
}

describe("crates.io, RubyGems, Packagist, NuGet, Go proxy (fake APIs)", () => {
  test("crates.io: recent, build script, new publisher, yanked, licence change", async () => {
    const c = ctx();
    const p = makePackage({ ecosystem: "crates.io", name: "fastcrate", version: "1.1.0" });
    assert.equal((await publishedWithinDays.collect(p, c)).outcome, "yes");
    assert.deepEqual((await hasInstallScript.collect(p, c)).evidence.hooks, ["build.rs"]);
    const m = await maintainersChanged.collect(p, c);
    assert.equal(m.outcome, "yes");
    assert.equal(m.evidence.publisher, "newbie");
    assert.equal((await isDeprecated.collect({ ...p, version: "1.0.0" }, c)).outcome, "yes");
    assert.equal((await licenseChanged.collect(p, c)).outcome, "yes");
    assert.equal(
      (await hasRepositoryLink.collect(p, c)).evidence.repository,
      "https://github.com/acme/fastcrate",
    );
    assert.equal((await isRemovedUpstream.collect({ ...p, name: "nope" }, c)).outcome, "yes");
    const bad = await publishedWithinDays.collect({ ...p, name: "garbage" }, c);
    assert.equal(bad.outcome, "error");
  });

  test("RubyGems: release age, repository, missing version", async () => {
    const c = ctx();
    const p = makePackage({ ecosystem: "RubyGems", name: "rgem", version: "2.0.0" });
    assert.equal((await publishedWithinDays.collect(p, c)).outcome, "yes");
    assert.equal((await hasRepositoryLink.collect(p, c)).outcome, "yes");
    assert.equal((await isRemovedUpstream.collect({ ...p, version: "1.5.0" }, c)).outcome, "yes");
    assert.equal((await licenseChanged.collect(p, c)).outcome, "no");
  });

  test("Packagist: minified versions expanded, scripts, licence change", async () => {
    const c = ctx();
    const p = makePackage({ ecosystem: "Packagist", name: "acme/lib", version: "2.0.0" });
    assert.equal((await hasInstallScript.collect(p, c)).outcome, "yes");
    assert.equal((await hasInstallScript.collect({ ...p, version: "1.0.0" }, c)).outcome, "no");
    const lc = await licenseChanged.collect(p, c);
    assert.equal(lc.outcome, "yes");
    assert.equal(lc.evidence.previousLicense, "MIT");
    const expanded = expandPackagistVersions([
      { a: 1, b: 2 },
      { b: "__unset", c: 3 },
    ]);
    assert.deepEqual(expanded[1], { a: 1, c: 3 });
  });

  test("NuGet: deprecated and unlisted versions", async () => {
    const c = ctx();
    const p = makePackage({ ecosystem: "NuGet", name: "Acme.Core", version: "1.1.0" });
    const d = await isDeprecated.collect(p, c);
    assert.equal(d.outcome, "yes");
    assert.equal(d.evidence.deprecated, "use Acme.Core2");
    assert.equal((await publishedWithinDays.collect(p, c)).outcome, "unknown", "unlisted: no real date");
    assert.equal((await isDeprecated.collect({ ...p, version: "1.0.0" }, c)).outcome, "no");
  });

  test("Go proxy: escaped paths, .info times, pseudo-versions not in the list, 410 = removed", async () => {
    const c = ctx();
    const p = makePackage({ ecosystem: "Go", name: "github.com/Acme/mod", version: "v1.1.0" });
    const age = await publishedWithinDays.collect(p, c);
    assert.equal(age.outcome, "yes");
    assert.equal(age.evidence.publishedAt, "2026-11-21T00:00:00.000Z");
    const pseudo = { ...p, version: "v0.0.0-20240101000000-abcdefabcdef" };
    assert.equal((await isRemovedUpstream.collect(pseudo, c)).outcome, "no");
    assert.equal((await publishedWithinDays.collect(pseudo, c)).outcome, "no");
    assert.equal((await isRemovedUpstream.collect({ ...p, name: "github.com/gone/mod" }, c)).outcome, "yes");
    assert.equal(escapeGoModule("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml");
  });
});
