import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { toTrustMaterial } from "@sigstore/verify";
import { makePackage } from "../../core/package.ts";
import { makeSignalContext } from "../collect.ts";
import { HttpClient } from "../http/http.ts";
import { type FakeServer, sendJson, startFakeServer } from "../testing/fake-server.ts";
import { hasVerifiedProvenance } from "./signals.ts";
import { DEFAULT_BUILDERS, verifyProvenance } from "./verify.ts";

// A real npm provenance bundle (SLSA v1, GitHub Actions, public-good Sigstore) for
// @playwright/cli@0.1.1, verified here with no network against the shipped trusted root.
const HERE = dirname(fileURLToPath(import.meta.url));
const BUNDLE = JSON.parse(
  readFileSync(join(HERE, "__fixtures__/npm-provenance.playwright-cli-0.1.1.sigstore.json"), "utf8"),
);
const DIGEST_HEX =
  "f64d7565f0f001f3150c322e1155b55afb3c4a80cd5c863574d43ef42f7f492f199849647317acbb97a82fbbcd6bdea7b626d419aab54ccdaa428aaf765fc8f6";
const INTEGRITY = `sha512-${Buffer.from(DIGEST_HEX, "hex").toString("base64")}`;
const REPO = "https://github.com/microsoft/playwright-cli";
const base = { bundle: BUNDLE, ecosystem: "npm" as const, name: "@playwright/cli", version: "0.1.1" };

describe("verifyProvenance (real bundle, offline)", () => {
  test("valid: signature, tlog, subject, digest, identity and repository all check out", () => {
    const r = verifyProvenance({ ...base, integrity: INTEGRITY, repository: `git+${REPO}.git` });
    assert.equal(r.verified, true, JSON.stringify(r.failed));
    assert.equal(r.builder, "GitHub Actions");
    assert.equal(r.slsaBuildLevel, 2);
    assert.equal(r.sourceRepository, REPO);
    assert.equal(r.sourceCommit, "d1c6d1113932ddcee243e8b111b6d4aea553df20");
    assert.equal(r.issuer, "https://token.actions.githubusercontent.com");
    assert.match(r.signer ?? "", /playwright-cli\/\.github\/workflows\/publish\.yml@refs\/tags\/v0\.1\.1$/);
    assert.equal(r.builderId, "https://github.com/actions/runner/github-hosted");
  });

  test("tampered payload: the signature no longer verifies", () => {
    const statement = JSON.parse(Buffer.from(BUNDLE.dsseEnvelope.payload, "base64").toString("utf8"));
    statement.subject[0].digest.sha512 = "00".repeat(64);
    const tampered = structuredClone(BUNDLE);
    tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString("base64");
    const r = verifyProvenance({ ...base, bundle: tampered, integrity: INTEGRITY, repository: REPO });
    assert.equal(r.verified, false);
    assert.equal(r.failed?.check, "signature");
  });

  test("wrong identity: a signer outside the allow-list, or a different repository, fails", () => {
    const gitlabOnly = DEFAULT_BUILDERS.filter((b) => b.name === "GitLab CI");
    const r = verifyProvenance({ ...base, integrity: INTEGRITY, repository: REPO, builders: gitlabOnly });
    assert.equal(r.failed?.check, "identity");
    assert.match(r.failed?.reason ?? "", /not an allowed builder/);
    const other = verifyProvenance({
      ...base,
      integrity: INTEGRITY,
      repository: "https://github.com/someone/else",
    });
    assert.equal(other.failed?.check, "repository");
    assert.match(other.failed?.reason ?? "", /built from https:\/\/github.com\/microsoft\/playwright-cli/);
  });

  test("untrusted root: without the Sigstore CA the certificate chain fails", () => {
    const root = JSON.parse(readFileSync(join(HERE, "trusted-root.json"), "utf8"));
    root.certificateAuthorities = [];
    const r = verifyProvenance({
      ...base,
      integrity: INTEGRITY,
      repository: REPO,
      trust: toTrustMaterial(TrustedRoot.fromJSON(root)),
    });
    assert.equal(r.verified, false);
    assert.equal(r.failed?.check, "signature");
    const noLog = JSON.parse(readFileSync(join(HERE, "trusted-root.json"), "utf8"));
    noLog.tlogs = [];
    const r2 = verifyProvenance({
      ...base,
      integrity: INTEGRITY,
      trust: toTrustMaterial(TrustedRoot.fromJSON(noLog)),
    });
    assert.equal(r2.failed?.check, "signature");
  });

  test("subject and digest must be this artifact", () => {
    const wrongDigest = verifyProvenance({
      ...base,
      integrity: `sha512-${Buffer.alloc(64).toString("base64")}`,
    });
    assert.equal(wrongDigest.failed?.check, "digest");
    const wrongVersion = verifyProvenance({ ...base, version: "0.1.2", integrity: INTEGRITY });
    assert.equal(wrongVersion.failed?.check, "subject");
    const noIntegrity = verifyProvenance({ ...base });
    assert.equal(noIntegrity.verified, false);
    assert.equal(noIntegrity.failed?.check, "digest");
  });

  test("garbage is a bundle error, not an exception", () => {
    assert.equal(verifyProvenance({ ...base, bundle: { hello: 1 } }).failed?.check, "bundle");
    assert.equal(verifyProvenance({ ...base, bundle: null }).failed?.check, "bundle");
  });
});

describe("hasVerifiedProvenance (fake npm registry)", () => {
  let srv: FakeServer;
  before(async () => {
    srv = await startFakeServer((req, res) => {
      const self = `http://${req.headers.host}`;
      const dist = (att: string | undefined, integrity = INTEGRITY) => ({
        integrity,
        ...(att
          ? {
              attestations: {
                url: `${self}${att}`,
                provenance: { predicateType: "https://slsa.dev/provenance/v1" },
              },
            }
          : {}),
      });
      if (req.url === "/@playwright%2Fcli")
        sendJson(res, {
          name: "@playwright/cli",
          repository: { type: "git", url: `git+${REPO}.git` },
          time: {
            "0.1.0": "2026-01-01T00:00:00Z",
            "0.1.1": "2026-02-14T23:28:00Z",
            "0.1.2": "2026-03-01T00:00:00Z",
            "0.1.3": "2026-03-02T00:00:00Z",
          },
          versions: {
            "0.1.0": { version: "0.1.0", dist: dist(undefined) },
            "0.1.1": { version: "0.1.1", repository: { url: `git+${REPO}.git` }, dist: dist("/att/good") },
            "0.1.2": { version: "0.1.2", repository: { url: `git+${REPO}.git` }, dist: dist("/att/good") },
            "0.1.3": { version: "0.1.3", dist: dist("/att/broken") },
          },
        });
      else if (req.url === "/att/good")
        sendJson(res, {
          attestations: [
            { predicateType: "https://github.com/npm/attestation/tree/main/specs/publish/v0.1", bundle: {} },
            { predicateType: "https://slsa.dev/provenance/v1", bundle: BUNDLE },
          ],
        });
      else if (req.url === "/att/broken") sendJson(res, "{{{");
      else sendJson(res, {}, 404);
    });
  });
  after(() => srv.close());

  const ctx = () =>
    makeSignalContext({
      http: new HttpClient({ cacheDir: false, retries: 0 }),
      registries: { npm: { registry: `${srv.url}/`, scopes: {}, auth: new Map() }, pypi: {} },
    }).ctx;
  const pkg = (v: string) => makePackage({ ecosystem: "npm", name: "@playwright/cli", version: v });

  test("verified provenance is yes with the build facts as evidence", async () => {
    const r = await hasVerifiedProvenance.collect(pkg("0.1.1"), ctx());
    assert.equal(r.outcome, "yes", r.reason);
    assert.equal(r.evidence.slsaBuildLevel, 2);
    assert.equal(r.evidence.sourceRepository, REPO);
  });

  test("no attestation is no; a bundle for another version is an error with the failing check", async () => {
    assert.equal((await hasVerifiedProvenance.collect(pkg("0.1.0"), ctx())).outcome, "no");
    const wrong = await hasVerifiedProvenance.collect(pkg("0.1.2"), ctx());
    assert.equal(wrong.outcome, "error");
    assert.match(wrong.reason ?? "", /verification failed at subject/);
    const broken = await hasVerifiedProvenance.collect(pkg("0.1.3"), ctx());
    assert.equal(broken.outcome, "error");
    assert.match(broken.reason ?? "", /valid JSON/);
  });
});

describe("trusted root installation", () => {
  test("a root installed in the cache folder is used; broken roots are refused with the file named", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { runCli } = await import("../../../test/helpers/cli.ts");
    const { installedRootPath, loadTrustMaterial, trustMaterialFromFile } = await import("./verify.ts");
    const dir = mkdtempSync(join(tmpdir(), "intake-root-"));
    try {
      const ok = runCli(["signals", "trusted-root", join(HERE, "trusted-root.json"), "--cache-dir", dir]);
      assert.equal(ok.code, 0, ok.stderr);
      const trust = loadTrustMaterial(undefined, dir);
      assert.equal(verifyProvenance({ ...base, integrity: INTEGRITY, trust }).verified, true);
      // An installed root without the Sigstore CA makes the same bundle fail: the cache copy is really used.
      const root = JSON.parse(readFileSync(join(HERE, "trusted-root.json"), "utf8"));
      for (const ca of root.certificateAuthorities)
        ca.validFor = { start: "1999-01-01T00:00:00Z", end: "2000-01-01T00:00:00Z" };
      writeFileSync(installedRootPath(dir), JSON.stringify(root));
      const expired = verifyProvenance({
        ...base,
        integrity: INTEGRITY,
        trust: loadTrustMaterial(undefined, dir),
      });
      assert.equal(expired.failed?.check, "signature");
      const bad = join(dir, "bad.json");
      writeFileSync(bad, "{}");
      assert.throws(() => trustMaterialFromFile(bad), /lists no certificate authority/);
      const cli = runCli(["signals", "trusted-root", bad, "--cache-dir", dir]);
      assert.equal(cli.code, 2);
      assert.match(
        cli.stderr,
        /bad\.json: the trusted root lists no certificate authority \[config-invalid\]/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
