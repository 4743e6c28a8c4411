import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  ids,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { readGemfileGroups, scopesForGroups } from "./gemfile-groups.ts";
import { gemfileLockParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("Gemfile.lock parser", () => {
  it("matches Gemfile.lock and gems.locked by name only", () => {
    assert.ok(parser.matches("/a/b/Gemfile.lock"));
    assert.ok(parser.matches("gems.locked"));
    assert.ok(!parser.matches("Gemfile"));
    assert.ok(!parser.matches("/a/Gemfile.lock.bak"));
  });

  it("reads one gem with its line, purl and direct flag", async () => {
    const out = await parseWith(parser, fx("one-gem.lock"));
    assert.equal(out.packages.length, 1);
    const ast = out.packages[0];
    assert.equal(ast.ecosystem, "RubyGems");
    assert.equal(ast.name, "ast");
    assert.equal(ast.version, "2.4.2");
    assert.equal(ast.purl, "pkg:gem/ast@2.4.2");
    assert.equal(ast.direct, true);
    assert.deepEqual(ast.scopes, ["prod"]);
    assert.deepEqual(ast.locations, [{ path: "one-gem.lock", line: 4 }]);
    assert.equal(ast.source, "registry");
    assert.equal(out.warnings, undefined);
  });

  it("records edges from the 6-space dependency lines and direct gems from DEPENDENCIES", async () => {
    const out = await parseWith(parser, fx("multiple-gems.lock"));
    assert.deepEqual(ids(out), [
      "bundler-audit@0.9.0.1",
      "coderay@1.1.3",
      "dotenv@2.7.6",
      "method_source@1.0.0",
      "pry@0.14.1",
      "thor@1.2.1",
    ]);
    const pry = pkg(out, "pry");
    assert.equal(pry.direct, true);
    assert.equal(pry.locations[0].line, 10);
    assert.deepEqual(pry.dependencies, ["pkg:gem/coderay@1.1.3", "pkg:gem/method_source@1.0.0"]);
    // bundler itself is not locked as a spec: the edge to it is dropped, thor is kept.
    assert.deepEqual(pkg(out, "bundler-audit").dependencies, ["pkg:gem/thor@1.2.1"]);
    assert.equal(pkg(out, "thor").direct, false);
    assert.equal(pkg(out, "coderay").direct, false);
    assert.equal(pkg(out, "dotenv").dependencies, undefined);
  });

  it("reads GIT sources with revision and branch; `!` marks a direct gem", async () => {
    const out = await parseWith(parser, fx("git-sources.lock"));
    assert.deepEqual(ids(out), [
      "concurrent-ruby@1.1.7",
      "hanami-controller@2.0.0.alpha1",
      "hanami-utils@2.0.0.alpha1",
      "rack@2.2.3",
      "transproc@1.1.1",
    ]);
    const utils = pkg(out, "hanami-utils");
    assert.equal(utils.direct, true);
    assert.equal(utils.source, "git");
    assert.equal(
      utils.resolved,
      "https://github.com/hanami/utils.git#5904fc9a70683b8749aa2861257d0c8c01eae4aa",
    );
    assert.equal(utils.meta?.revision, "5904fc9a70683b8749aa2861257d0c8c01eae4aa");
    assert.equal(utils.meta?.branch, "unstable");
    assert.equal(utils.locations[0].line, 15);
    const controller = pkg(out, "hanami-controller");
    assert.equal(controller.direct, false);
    assert.equal(controller.meta?.branch, "action-new");
    assert.deepEqual(controller.dependencies, ["pkg:gem/hanami-utils@2.0.0.alpha1", "pkg:gem/rack@2.2.3"]);
    assert.equal(pkg(out, "rack").source, "registry");
    assert.equal(pkg(out, "rack").locations[0].line, 23);
  });

  it("reads PATH sources and strips the platform from versions", async () => {
    const out = await parseWith(parser, fx("path-source-and-platform.lock"));
    assert.equal(out.packages.length, 30);
    const local = pkg(out, "backbone-on-rails", "1.2.0.0");
    assert.equal(local.source, "file");
    assert.equal(local.resolved, "vendor/gem/backbone-on-rails");
    assert.equal(local.direct, true);
    assert.equal(local.locations[0].line, 4);
    assert.deepEqual(local.dependencies, [
      "pkg:gem/eco@1.0.0",
      "pkg:gem/ejs@1.1.1",
      "pkg:gem/jquery-rails@4.4.0",
      "pkg:gem/railties@7.0.2.2",
    ]);
    const nokogiri = pkg(out, "nokogiri");
    assert.equal(nokogiri.version, "1.13.3");
    assert.equal(nokogiri.meta?.platforms, "x86_64-linux");
    assert.equal(nokogiri.locations[0].line, 58);
    assert.equal(pkg(out, "eco-source").version, "1.1.0.rc.1");
    // Two remotes in one GEM section: which one served a gem is not recorded, so none is claimed.
    assert.equal(pkg(out, "rack").meta?.remote, undefined);
  });

  it("merges platform variants into one package and attaches CHECKSUMS (gems.locked)", async () => {
    const out = await parseWith(parser, fx("platforms-and-checksums.gems.locked"));
    assert.deepEqual(ids(out), ["ffi@1.17.4", "mini_portile2@2.8.9", "nokogiri@1.18.9", "racc@1.8.1"]);
    const ffi = pkg(out, "ffi");
    assert.equal(ffi.meta?.platforms, "ruby,x86_64-linux-gnu");
    assert.equal(ffi.locations[0].line, 4);
    assert.equal(ffi.direct, true);
    // The generic gem's digest wins over the platform variant listed before it.
    assert.deepEqual(ffi.hashes, [
      { alg: "sha256", value: "bbbb000000000000000000000000000000000000000000000000000000000002" },
    ]);
    const nokogiri = pkg(out, "nokogiri");
    assert.equal(nokogiri.direct, true);
    assert.equal(nokogiri.meta?.platforms, "arm64-darwin");
    assert.equal(nokogiri.meta?.remote, "https://gems.example.test/");
    assert.deepEqual(nokogiri.dependencies, ["pkg:gem/racc@1.8.1"]);
    assert.equal(pkg(out, "racc").hashes, undefined);
    assert.equal(pkg(out, "mini_portile2").direct, false);
  });

  it("takes scopes from the Gemfile's groups and spreads them along the graph", async () => {
    const out = await parseWith(parser, fx("with-gemfile/Gemfile.lock"));
    const scopes = Object.fromEntries(out.packages.map((p) => [p.name, p.scopes.join(",")]));
    assert.deepEqual(scopes, {
      capybara: "test",
      debug: "dev,test",
      nokogiri: "test",
      puma: "prod",
      nio4r: "prod",
      racc: "dev,test",
      rack: "prod,dev,test",
      rails: "prod",
      "rspec-rails": "dev,test",
      rubocop: "dev",
    });
  });

  it("reads group blocks and inline groups from a Gemfile", () => {
    const groups = readGemfileGroups(
      [
        "gem 'a'",
        "group :development do",
        "  gem 'b' # comment",
        "end",
        'gem "c", groups: [:test, :ci]',
        "gem 'd', :group => :development",
        "group(:test) do",
        "  gem('e')",
        "end",
      ].join("\n"),
    );
    assert.deepEqual(Object.fromEntries(groups), {
      a: ["default"],
      b: ["development"],
      c: ["test", "ci"],
      d: ["development"],
      e: ["test"],
    });
    assert.deepEqual(scopesForGroups(["test", "development", "ci"]), ["prod", "dev", "test"]);
  });

  it("reads CRLF line endings the same way", async () => {
    const text = readFileSync(fx("git-sources.lock"), "utf8").replaceAll("\n", "\r\n");
    const out = await parseText(parser, text, "Gemfile.lock");
    assert.equal(out.packages.length, 5);
    assert.equal(pkg(out, "hanami-utils").meta?.branch, "unstable");
    assert.equal(pkg(out, "hanami-utils").direct, true);
    assert.equal(pkg(out, "rack").locations[0].line, 23);
    assert.deepEqual(pkg(out, "hanami-controller").dependencies, [
      "pkg:gem/hanami-utils@2.0.0.alpha1",
      "pkg:gem/rack@2.2.3",
    ]);
  });

  it("finds the GEM section wherever it is", async () => {
    const out = await parseWith(parser, fx("source-section-at-end.lock"));
    assert.deepEqual(ids(out), ["ast@2.4.2"]);
    assert.equal(out.packages[0].direct, true);
    assert.equal(out.packages[0].locations[0].line, 16);
  });

  it("returns no packages for a lockfile without gems", async () => {
    const out = await parseWith(parser, fx("no-gem-section.lock"));
    assert.deepEqual(out.packages, []);
  });

  it("skips a spec without a version with a warning", async () => {
    const out = await parseWith(parser, fx("spec-without-version.lock"));
    assert.deepEqual(out.packages, []);
    assert.equal(out.warnings?.length, 1);
    assert.equal(out.warnings?.[0].line, 4);
    assert.match(out.warnings?.[0].message ?? "", /invalid-name/);
  });

  it("rejects JSON as wrong-format, naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-a-lockfile.json")), "wrong-format", "not-a-lockfile.json");
  });

  it("rejects unresolved merge conflicts as malformed with the line", async () => {
    const e = await assertRejects(
      parseWith(parser, fx("merge-conflict.lock")),
      "malformed",
      "merge-conflict.lock",
    );
    assert.equal(e.line, 5);
  });

  it("conformance: every shared Bundler fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/ruby/gemfilelock"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/bundler"),
      ...sharedFiles("osv-scanner-testdata").filter((f) => parser.matches(f)),
      ...sharedFiles("large-lockfiles").filter((f) => parser.matches(f)),
    ];
    assert.ok(files.length >= 25, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.equal(r.parsed + r.rejected, files.length);
    assert.ok(r.parsed >= 25);
  });

  it("reads the large rubygems.org lockfile", { skip: SHARED_SKIP }, async () => {
    const [big] = sharedFiles("large-lockfiles/rubygems+rubygems.org");
    const out = await parseWith(parser, big);
    // 341 spec lines in GEM sections collapse to fewer packages (platform variants merged).
    assert.ok(out.packages.length > 250 && out.packages.length < 341, String(out.packages.length));
    const ffi = pkg(out, "ffi", "1.17.4");
    assert.match(String(ffi.meta?.platforms), /^ruby,aarch64-linux-gnu,/);
    assert.equal(pkg(out, "avo-advanced").direct, true);
    assert.equal(out.warnings, undefined);
  });
});
