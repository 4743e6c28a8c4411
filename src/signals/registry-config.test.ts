import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  expandEnv,
  loadNpmConfig,
  loadPypiConfig,
  npmRegistryFor,
  pypiJsonBaseFromIndex,
} from "./registry-config.ts";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "intake-regcfg-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("npm configuration", () => {
  test("no configuration means no registry (nothing is assumed)", async () => {
    const home = join(root, "empty-home");
    await mkdir(home, { recursive: true });
    const cfg = loadNpmConfig({ env: {}, home, startDir: home });
    assert.equal(cfg.registry, undefined);
    assert.equal(npmRegistryFor(cfg, "left-pad"), undefined);
  });

  test("project .npmrc (found walking up) beats the user's, env beats both; scopes and tokens", async () => {
    const home = join(root, "home");
    const project = join(root, "proj");
    const deep = join(project, "packages", "app");
    await mkdir(home, { recursive: true });
    await mkdir(deep, { recursive: true });
    await writeFile(
      join(home, ".npmrc"),
      "registry=http://user-reg.test/\n@acme:registry=http://acme-user.test/npm/\n",
    );
    await writeFile(
      join(project, ".npmrc"),
      [
        "; comment",
        "registry = http://proj-reg.test/",
        "@acme:registry=http://acme.test/npm/",
        "//acme.test/npm/:_authToken=${ACME_TOKEN}",
        "//proj-reg.test/:_auth=dXNlcjpwYXNz",
      ].join("\n"),
    );
    const env = { ACME_TOKEN: "tok-123" };
    const cfg = loadNpmConfig({ env, home, startDir: deep });
    assert.equal(cfg.registry, "http://proj-reg.test/");
    assert.deepEqual(npmRegistryFor(cfg, "@acme/widget"), {
      url: "http://acme.test/npm/",
      authorization: "Bearer tok-123",
    });
    assert.deepEqual(npmRegistryFor(cfg, "lodash"), {
      url: "http://proj-reg.test/",
      authorization: "Basic dXNlcjpwYXNz",
    });
    const withEnv = loadNpmConfig({
      env: { ...env, npm_config_registry: "http://env-reg.test" },
      home,
      startDir: deep,
    });
    assert.equal(withEnv.registry, "http://env-reg.test/");
    assert.equal(withEnv.origin, "npm_config_registry");
  });

  test("a token is only sent to its own host and path", async () => {
    const home = join(root, "home2");
    await mkdir(home, { recursive: true });
    await writeFile(
      join(home, ".npmrc"),
      "registry=http://other.test/\n//acme.test/npm/:_authToken=secret\n",
    );
    const cfg = loadNpmConfig({ env: {}, home });
    assert.equal(npmRegistryFor(cfg, "x")?.authorization, undefined);
  });

  test("expandEnv replaces ${VAR} and leaves escaped ones", () => {
    assert.equal(expandEnv("a${X}b", { X: "1" }), "a1b");
    assert.equal(expandEnv("a${MISSING?}b", {}), "ab");
    assert.equal(expandEnv("a\\${X}b", { X: "1" }), "a${X}b");
  });
});

describe("PyPI configuration", () => {
  test("PIP_INDEX_URL: JSON API derived from /simple, credentials kept apart", () => {
    const cfg = loadPypiConfig({
      env: { PIP_INDEX_URL: "https://u:p@mirror.test/repo/simple/" },
      home: root,
    });
    assert.equal(cfg.jsonApiBase, "https://mirror.test/repo");
    assert.equal(cfg.authorization, `Basic ${Buffer.from("u:p").toString("base64")}`);
    assert.equal(cfg.origin, "PIP_INDEX_URL");
  });

  test("pip.conf from PIP_CONFIG_FILE; [install] wins over [global]", async () => {
    const f = join(root, "pip.conf");
    await writeFile(
      f,
      "[global]\nindex-url = http://g.test/simple\n[install]\nindex-url = http://i.test/pypi/simple/\n",
    );
    const cfg = loadPypiConfig({
      env: { PIP_CONFIG_FILE: f, XDG_CONFIG_DIRS: join(root, "none") },
      home: join(root, "nohome"),
    });
    assert.equal(cfg.indexUrl, "http://i.test/pypi/simple/");
    assert.equal(cfg.jsonApiBase, "http://i.test/pypi");
  });

  test("an index that is not .../simple gives no JSON API and says why", () => {
    assert.equal(pypiJsonBaseFromIndex("http://devpi.test/root/pypi/+simple/"), undefined);
    assert.equal(pypiJsonBaseFromIndex("file:///opt/simple"), undefined);
    const cfg = loadPypiConfig({ env: { PIP_INDEX_URL: "http://devpi.test/root/+simple/" }, home: root });
    assert.equal(cfg.jsonApiBase, undefined);
    assert.match(cfg.problem ?? "", /cannot be derived/);
  });

  test("an explicit JSON API URL wins", () => {
    const cfg = loadPypiConfig({ env: { INTAKE_PYPI_JSON_URL: "http://json.test/" }, home: root });
    assert.equal(cfg.jsonApiBase, "http://json.test");
  });
});
