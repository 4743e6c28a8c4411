import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { makePackage } from "../core/package.ts";
import { collectSignals } from "./collect.ts";
import { readProjectSignalSettings } from "./project-settings.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-projset-"));
});
after(() => rm(dir, { recursive: true, force: true }));

describe(".intake.yaml signals settings", () => {
  test("absent file or key: nothing", async () => {
    assert.deepEqual(readProjectSignalSettings(join(dir, "nothing-here")), {});
    await writeFile(join(dir, ".intake.yaml"), "advisories: [../x]\n");
    assert.deepEqual(readProjectSignalSettings(dir), {});
  });

  test("settings are read, paths resolved next to the file, and used by the stage", async () => {
    await writeFile(
      join(dir, ".intake.yaml"),
      "signals:\n  select: [hygiene]\n  windowDays: 3\n  internalScopes: ['@acme']\n  scorecardResults: sc\n",
    );
    const s = readProjectSignalSettings(join(dir, "package-lock.json"));
    assert.equal(s.windowDays, 3);
    assert.deepEqual(s.internalScopes, ["@acme"]);
    assert.equal(s.scorecardResultsDir, join(dir, "sc"));
    const pkg = makePackage({
      ecosystem: "npm",
      name: "@acme/ui",
      version: "1.0.0",
      resolved: "https://public.test/x.tgz",
    });
    const out = await collectSignals([pkg], { startDir: dir, offline: true, cacheDir: false });
    assert.deepEqual([...new Set(out.map((r) => r.id))].sort(), [
      "hasNonRegistrySource",
      "isDependencyConfusionRisk",
      "isUnpinned",
    ]);
    const flags = await collectSignals([pkg], {
      startDir: dir,
      offline: true,
      cacheDir: false,
      select: ["isUnpinned"],
    });
    assert.deepEqual(
      flags.map((r) => r.id),
      ["isUnpinned"],
    );
  });

  test("a bad value is a config error naming the file and the field", async () => {
    await writeFile(join(dir, ".intake.yaml"), "signals:\n  windowDays: soon\n");
    assert.throws(
      () => readProjectSignalSettings(dir),
      (e: Error & { code?: string; file?: string }) => {
        assert.equal(e.code, "config-invalid");
        assert.equal(e.file, join(dir, ".intake.yaml"));
        assert.match(e.message, /signals\.windowDays/);
        return true;
      },
    );
    await writeFile(join(dir, ".intake.yaml"), "signals:\n  internalScopes: [acme]\n  nope: 1\n");
    assert.throws(() => readProjectSignalSettings(dir), /signals\./);
  });
});
