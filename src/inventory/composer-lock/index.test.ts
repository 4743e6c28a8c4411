import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  ids,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { composerLockParser as parser, stripV } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("composer.lock parser", () => {
  it("matches composer.lock only", () => {
    assert.ok(parser.matches("app/composer.lock"));
    assert.ok(!parser.matches("app/composer.json"));
  });

  it("strips a leading v only before a digit", () => {
    assert.equal(stripV("v6.4.3"), "6.4.3");
    assert.equal(stripV("V1.0"), "1.0");
    assert.equal(stripV("dev-main"), "dev-main");
    assert.equal(stripV("v-weird"), "v-weird");
  });

  it("reads packages as prod and packages-dev as dev, with lines", async () => {
    const out = await parseWith(parser, fx("prod-and-dev.json"));
    assert.deepEqual(ids(out), ["sentry/sdk@2.0.4", "theseer/tokenizer@1.1.3"]);
    const sdk = pkg(out, "sentry/sdk");
    assert.equal(sdk.ecosystem, "Packagist");
    assert.deepEqual(sdk.scopes, ["prod"]);
    assert.equal(sdk.purl, "pkg:composer/sentry/sdk@2.0.4");
    assert.deepEqual(sdk.locations, [{ path: "prod-and-dev.json", line: 10 }]);
    assert.equal(sdk.source, "registry");
    assert.equal(sdk.meta?.reference, "4c115873c86ad5bd0ac6d962db70ca53bf8fb874");
    // An empty shasum is no hash.
    assert.equal(sdk.hashes, undefined);
    const tok = pkg(out, "theseer/tokenizer");
    assert.deepEqual(tok.scopes, ["dev"]);
    assert.equal(tok.locations[0].line, 43);
    // Neither requires the other: both are roots, hence direct.
    assert.equal(sdk.direct, true);
    assert.equal(tok.direct, true);
  });

  it("builds the graph, drops platform requirements and infers roots as direct", async () => {
    const out = await parseWith(parser, fx("drupal-graph.json"));
    assert.deepEqual(ids(out), [
      "drupal/core@10.4.5",
      "drupal/field_time@1.0.0-beta5",
      "drupal/tfa@2.0.0-alpha4",
      "theseer/tokenizer@1.1.3",
    ]);
    const tfa = pkg(out, "drupal/tfa");
    assert.deepEqual(tfa.dependencies, ["pkg:composer/drupal/core@10.4.5"]);
    assert.equal(tfa.locations[0].line, 174);
    assert.deepEqual(tfa.hashes, [{ alg: "sha1", value: "70b03b6c7868ced71ed0b3ca596ad83e76c2adc0" }]);
    assert.equal(tfa.direct, true);
    assert.equal(pkg(out, "drupal/core").direct, false);
    assert.equal(pkg(out, "drupal/core").dependencies, undefined);
    // Author entries also have "name" keys; the line must be the package's own.
    assert.equal(pkg(out, "theseer/tokenizer").locations[0].line, 261);
    const ft = pkg(out, "drupal/field_time");
    assert.equal(ft.locations[0].line, 299);
    assert.deepEqual(ft.scopes, ["dev"]);
  });

  it("takes direct packages from composer.json beside the lock", async () => {
    const out = await parseWith(parser, fx("with-manifest/composer.lock"));
    assert.deepEqual(ids(out), [
      "acme/from-vcs@1.0.0",
      "acme/local-lib@dev-main",
      "monolog/monolog@3.5.0",
      "phpunit/phpunit@10.5.9",
      "psr/log@3.0.0",
      "symfony/Yaml@6.4.3",
    ]);
    const direct = out.packages.filter((p) => p.direct).map((p) => p.name);
    assert.deepEqual(direct.sort(), ["monolog/monolog", "phpunit/phpunit"]);
    const monolog = pkg(out, "monolog/monolog");
    assert.equal(monolog.locations[0].line, 5);
    assert.deepEqual(monolog.hashes, [{ alg: "sha1", value: "abcdef0123456789abcdef0123456789abcdef01" }]);
    assert.deepEqual(monolog.dependencies, ["pkg:composer/psr/log@3.0.0"]);
    assert.equal(
      monolog.resolved,
      "https://api.github.com/repos/Seldaek/monolog/zipball/c915e2634718dbc8a4a15c61b0e62e7a44e14448",
    );
    const yaml = pkg(out, "symfony/Yaml");
    assert.equal(yaml.normalizedName, "symfony/yaml");
    assert.equal(yaml.purl, "pkg:composer/symfony/yaml@6.4.3");
    assert.equal(yaml.meta?.versionAsWritten, "v6.4.3");
    assert.equal(
      yaml.resolved,
      "https://github.com/symfony/yaml.git#d75715985f0f94f978e3a8fa42533e10db921b90",
    );
    assert.equal(yaml.locations[0].line, 36);
    const local = pkg(out, "acme/local-lib");
    assert.equal(local.source, "file");
    assert.equal(local.resolved, "../local-lib");
    assert.equal(pkg(out, "acme/from-vcs").source, "git");
    const phpunit = pkg(out, "phpunit/phpunit");
    assert.deepEqual(phpunit.scopes, ["dev"]);
    assert.equal(phpunit.locations[0].line, 66);
    assert.deepEqual(phpunit.dependencies, ["pkg:composer/symfony/yaml@6.4.3"]);
  });

  it("without composer.json, treats packages nothing requires as direct", async () => {
    const out = await parseWith(parser, fx("no-manifest.json"));
    const direct = out.packages.filter((p) => p.direct).map((p) => p.name);
    assert.deepEqual(direct.sort(), [
      "acme/from-vcs",
      "acme/local-lib",
      "monolog/monolog",
      "phpunit/phpunit",
    ]);
  });

  it("keeps duplicate names with different versions", async () => {
    const out = await parseWith(parser, fx("duplicate-packages.json"));
    assert.deepEqual(ids(out), ["sentry/sdk@2.0.4", "sentry/sdk@2.0.5", "sentry/sdk@3.0.0-dev"]);
    assert.deepEqual(pkg(out, "sentry/sdk", "3.0.0-dev").scopes, ["dev"]);
  });

  it("returns nothing for empty lists", async () => {
    assert.deepEqual((await parseWith(parser, fx("no-packages.json"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-json.txt")), "malformed", "not-json.txt");
    await assertRejects(parseWith(parser, fx("null.json")), "wrong-format", "null.json");
    await assertRejects(parseWith(parser, fx("composer-json-given.json")), "wrong-format");
    await assertRejects(parseWith(parser, fx("packages-not-a-list.json")), "malformed");
    await assertRejects(parseWith(parser, fx("truncated.json")), "malformed", "truncated.json");
  });

  it("conformance: every shared Composer fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/php/composerlock"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/composer"),
      ...sharedFiles("osv-scanner-testdata").filter((f) => parser.matches(f)),
      ...sharedFiles("large-lockfiles").filter((f) => parser.matches(f)),
    ];
    assert.ok(files.length >= 15, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 11 && r.rejected >= 3, JSON.stringify(r));
  });

  it("reads the large packagist lockfile (200 packages, v prefixes stripped)", {
    skip: SHARED_SKIP,
  }, async () => {
    const [big] = sharedFiles("large-lockfiles/composer+packagist");
    const out = await parseWith(parser, big);
    assert.equal(out.packages.length, 200);
    assert.equal(out.packages.filter((p) => p.scopes[0] === "dev").length, 45);
    assert.ok(out.packages.every((p) => !/^v\d/.test(p.version)));
    assert.ok(out.packages.every((p) => typeof p.locations[0].line === "number"));
  });
});
