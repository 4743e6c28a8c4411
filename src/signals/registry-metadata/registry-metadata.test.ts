import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { HttpClient } from "../http/http.ts";
import { licenseChanged } from "../license/signals.ts";
import { type FakeServer, sendJson, startFakeServer } from "../testing/fake-server.ts";
import type { SignalContext } from "../types.ts";
import { normalizeRepositoryUrl } from "./model.ts";
import {
  hasInstallScript,
  hasRepositoryLink,
  hasSingleMaintainer,
  isDeprecated,
  isRemovedUpstream,
  isRevivedAfterDormancy,
  lostProvenance,
  maintainersChanged,
  publishedWithinDays,
  repositoryChanged,
} from "./signals.ts";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const fixture = (name: string) => readFileSync(join(FIX, name), "utf8");
const NOW = new Date("2026-11-22T00:00:00Z");

let npm: FakeServer;
let pypi: FakeServer;
before(async () => {
  npm = await startFakeServer((req, res) => {
    if (req.url === "/example-lib") sendJson(res, fixture("npm-packument.maintainer-change.json"));
    else if (req.url === "/@acme%2Fbroken") sendJson(res, "<html>oops</html>");
    else if (req.url === "/flaky") sendJson(res, "unavailable", 503);
    else if (req.url === "/@acme%2Fprivate")
      req.headers.authorization === "Bearer t0k"
        ? sendJson(res, { name: "@acme/private", versions: { "1.0.0": { version: "1.0.0" } }, time: {} })
        : sendJson(res, { error: "auth" }, 401);
    else sendJson(res, { error: "Not found" }, 404);
  });
  pypi = await startFakeServer((req, res) => {
    if (req.url === "/pypi/example-pkg/json") sendJson(res, fixture("pypi-project.sdist-only.json"));
    else if (req.url === "/pypi/example-pkg/1.5.0/json")
      sendJson(res, fixture("pypi-release.example-pkg-1.5.0.json"));
    else if (req.url === "/pypi/notjson/json") sendJson(res, "[1,2");
    else sendJson(res, { message: "Not Found" }, 404);
  });
});
after(async () => {
  await npm.close();
  await pypi.close();
});

function ctx(): SignalContext {
  const http = new HttpClient({ cacheDir: false, retries: 1, retryBaseMs: 1 });
  const auth = new Map([[`//${new URL(npm.url).host}/`, { token: "t0k" }]]);
  return makeSignalContext({
    http,
    now: NOW,
    registries: { npm: { registry: `${npm.url}/`, scopes: {}, auth }, pypi: { jsonApiBase: pypi.url } },
  }).ctx;
}

const npmPkg = (version: string, name = "example-lib") => makePackage({ ecosystem: "npm", name, version });
const pyPkg = (version: string, name = "Example.Pkg") => makePackage({ ecosystem: "PyPI", name, version });

describe("npm registry signals (fake registry)", () => {
  test("a release two days old by a new publisher without provenance", async () => {
    const c = ctx();
    const p = npmPkg("1.2.0");
    const age = await publishedWithinDays.collect(p, c);
    assert.equal(age.outcome, "yes");
    assert.equal(age.evidence.ageDays, 2);
    assert.equal((await publishedWithinDays.collect(npmPkg("1.1.0"), c)).outcome, "no");
    const m = await maintainersChanged.collect(p, c);
    assert.equal(m.outcome, "yes");
    assert.deepEqual(m.evidence.added, ["mallory"]);
    assert.equal(m.evidence.previousVersion, "1.1.0");
    assert.equal(m.evidence.publisher, "mallory");
    assert.equal((await maintainersChanged.collect(npmPkg("1.1.0"), c)).outcome, "no");
    const lp = await lostProvenance.collect(p, c);
    assert.equal(lp.outcome, "yes");
    assert.equal(lp.evidence.lastWithAttestations, "1.1.0");
    assert.equal((await lostProvenance.collect(npmPkg("1.1.0"), c)).outcome, "no");
    assert.equal((await lostProvenance.collect(npmPkg("0.9.0"), c)).outcome, "no");
    const is = await hasInstallScript.collect(p, c);
    assert.equal(is.outcome, "yes");
    assert.deepEqual(is.evidence.hooks, ["postinstall"]);
    assert.deepEqual((await hasInstallScript.collect(npmPkg("2.0.0-beta.1"), c)).evidence.hooks, [
      "binding.gyp",
    ]);
    assert.equal((await hasInstallScript.collect(npmPkg("1.1.0"), c)).outcome, "no");
    const rc = await repositoryChanged.collect(p, c);
    assert.equal(rc.outcome, "yes");
    assert.equal(rc.evidence.previousRepository, "https://github.com/acme/example-lib");
    assert.equal((await repositoryChanged.collect(npmPkg("1.1.0"), c)).outcome, "no");
    assert.equal((await hasRepositoryLink.collect(p, c)).outcome, "yes");
    const lc = await licenseChanged.collect(p, c);
    assert.equal(lc.outcome, "yes");
    assert.equal(lc.evidence.previousLicense, "MIT");
    assert.equal(lc.evidence.category, "strong-copyleft");
    assert.equal((await hasSingleMaintainer.collect(npmPkg("1.0.0"), c)).outcome, "yes");
    assert.equal((await hasSingleMaintainer.collect(p, c)).outcome, "no");
    assert.equal((await isDeprecated.collect(npmPkg("0.9.0"), c)).outcome, "yes");
    assert.equal((await isDeprecated.collect(p, c)).outcome, "no");
    assert.equal((await isRemovedUpstream.collect(p, c)).outcome, "no");
    // 1.2.0 came 17 months after 1.1.0: not dormant by the default two years, dormant by one.
    const rev = await isRevivedAfterDormancy.collect(p, c);
    assert.equal(rev.outcome, "no");
    assert.equal(rev.evidence.previousRelease, "1.1.0");
    assert.equal((await isRevivedAfterDormancy.collect(npmPkg("0.9.0"), c)).outcome, "no");
    // One document fetch for all of the above.
    assert.equal(npm.requests.filter((r) => r.url === "/example-lib").length, 1);
    const c1 = makeSignalContext({
      http: new HttpClient({ cacheDir: false }),
      now: NOW,
      registries: c.registries,
      settings: { dormancyDays: 365 },
    }).ctx;
    assert.equal((await isRevivedAfterDormancy.collect(p, c1)).outcome, "yes");
  });

  test("a missing version or package is removed upstream; other signals say unknown", async () => {
    const c = ctx();
    const v = await isRemovedUpstream.collect(npmPkg("9.9.9"), c);
    assert.equal(v.outcome, "yes");
    assert.equal(v.evidence.removed, "version");
    const gone = await isRemovedUpstream.collect(npmPkg("1.0.0", "no-such-package"), c);
    assert.equal(gone.outcome, "yes");
    assert.equal(gone.evidence.removed, "package");
    const u = await publishedWithinDays.collect(npmPkg("1.0.0", "no-such-package"), c);
    assert.equal(u.outcome, "unknown");
  });

  test("malformed bodies and failing registries are errors with a reason", async () => {
    const c = ctx();
    const bad = await hasInstallScript.collect(npmPkg("1.0.0", "@acme/broken"), c);
    assert.equal(bad.outcome, "error");
    assert.match(bad.reason ?? "", /did not return valid JSON/);
    const flaky = await isDeprecated.collect(npmPkg("1.0.0", "flaky"), c);
    assert.equal(flaky.outcome, "error");
    assert.match(flaky.reason ?? "", /HTTP 503/);
  });

  test("credentials from the configuration reach the registry", async () => {
    const c = ctx();
    const r = await isRemovedUpstream.collect(npmPkg("1.0.0", "@acme/private"), c);
    assert.equal(r.outcome, "no");
  });

  test("no registry configured: unknown, never a pass", async () => {
    const c = makeSignalContext({
      cacheDir: false,
      registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
    }).ctx;
    const r = await hasInstallScript.collect(npmPkg("1.2.0"), c);
    assert.equal(r.outcome, "unknown");
    assert.match(r.reason ?? "", /no npm registry configured/);
  });

  test("lockfile hasInstallScript answers without the registry", async () => {
    const c = makeSignalContext({
      cacheDir: false,
      registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
    }).ctx;
    const p = { ...npmPkg("1.0.0"), meta: { hasInstallScript: true } };
    assert.equal((await hasInstallScript.collect(p, c)).outcome, "yes");
  });
});

describe("PyPI registry signals (fake JSON API)", () => {
  test("an sdist-only release runs build code at install; yanked release is deprecated; licence change", async () => {
    const c = ctx();
    const is = await hasInstallScript.collect(pyPkg("2.0.0"), c);
    assert.equal(is.outcome, "yes");
    assert.equal((await hasInstallScript.collect(pyPkg("1.0.0"), c)).outcome, "no");
    const y = await isDeprecated.collect(pyPkg("1.5.0"), c);
    assert.equal(y.outcome, "yes");
    assert.equal(y.evidence.yanked, "broken build");
    const age = await publishedWithinDays.collect(pyPkg("2.0.0"), c);
    assert.equal(age.outcome, "yes");
    const lc = await licenseChanged.collect(pyPkg("2.0.0"), c);
    assert.equal(lc.outcome, "yes");
    assert.equal(lc.evidence.license, "Apache-2.0");
    assert.equal(lc.evidence.previousLicense, "MIT");
    assert.equal(
      (await hasRepositoryLink.collect(pyPkg("2.0.0"), c)).evidence.repository,
      "https://github.com/example/example-pkg",
    );
    assert.ok(
      pypi.requests.some((r) => r.url === "/pypi/example-pkg/json"),
      "normalized name in the URL",
    );
  });

  test("404 and malformed JSON", async () => {
    const c = ctx();
    assert.equal((await isRemovedUpstream.collect(pyPkg("1.0", "missing"), c)).outcome, "yes");
    const bad = await isDeprecated.collect(pyPkg("1.0", "notjson"), c);
    assert.equal(bad.outcome, "error");
    assert.match(bad.reason ?? "", /valid JSON/);
  });
});

describe("normalizeRepositoryUrl", () => {
  test("spellings of one repository compare equal", () => {
    const want = "https://github.com/acme/lib";
    for (const s of [
      "git+https://github.com/acme/lib.git",
      "github:acme/lib",
      "acme/lib",
      "git@github.com:acme/lib.git",
      "git://github.com/acme/lib.git",
      "https://github.com/Acme/Lib/tree/main/packages/x",
      { type: "git", url: "ssh://git@github.com/acme/lib.git" },
    ])
      assert.equal(normalizeRepositoryUrl(s), want, JSON.stringify(s));
    assert.equal(normalizeRepositoryUrl(""), undefined);
  });
});
