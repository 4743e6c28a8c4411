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
import { pomXmlParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("pom.xml parser", () => {
  it("matches pom.xml only", () => {
    assert.ok(parser.matches("svc/pom.xml"));
    assert.ok(!parser.matches("svc/pom.xml.orig"));
  });

  it("resolves nested properties, project and parent coordinates, managed versions and scopes", async () => {
    const out = await parseWith(parser, fx("scopes-and-properties.xml"));
    assert.deepEqual(ids(out), [
      "com.fasterxml.jackson.core:jackson-databind@2.15.3",
      "jakarta.servlet:jakarta.servlet-api@6.0.0",
      "org.acme:acme-core@7.1.0",
      "org.acme:acme-natives@1.0.0",
      "org.acme:looping@",
      "org.junit.jupiter:junit-jupiter@5.10.1",
      "org.slf4j:slf4j-api@2.0.9",
      "org.yaml:snakeyaml@2.2",
    ]);
    const jackson = pkg(out, "com.fasterxml.jackson.core:jackson-databind");
    assert.equal(jackson.ecosystem, "Maven");
    assert.equal(jackson.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.3");
    assert.equal(jackson.direct, true);
    assert.deepEqual(jackson.scopes, ["prod"]);
    assert.deepEqual(jackson.locations, [{ path: "scopes-and-properties.xml", line: 33 }]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Maven property reference, not a template
    assert.equal(jackson.meta?.versionAsWritten, "${jackson.version}");

    const core = pkg(out, "org.acme:acme-core");
    assert.deepEqual(core.scopes, ["prod"]);
    assert.equal(core.meta?.scope, "runtime");
    assert.equal(core.locations[0].line, 38);

    const slf4j = pkg(out, "org.slf4j:slf4j-api");
    assert.equal(slf4j.meta?.versionFrom, "dependencyManagement");
    assert.equal(slf4j.locations[0].line, 44);

    assert.deepEqual(pkg(out, "jakarta.servlet:jakarta.servlet-api").scopes, ["build"]);
    assert.deepEqual(pkg(out, "org.junit.jupiter:junit-jupiter").scopes, ["test"]);
    assert.equal(pkg(out, "org.junit.jupiter:junit-jupiter").locations[0].line, 54);

    const natives = pkg(out, "org.acme:acme-natives");
    assert.deepEqual(natives.scopes, ["prod", "optional"]);
    assert.equal(natives.purl, "pkg:maven/org.acme/acme-natives@1.0.0?classifier=linux-x86_64");
    assert.equal(natives.locations[0].line, 60);

    // A property cycle cannot be resolved: version "" and a warning on the dependency's line.
    const looping = pkg(out, "org.acme:looping");
    assert.equal(looping.version, "");
    assert.equal(looping.locations[0].line, 72);
    assert.deepEqual(
      out.warnings?.map((w) => [w.code, w.line]),
      [["unresolved-property", 72]],
    );
    // `[2.2]` is an exact requirement, not a range: no warning, version 2.2.
    const snake = pkg(out, "org.yaml:snakeyaml");
    assert.equal(snake.meta?.versionAsWritten, "[2.2]");
    assert.equal(snake.locations[0].line, 67);
    // The imported BOM is a managed entry, not a consumed package.
    assert.ok(!out.packages.some((p) => p.name === "org.acme:acme-bom"));
  });

  it("fills versions from dependencyManagement, inherits from the local parent, warns for the rest", async () => {
    const out = await parseWith(parser, fx("with-parent.xml"));
    assert.deepEqual(ids(out), [
      "org.alice:alice@1.0.0",
      "org.bob:bob@2.0.0",
      "org.chuck:chuck@3.0.0",
      "org.dave:dave@4.0.0",
      "org.frank:frank@",
    ]);
    assert.equal(pkg(out, "org.chuck:chuck").locations[0].line, 28);
    assert.equal(pkg(out, "org.frank:frank").locations[0].line, 32);
    // Declared by ./parent/pom.xml (the <relativePath>): inherited, located in the parent file.
    const dave = pkg(out, "org.dave:dave");
    assert.equal(dave.direct, true);
    assert.match(dave.locations[0].path, /__fixtures__\/parent\/pom\.xml$/);
    assert.equal(dave.locations[0].line, 15);
    assert.equal(dave.meta?.inheritedFrom, dave.locations[0].path);
    assert.deepEqual(
      out.warnings?.map((w) => [w.code, w.line]),
      [["unresolved-version", 32]],
    );
  });

  it("uses the parent at ../pom.xml: its properties (the child's win), managed versions and dependencies", async () => {
    const out = await parseWith(parser, fx("inherit/app/pom.xml"));
    assert.deepEqual(ids(out), [
      "com.google.guava:guava@32.1.3-jre",
      "io.netty:netty-handler@4.1.100.Final",
      "org.apache.maven.plugins:maven-surefire-plugin@3.2.5",
      "org.slf4j:slf4j-api@2.0.12",
    ]);
    assert.equal(out.warnings, undefined);
    // Version from the parent's <pluginManagement>; maven-jar-plugin has no version here: left out.
    const surefire = pkg(out, "org.apache.maven.plugins:maven-surefire-plugin");
    assert.equal(surefire.meta?.versionFrom, "pluginManagement");
    assert.deepEqual(surefire.locations, [{ path: "pom.xml", line: 24 }]);
    const netty = pkg(out, "io.netty:netty-handler");
    assert.equal(netty.meta?.versionFrom, "dependencyManagement");
    assert.deepEqual(netty.locations, [{ path: "pom.xml", line: 12 }]);
    // The child redeclares slf4j-api: its own declaration wins, the parent's is not added.
    assert.equal(pkg(out, "org.slf4j:slf4j-api").locations[0].line, 16);
    const guava = pkg(out, "com.google.guava:guava");
    assert.match(guava.locations[0].path, /inherit\/pom\.xml$/);
    assert.equal(guava.locations[0].line, 25);
  });

  it("keeps a declared version over the managed one; managed-only entries are not packages", async () => {
    const out = await parseWith(parser, fx("with-dependency-management.xml"));
    assert.deepEqual(ids(out), ["io.netty:netty-all@4.1.9", "org.slf4j:slf4j-log4j12@1.7.25"]);
    assert.equal(pkg(out, "org.slf4j:slf4j-log4j12").locations[0].line, 12);
  });

  it("keeps version ranges as written with a warning", async () => {
    const out = await parseWith(parser, fx("interpolation.xml"));
    assert.deepEqual(ids(out), [
      "org.mine:my.package@2.3.4",
      "org.mine:mypackage@1.0.0",
      "org.mine:ranged-package@[9.4.35.v20201120,9.5)",
    ]);
    assert.deepEqual(
      out.warnings?.map((w) => [w.code, w.line]),
      [["version-range", 30]],
    );
  });

  it("maps compile to prod and test to test", async () => {
    const out = await parseWith(parser, fx("with-scope.xml"));
    assert.deepEqual(pkg(out, "abc:xyz").scopes, ["prod"]);
    assert.deepEqual(pkg(out, "junit:junit").scopes, ["test"]);
    assert.equal(pkg(out, "junit:junit").locations[0].line, 9);
  });

  it("lists plugin dependencies as build scope, each on its own line", async () => {
    const out = await parseWith(parser, fx("plugin-dependency.xml"));
    const both = out.packages.filter((p) => p.name === "com.example:hijack-lib");
    assert.equal(both.length, 2);
    const project = both.find((p) => p.scopes.includes("prod"));
    const plugin = both.find((p) => p.scopes.includes("build"));
    assert.equal(project?.locations[0].line, 27);
    assert.equal(plugin?.locations[0].line, 17);
    // The plugin itself runs in the build: a build-scope package on its <plugin> line.
    const compiler = pkg(out, "org.apache.maven.plugins:maven-compiler-plugin");
    assert.equal(compiler.version, "3.8.1");
    assert.deepEqual(compiler.scopes, ["build"]);
    assert.equal(compiler.meta?.kind, "plugin");
    assert.equal(compiler.locations[0].line, 12);
  });

  it("reads dependencies of profiles active by default", async () => {
    const out = await parseWith(parser, fx("profiles.xml"));
    assert.deepEqual(ids(out), ["org.profile:profile-dep@1.2.3"]);
    assert.equal(out.packages[0].meta?.profile, "my-profile");
    assert.equal(out.packages[0].locations[0].line, 15);
  });

  it("returns nothing for a pom without dependencies", async () => {
    assert.deepEqual((await parseWith(parser, fx("no-dependencies.xml"))).packages, []);
  });

  it("rejects bad input with typed errors naming the file", async () => {
    const e = await assertRejects(
      parseWith(parser, fx("invalid-syntax.xml")),
      "malformed",
      "invalid-syntax.xml",
    );
    assert.equal(e.line, 3);
    await assertRejects(parseWith(parser, fx("not-xml.txt")), "malformed", "not-xml.txt");
    await assertRejects(parseWith(parser, fx("truncated.xml")), "malformed", "truncated.xml");
    await assertRejects(parseWith(parser, fx("not-a-pom.xml")), "wrong-format", "not-a-pom.xml");
  });

  it("conformance: every shared pom fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/java/pomxml"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/maven"),
      ...sharedFiles("osv-scanner-testdata").filter((f) => parser.matches(f)),
    ];
    assert.ok(files.length >= 28, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.ok(r.parsed >= 22 && r.rejected >= 3, JSON.stringify(r));
  });
});
