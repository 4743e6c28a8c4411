import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { categoryOf } from "./categories.ts";
import { analyzeLicense } from "./license.ts";
import {
  hasLicense,
  isCopyleft,
  isNetworkCopyleft,
  isSourceAvailableOnly,
  licenseNotSpdx,
} from "./signals.ts";

describe("analyzeLicense", () => {
  test("valid SPDX expressions: OR takes the most permissive choice, AND the most restrictive", () => {
    assert.equal(analyzeLicense("MIT").category, "permissive");
    assert.equal(analyzeLicense("(MIT OR GPL-3.0-only)").category, "permissive");
    assert.equal(analyzeLicense("MIT AND GPL-3.0-only").category, "strong-copyleft");
    assert.equal(analyzeLicense("AGPL-3.0-or-later").category, "network-copyleft");
    assert.equal(analyzeLicense("LGPL-2.1-only").category, "weak-copyleft");
    assert.equal(analyzeLicense("BUSL-1.1").category, "source-available");
    assert.equal(analyzeLicense("GPL-2.0-only WITH Classpath-exception-2.0").category, "weak-copyleft");
    assert.equal(analyzeLicense("Apache-2.0 WITH LLVM-exception").category, "permissive");
    assert.equal(analyzeLicense("GPL-2.0+").category, "strong-copyleft");
    const i = analyzeLicense("(MIT OR Apache-2.0)");
    assert.equal(i.valid, true);
    assert.deepEqual(i.ids, ["MIT", "Apache-2.0"]);
  });

  test("non-SPDX text is corrected only when unambiguous", () => {
    const a = analyzeLicense("Apache 2.0");
    assert.equal(a.valid, false);
    assert.equal(a.corrected, true);
    assert.equal(a.expression, "Apache-2.0");
    const b = analyzeLicense("BSD");
    assert.equal(b.expression, undefined);
    assert.equal(b.ambiguous, "BSD-2-Clause");
    assert.equal(b.category, "unknown");
    const c = analyzeLicense("MIT or Apache-2.0");
    assert.equal(c.expression, "MIT OR Apache-2.0");
    assert.equal(analyzeLicense("Some Custom Terms").category, "unknown");
  });

  test("UNLICENSED is proprietary, not the Unlicense; SEE LICENSE IN points to a file", () => {
    const u = analyzeLicense("UNLICENSED");
    assert.equal(u.none, true);
    assert.equal(u.category, "source-available");
    assert.equal(analyzeLicense("SEE LICENSE IN LICENSE.md").seeFile, "LICENSE.md");
    assert.equal(analyzeLicense("NOASSERTION").none, true);
  });

  test("the category table answers case-insensitively and says unknown otherwise", () => {
    assert.equal(categoryOf("mit"), "permissive");
    assert.equal(categoryOf("SSPL-1.0"), "source-available");
    assert.equal(categoryOf("Nope-1.0"), "unknown");
  });
});

describe("licence signals from the input's own licence (no network)", () => {
  const { ctx } = makeSignalContext({
    offline: true,
    cacheDir: false,
    registries: { npm: { scopes: {}, auth: new Map() }, pypi: {} },
  });
  const pkg = (license?: string) => makePackage({ ecosystem: "npm", name: "x", version: "1.0.0", license });

  test("AGPL: licence present, copyleft, network copyleft", async () => {
    const p = pkg("AGPL-3.0-only");
    assert.equal((await hasLicense.collect(p, ctx)).outcome, "yes");
    assert.equal((await isCopyleft.collect(p, ctx)).outcome, "yes");
    const n = await isNetworkCopyleft.collect(p, ctx);
    assert.equal(n.outcome, "yes");
    assert.equal(n.evidence.category, "network-copyleft");
    assert.equal(n.evidence.expression, "AGPL-3.0-only");
    assert.equal((await licenseNotSpdx.collect(p, ctx)).outcome, "no");
  });

  test("MIT: not copyleft; free text is flagged as not SPDX", async () => {
    assert.equal((await isCopyleft.collect(pkg("MIT"), ctx)).outcome, "no");
    const t = await licenseNotSpdx.collect(pkg("Apache 2.0"), ctx);
    assert.equal(t.outcome, "yes");
    assert.equal(t.evidence.expression, "Apache-2.0");
    assert.equal((await isSourceAvailableOnly.collect(pkg("Elastic-2.0"), ctx)).outcome, "yes");
  });

  test("no licence in the input and no registry: unknown with the reason, never a pass", async () => {
    const r = await hasLicense.collect(pkg(undefined), ctx);
    assert.equal(r.outcome, "unknown");
    assert.match(r.reason ?? "", /no npm registry configured/);
    const u = await isCopyleft.collect(pkg("Custom terms"), ctx);
    assert.equal(u.outcome, "unknown");
  });
});
