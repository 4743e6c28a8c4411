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
import { declaredModules } from "./build-script.ts";
import { gradleLockfileParser as parser } from "./index.ts";

const fx = (name: string) => join(import.meta.dirname, "__fixtures__", name);

describe("gradle.lockfile parser", () => {
  it("matches gradle.lockfile, the buildscript lockfile and Gradle 6 dependency-locks", () => {
    assert.ok(parser.matches("app/gradle.lockfile"));
    assert.ok(parser.matches("buildscript-gradle.lockfile"));
    assert.ok(parser.matches("gradle/dependency-locks/compileClasspath.lockfile"));
    assert.ok(!parser.matches("app/other.lockfile"));
  });

  it("reads modules, configurations and lines", async () => {
    const out = await parseWith(parser, fx("five-packages.lockfile"));
    assert.deepEqual(ids(out), [
      "org.springframework.boot:spring-boot-autoconfigure@2.7.4",
      "org.springframework.boot:spring-boot-configuration-processor@2.7.5",
      "org.springframework.boot:spring-boot-devtools@2.7.6",
      "org.springframework.boot:spring-boot-starter-aop@2.7.7",
      "org.springframework.boot:spring-boot-starter-data-jpa@2.7.8",
    ]);
    const auto = pkg(out, "org.springframework.boot:spring-boot-autoconfigure");
    assert.equal(auto.ecosystem, "Maven");
    assert.equal(auto.purl, "pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4");
    assert.deepEqual(auto.locations, [{ path: "five-packages.lockfile", line: 5 }]);
    assert.deepEqual(auto.scopes, ["prod", "dev"]);
    assert.equal(auto.direct, false);
    assert.equal(
      auto.meta?.configurations,
      "compileClasspath,developmentOnly,productionRuntimeClasspath,runtimeClasspath",
    );
    assert.deepEqual(pkg(out, "org.springframework.boot:spring-boot-configuration-processor").scopes, [
      "prod",
      "build",
    ]);
    const devtools = pkg(out, "org.springframework.boot:spring-boot-devtools");
    assert.deepEqual(devtools.scopes, ["prod", "dev"]);
    assert.equal(devtools.locations[0].line, 7);
    assert.equal(pkg(out, "org.springframework.boot:spring-boot-starter-data-jpa").locations[0].line, 9);
  });

  it("maps test-only configurations to test and annotation processors to build", async () => {
    const out = await parseWith(parser, fx("test-and-build-configurations.lockfile"));
    assert.deepEqual(pkg(out, "junit:junit").scopes, ["test"]);
    assert.equal(pkg(out, "junit:junit").locations[0].line, 5);
    assert.deepEqual(pkg(out, "org.hamcrest:hamcrest-core").scopes, ["test"]);
    assert.deepEqual(pkg(out, "com.google.dagger:dagger-compiler").scopes, ["build"]);
    assert.deepEqual(pkg(out, "org.slf4j:slf4j-api").scopes, ["prod", "test"]);
    assert.equal(out.warnings, undefined);
  });

  it("marks the modules the build script beside it declares as direct", async () => {
    const out = await parseWith(parser, fx("with-build-script/gradle.lockfile"));
    const direct = out.packages.filter((p) => p.direct).map((p) => p.name);
    // dagger-compiler: string notation; junit: group/name notation; slf4j-api: catalog accessor.
    // hamcrest-core is only in a comment, guava only in the catalog: not direct.
    assert.deepEqual(direct.sort(), [
      "com.google.dagger:dagger-compiler",
      "junit:junit",
      "org.slf4j:slf4j-api",
    ]);
  });

  it("reads string, map and catalog notations from build scripts", () => {
    const declared = declaredModules(
      [
        "dependencies {",
        "  implementation 'a.b:c:1.0'",
        '  api("d.e:f")',
        "  implementation platform('g.h:bom:2.0')",
        '  compileOnly group: "i.j", name: "k", version: "1"',
        "  /* implementation 'x.y:z:1' */",
        "  runtimeOnly libs.my.lib",
        "}",
      ].join("\n"),
      '[libraries]\nmy-lib = { group = "l.m", name = "n" }\nunused = "o.p:q:1"\n',
    );
    for (const m of ["a.b:c", "d.e:f", "g.h:bom", "i.j:k", "l.m:n"]) assert.ok(declared.has(m), m);
    assert.ok(!declared.has("x.y:z"));
    assert.ok(!declared.has("o.p:q"));
  });

  it("skips unreadable lines with warnings and keeps the rest", async () => {
    const out = await parseWith(parser, fx("bad-lines.lockfile"));
    assert.deepEqual(ids(out), [
      "org.springframework.boot:spring-boot-autoconfigure@2.7.4",
      "org.springframework.boot:spring-boot-configuration-processor@2.7.5",
    ]);
    assert.equal(
      pkg(out, "org.springframework.boot:spring-boot-configuration-processor").locations[0].line,
      14,
    );
    assert.deepEqual(
      out.warnings?.map((w) => w.line),
      [3, 4, 9, 10],
    );
  });

  it("returns nothing for comments only; rejects other formats", async () => {
    assert.deepEqual((await parseWith(parser, fx("only-comments.lockfile"))).packages, []);
    await assertRejects(parseWith(parser, fx("json-given.lockfile")), "wrong-format", "json-given.lockfile");
  });

  it("conformance: every shared Gradle lockfile fixture parses or fails with an InventoryError", {
    skip: SHARED_SKIP,
  }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/java/gradlelockfile"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/gradle"),
    ];
    assert.ok(files.length >= 10, `found ${files.length} files`);
    const r = await conformance(parser, files);
    assert.equal(r.parsed, files.length);
  });
});
