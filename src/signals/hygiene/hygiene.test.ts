import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makePackage, type Package } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import type { SignalContext } from "../types.ts";
import { hasNonRegistrySource, isDependencyConfusionRisk, isUnpinned, lacksIntegrity } from "./signals.ts";

function ctxWith(
  settings: Partial<SignalContext["settings"]> = {},
  scopes: Record<string, string> = {},
): SignalContext {
  return makeSignalContext({
    offline: true,
    cacheDir: false,
    settings,
    registries: { npm: { scopes, auth: new Map() }, pypi: {} },
  }).ctx;
}

const lockLoc = [{ path: "app/package-lock.json", line: 3 }];

describe("hygiene signals", () => {
  const ctx = ctxWith();
  test("isUnpinned: ranges and empty versions are unpinned, exact versions are not", async () => {
    for (const v of ["^1.2.0", "~1.2", ">=1 <2", "1.x", "*", "", "latest", ">=2.0,<3"])
      assert.equal(
        (await isUnpinned.collect(makePackage({ ecosystem: "npm", name: "a", version: v }), ctx)).outcome,
        "yes",
        v,
      );
    for (const v of [
      "1.2.3",
      "1.0.0-beta.1",
      "2.31.0",
      "v1.2.3",
      "0.0.0-20200101-abcdef",
      "==2.31.0",
      "=1.2.3",
    ])
      assert.equal(
        (await isUnpinned.collect(makePackage({ ecosystem: "npm", name: "a", version: v }), ctx)).outcome,
        "no",
        v,
      );
  });

  test("hasNonRegistrySource from Package.source or the resolved URL", async () => {
    const mk = (extra: Partial<Package>) =>
      makePackage({ ecosystem: "npm", name: "a", version: "1.0.0", ...extra });
    assert.equal((await hasNonRegistrySource.collect(mk({ source: "git" }), ctx)).outcome, "yes");
    assert.equal(
      (await hasNonRegistrySource.collect(mk({ resolved: "git+ssh://git@host.test/a.git#abc" }), ctx))
        .outcome,
      "yes",
    );
    assert.equal(
      (await hasNonRegistrySource.collect(mk({ resolved: "https://cdn.test/a-1.0.0.tgz" }), ctx)).outcome,
      "yes",
    );
    assert.equal((await hasNonRegistrySource.collect(mk({ resolved: "file:../a" }), ctx)).outcome, "yes");
    assert.equal(
      (await hasNonRegistrySource.collect(mk({ resolved: "https://reg.test/a/-/a-1.0.0.tgz" }), ctx)).outcome,
      "no",
    );
    assert.equal((await hasNonRegistrySource.collect(mk({ source: "registry" }), ctx)).outcome, "no");
    assert.equal((await hasNonRegistrySource.collect(mk({}), ctx)).outcome, "unknown");
    const withCreds = await hasNonRegistrySource.collect(
      mk({ resolved: "https://u:tok@cdn.test/a.tgz" }),
      ctx,
    );
    assert.doesNotMatch(JSON.stringify(withCreds.evidence), /tok@/);
    assert.equal(hasNonRegistrySource.appliesTo?.(mk({ source: "workspace" }), ctx), false);
  });

  test("lacksIntegrity only for lockfile formats that record hashes, and only for registry packages", async () => {
    const p = makePackage({
      ecosystem: "npm",
      name: "a",
      version: "1.0.0",
      locations: lockLoc,
      source: "registry",
    });
    assert.equal(lacksIntegrity.appliesTo?.(p, ctx), true);
    assert.equal((await lacksIntegrity.collect(p, ctx)).outcome, "yes");
    const ok = { ...p, integrity: "sha512-abc" };
    assert.equal((await lacksIntegrity.collect(ok, ctx)).outcome, "no");
    const hashed = { ...p, hashes: [{ alg: "sha256", value: "00" }] };
    assert.equal((await lacksIntegrity.collect(hashed, ctx)).outcome, "no");
    const req = makePackage({
      ecosystem: "PyPI",
      name: "a",
      version: "1",
      locations: [{ path: "requirements.txt" }],
    });
    assert.equal(lacksIntegrity.appliesTo?.(req, ctx), false);
    assert.equal(lacksIntegrity.appliesTo?.({ ...p, source: "git" }, ctx), false);
  });

  test("isDependencyConfusionRisk: internal scope resolved from elsewhere than its registry", async () => {
    const c = ctxWith(
      { internalScopes: ["@acme"], internalPackages: ["acme-*"] },
      { "@acme": "https://npm.acme.test/" },
    );
    const mk = (name: string, resolved?: string) =>
      makePackage({ ecosystem: "npm", name, version: "1.0.0", resolved });
    assert.equal(isDependencyConfusionRisk.appliesTo?.(mk("lodash"), c), false);
    const good = await isDependencyConfusionRisk.collect(
      mk("@acme/ui", "https://npm.acme.test/@acme/ui/-/ui-1.0.0.tgz"),
      c,
    );
    assert.equal(good.outcome, "no");
    const bad = await isDependencyConfusionRisk.collect(
      mk("@acme/ui", "https://public.test/@acme/ui/-/ui-1.0.0.tgz"),
      c,
    );
    assert.equal(bad.outcome, "yes");
    assert.equal(bad.evidence.resolvedHost, "public.test");
    const noWhere = await isDependencyConfusionRisk.collect(mk("@acme/ui"), c);
    assert.equal(noWhere.outcome, "unknown");
    const unscoped = await isDependencyConfusionRisk.collect(
      mk("acme-tools", "https://public.test/x.tgz"),
      c,
    );
    assert.equal(unscoped.outcome, "unknown", "no internal registry configured for unscoped names");
    const c2 = ctxWith({ internalPackages: ["acme-tools"], internalRegistries: ["https://npm.acme.test/"] });
    assert.equal(
      (await isDependencyConfusionRisk.collect(mk("acme-tools", "https://public.test/x.tgz"), c2)).outcome,
      "yes",
    );
  });
});
