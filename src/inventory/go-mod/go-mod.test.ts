import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  conformance,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { goSumParser, goVersionToSemver, goModParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const view = (p: {
  name: string;
  version: string;
  direct: boolean;
  locations: { path: string; line?: number }[];
}) =>
  `${p.name}@${p.version} direct=${p.direct} ${p.locations.map((l) => `${basename(l.path)}:${l.line}`).join(",")}`;

describe("go.mod", () => {
  it("matches go.mod only (go.sum is read beside it)", () => {
    assert.ok(parser.matches("svc/go.mod"));
    assert.ok(!parser.matches("svc/go.sum"));
    assert.ok(!parser.matches("x/other.mod"));
    assert.ok(!goSumParser.matches("go.sum"));
  });

  it("reads require blocks, quoted paths, // indirect, replace, go.sum hashes and the stdlib", async () => {
    const out = await parseWith(parser, fx("with-sum", "go.mod"));
    assert.deepEqual(out.packages.map(view), [
      "github.com/google/uuid@v1.6.0 direct=true go.mod:7",
      "golang.org/x/text@v0.14.0 direct=false go.mod:8",
      // a replace without an old version applies to every required version
      "golang.org/x/net@v0.22.0 direct=true go.mod:9,go.mod:20",
      "github.com/pkg/errors@v0.9.1 direct=false go.mod:12",
      "stdlib@1.22.1 direct=true go.mod:4",
    ]);
    const uuid = pkg(out, "github.com/google/uuid");
    assert.equal(uuid.ecosystem, "Go");
    assert.equal(uuid.purl, "pkg:golang/github.com/google/uuid@v1.6.0");
    assert.equal(uuid.integrity, "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=");
    // the hash follows the replacement version, not the required one
    assert.equal(pkg(out, "golang.org/x/net").integrity, "h1:9sGLhx7iRIHEiX0oAJ3MRZMUCElJgy7Br1nO+AMN3Tc=");
    assert.equal(pkg(out, "golang.org/x/net").meta?.replaces, "golang.org/x/net@v0.21.0");
    assert.deepEqual(pkg(out, "stdlib").meta, { stdlib: true, minimum: true, from: "go" });
    assert.equal(out.warnings, undefined);
  });

  it("reads separate require blocks for direct and indirect modules", async () => {
    const out = await parseWith(parser, fx("indirect-packages.mod"));
    assert.deepEqual(out.packages.map(view), [
      "github.com/BurntSushi/toml@v1.0.0 direct=true indirect-packages.mod:6",
      "gopkg.in/yaml.v2@v2.4.0 direct=true indirect-packages.mod:7",
      "github.com/mattn/go-colorable@v0.1.9 direct=false indirect-packages.mod:11",
      "github.com/mattn/go-isatty@v0.0.14 direct=false indirect-packages.mod:12",
      "golang.org/x/sys@v0.0.0-20210630005230-0f9fa26af87c direct=false indirect-packages.mod:13",
      "stdlib@1.17.0 direct=true indirect-packages.mod:3",
    ]);
  });

  it("before Go 1.17 adds the modules go.sum has full hashes for", async () => {
    const out = await parseWith(parser, fx("pre-1.17.mod"));
    assert.deepEqual(out.packages.map(view), [
      "github.com/sirupsen/logrus@v1.9.3 direct=true pre-1.17.mod:5",
      "github.com/davecgh/go-spew@v1.1.1 direct=false pre-1.17.sum:2",
      "github.com/pmezard/go-difflib@v1.0.0 direct=false pre-1.17.sum:4",
      "github.com/stretchr/testify@v1.7.0 direct=false pre-1.17.sum:9",
      "golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8 direct=false pre-1.17.sum:11",
      "gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c direct=false pre-1.17.sum:14",
      "stdlib@1.16.0 direct=true pre-1.17.mod:3",
    ]);
    // objx appears only as /go.mod in go.sum: not part of the build
    assert.ok(!out.packages.some((p) => p.name === "github.com/stretchr/objx"));
  });

  it("applies replace directives: per version, any version, local path", async () => {
    const versions = await parseWith(parser, fx("replace-versions.mod"));
    assert.deepEqual(versions.packages.map(view), [
      "example.com/fork/foe@v1.4.5 direct=true replace-versions.mod:2,replace-versions.mod:7",
      "example.com/fork/foe@v1.4.2 direct=true replace-versions.mod:3,replace-versions.mod:8",
    ]);
    const any = await parseWith(parser, fx("replace-any-version.mod"));
    assert.deepEqual(
      any.packages.map((p) => `${p.name}@${p.version} ${p.meta?.replaces}`),
      [
        "example.com/fork/net@v1.4.5 golang.org/x/net@v1.2.3",
        "example.com/fork/net@v1.4.5 golang.org/x/net@v0.5.6",
      ],
    );
    const local = await parseWith(parser, fx("replace-local.mod"));
    const net = pkg(local, "golang.org/x/net");
    assert.equal(net.version, "v1.2.3");
    assert.equal(net.source, "file");
    assert.equal(net.resolved, "./fork/net");
    assert.equal(pkg(local, "github.com/BurntSushi/toml").source, "registry");
  });

  it("takes the stdlib version from toolchain, dropping a custom suffix", async () => {
    const out = await parseWith(parser, fx("toolchain-with-suffix.mod"));
    assert.equal(view(pkg(out, "stdlib")), "stdlib@1.23.6 direct=true toolchain-with-suffix.mod:5");
    assert.equal(goVersionToSemver("1.21rc2"), "1.21.0-rc.2");
    assert.equal(goVersionToSemver("1.22"), "1.22.0");
    assert.equal(goVersionToSemver("go1.23.6-xyz"), "1.23.6");
    assert.equal(goVersionToSemver("banana"), undefined);
    const dflt = await parseText(parser, "module x\ngo 1.21\ntoolchain default\n", "go.mod");
    assert.equal(view(pkg(dflt, "stdlib")), "stdlib@1.21.0 direct=true go.mod:2");
    assert.equal(dflt.warnings, undefined);
  });

  it("rejects bad input with a typed error naming the file", async () => {
    await assertRejects(parseWith(parser, fx("not-go-mod.mod")), "wrong-format", "not-go-mod.mod");
    const e = await assertRejects(
      parseText(parser, "module x\n\nrequire (\n\ta v1.0.0\n", "go.mod"),
      "malformed",
      "go.mod",
    );
    assert.equal(e.line, 3);
    const odd = await parseText(parser, "module x\nfrobnicate y\nrequire a v1.0.0\n", "go.mod");
    assert.deepEqual(odd.warnings, [
      { code: "unknown-directive", message: "unknown directive 'frobnicate' ignored", line: 2 },
    ]);
  });

  it("go.sum alone (explicit format) lists the highest hashed version of each module", async () => {
    const out = await parseWith(goSumParser, fx("pre-1.17.sum"));
    assert.equal(out.packages.length, 6);
    assert.equal(pkg(out, "github.com/sirupsen/logrus").version, "v1.9.3");
    await assertRejects(parseText(goSumParser, "not a sum file\n", "go.sum"), "wrong-format", "go.sum");
  });

  it("conformance on ../shared/data", { skip: SHARED_SKIP }, async () => {
    const files = [
      ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/golang/gomod/testdata"),
      ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/go"),
    ].filter((f) => !f.endsWith(".sum"));
    // conformance() requires every location to name the input; go.sum-derived ones name go.sum,
    // so those two fixtures are checked above instead.
    const r = await conformance(
      parser,
      files.filter((f) => !f.endsWith("indirect-1.16.mod")),
    );
    assert.equal(r.parsed + r.rejected, files.length - 1);
    assert.ok(r.parsed >= 20, JSON.stringify(r));
  });
});
