import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import {
  assertRejects,
  ids,
  inputFile,
  parseText,
  parseWith,
  pkg,
  sharedFiles,
} from "../../../test/helpers/inventory-fixtures.ts";
import { SHARED_SKIP } from "../../../test/helpers/shared-data.ts";
import { relativeReader } from "../read-input.ts";
import { InventoryError } from "../types.ts";
import { logicalLines, requirementsTxtParser as parser } from "./index.ts";

const fx = (...p: string[]) => join(import.meta.dirname, "__fixtures__", ...p);
const where = (p: { locations: { path: string; line?: number }[] }) =>
  p.locations.map((l) => `${basename(l.path)}:${l.line}`);

describe("requirements.txt", () => {
  it("matches requirements file names only", () => {
    for (const ok of [
      "requirements.txt",
      "a/requirements-dev.txt",
      "requirements_test.txt",
      "dev-requirements.txt",
      "requirements/base.txt",
    ])
      assert.ok(parser.matches(ok), ok);
    for (const no of [
      "requirements.in",
      "requirements/base.in",
      "notes.txt",
      "Pipfile.lock",
      "requirementstxt",
    ])
      assert.ok(!parser.matches(no), no);
  });

  it("reads pins, ===, hashes across continuation lines, extras, markers; ignores option lines", async () => {
    const out = await parseWith(parser, fx("pins-hashes-markers.txt"));
    assert.deepEqual(ids(out), [
      "Django@4.2.11",
      "Flask@",
      "certifi@2024.2.2",
      "requests@2.31.0",
      "zope.interface@6.2",
    ]);
    const certifi = pkg(out, "certifi");
    assert.deepEqual(where(certifi), ["pins-hashes-markers.txt:6"]);
    assert.deepEqual(certifi.hashes, [
      { alg: "sha256", value: "0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f" },
      { alg: "sha256", value: "dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1" },
    ]);
    assert.equal(certifi.direct, true);
    assert.deepEqual(certifi.scopes, ["prod"]);
    assert.equal(certifi.purl, "pkg:pypi/certifi@2024.2.2");
    assert.deepEqual(where(pkg(out, "Django")), ["pins-hashes-markers.txt:10"]);
    assert.equal(pkg(out, "Django").normalizedName, "django");
    const requests = pkg(out, "requests");
    assert.deepEqual(where(requests), ["pins-hashes-markers.txt:11"]);
    assert.equal(requests.meta?.marker, 'python_version >= "3.8"');
    assert.equal(requests.meta?.extras, "security,socks");
    assert.equal(pkg(out, "zope.interface").normalizedName, "zope-interface");
    assert.equal(pkg(out, "zope.interface").purl, "pkg:pypi/zope-interface@6.2");
    // Flask is unpinned: listed with version "" and a warning; the garbage line is a warning too.
    assert.deepEqual(where(pkg(out, "Flask")), ["pins-hashes-markers.txt:13"]);
    assert.deepEqual(
      out.warnings?.map((w) => `${w.code}:${w.line}`),
      ["unpinned:13", "invalid-requirement:14"],
    );
  });

  it("joins continuation lines like pip (comments stripped after joining)", async () => {
    const out = await parseWith(parser, fx("line-continuation.txt"));
    assert.deepEqual(
      out.packages.map((p) => `${p.name}@${p.version}:${p.locations[0].line}`),
      // `bar == 4.5\\` ends in backslashes, which pip strips before joining with `.6`.
      ["foo@1.2.3:2", "bar@4.5.6:9", "baz@7.8.9:13", "qux@10.11.12:17"],
    );
    assert.equal(out.warnings, undefined);
  });

  it("logicalLines keeps the first physical line number", () => {
    assert.deepEqual(logicalLines("a==1 \\\n  --hash=x:y\n# c \\\nb==2"), [
      { line: 1, text: "a==1   --hash=x:y" },
      { line: 3, text: " # c \\" },
      { line: 4, text: "b==2" },
    ]);
  });

  it("reads per-requirement options: --hash forms, and drops bad lines with a warning", async () => {
    const out = await parseWith(parser, fx("per-requirement-options.txt"));
    assert.deepEqual(ids(out), [
      "foo11@1.0",
      "foo12@1.0",
      "foo13@1.0",
      "foo14@1.0",
      "foo16-Client@1.0",
      "foo17--hash@1.0",
      "foo18-Client@1.0",
      "foo1@1.0",
      "foo2@1.0",
      "foo3@1.0",
      "foo4@1.0",
      "foo5@1.0",
      "foo6@1.0",
      "foo8@1.0",
      "foo9@1.0",
    ]);
    assert.deepEqual(pkg(out, "foo13").hashes, [{ alg: "sha256", value: "123" }]);
    assert.deepEqual(
      pkg(out, "foo9").hashes?.map((h) => h.value),
      ["123", "456"],
    );
    assert.deepEqual(where(pkg(out, "foo9")), ["per-requirement-options.txt:17"]);
    assert.equal(pkg(out, "foo11").hashes?.[0].value, "not_base16_encoded_is_ok_;#");
    assert.equal(pkg(out, "foo5").meta?.marker, 'python_version < "2.7"');
    assert.equal(pkg(out, "foo16-Client").normalizedName, "foo16-client");
    assert.deepEqual(
      out.warnings?.map((w) => `${w.code}:${w.line}`),
      [
        "invalid-hash:7",
        "invalid-requirement:13",
        "invalid-requirement:20",
        "invalid-hash:24",
        "invalid-requirement:30",
      ],
    );
  });

  it("reads direct references: URL with name, git with tag or commit, wheel paths; skips the project itself", async () => {
    const out = await parseWith(parser, fx("direct-urls.txt"));
    assert.deepEqual(ids(out), ["attrs@23.2.0", "black@", "click@8.1.7", "requests@", "urllib3@1.26.8"]);
    const urllib3 = pkg(out, "urllib3");
    assert.equal(urllib3.source, "url");
    assert.equal(urllib3.resolved, "https://files.example.invalid/packages/urllib3-1.26.8.tar.gz");
    assert.equal(pkg(out, "click").source, "git");
    const black = pkg(out, "black");
    assert.equal(black.meta?.editable, true);
    assert.equal(black.meta?.commit, "4b4ae43e8de4f8d8b6e8a3c19c1ad4d3b7b6d1a2");
    assert.equal(pkg(out, "requests").meta?.ref, "main");
    assert.equal(pkg(out, "attrs").source, "file");
    assert.deepEqual(where(pkg(out, "attrs")), ["direct-urls.txt:5"]);
    assert.deepEqual(
      out.warnings?.map((w) => `${w.code}:${w.line}`),
      ["unpinned:3", "unpinned:4", "unnamed-requirement:7"],
    );
  });

  it("follows -r includes: packages carry their own file's line; cycles and missing files are warnings", async () => {
    const dup = await parseWith(parser, fx("includes", "duplicate-r-dev.txt"));
    assert.deepEqual(
      dup.packages.map((p) => `${p.name}@${p.version} ${where(p).join(",")}`),
      [
        "django@0.1.0 duplicate-r-base.txt:1",
        "requests@1.2.3 duplicate-r-test.txt:3",
        "unittest@1.0.0 duplicate-r-test.txt:4",
        "pandas@0.23.4 duplicate-r-dev.txt:4",
        "requests@1.2.3 duplicate-r-dev.txt:5",
      ],
    );
    assert.equal(dup.warnings, undefined, "a file included twice is read once, silently");

    const cyclic = await parseWith(parser, fx("includes", "cyclic-r-complex-1.txt"));
    assert.deepEqual(ids(cyclic), ["cyclic-r-complex@1", "cyclic-r-complex@2", "cyclic-r-complex@3"]);
    assert.ok(cyclic.warnings?.every((w) => w.code === "include-cycle"));

    const missing = await parseWith(parser, fx("includes", "missing-include.txt"));
    assert.deepEqual(ids(missing), ["requests@1.2.3"]);
    assert.deepEqual(
      missing.warnings?.map((w) => `${w.code}:${w.line}`),
      ["include-missing:3"],
    );
  });

  it("lets -c constraints pin unpinned requirements", async () => {
    const out = await parseWith(parser, fx("constraints", "requirements.txt"));
    assert.deepEqual(ids(out), ["flask@3.0.2", "idna@3.6", "requests@"]);
    assert.deepEqual(where(pkg(out, "flask")), ["requirements.txt:2", "constraints.txt:1"]);
    assert.equal(pkg(out, "idna").meta?.constraint, true);
    assert.deepEqual(
      out.warnings?.map((w) => `${w.code}:${w.line}`),
      ["unpinned:3"],
    );
  });

  it("does not guess versions from environment variables", async () => {
    const out = await parseWith(parser, fx("env-var.txt"));
    assert.deepEqual(ids(out), ["another@1.0", "asdf@1.2", "qwert@"]);
    assert.equal(out.warnings?.[0].code, "unpinned");
  });

  it("keeps valid lines among invalid ones", async () => {
    const out = await parseWith(parser, fx("invalid-lines.txt"));
    assert.deepEqual(ids(out), ["urllib3@"]);
    // `-foo==1.0` is pip's `-f` (find-links) with the value `oo==1.0`: an option, not a warning.
    assert.deepEqual(
      out.warnings?.map((w) => `${w.code}:${w.line}`),
      ["invalid-requirement:1", "invalid-requirement:2", "invalid-requirement:3", "unpinned:4"],
    );
  });

  it("rejects a file with no requirement at all as wrong-format, naming the file", async () => {
    await assertRejects(
      parseWith(parser, fx("not-requirements.json")),
      "wrong-format",
      "not-requirements.json",
    );
    await assertRejects(
      parseText(parser, "<html>\n<body>\n", "requirements.txt"),
      "wrong-format",
      "requirements.txt",
    );
    // Comments only is a valid (empty) requirements file.
    assert.deepEqual((await parseText(parser, "# nothing\n")).packages, []);
  });

  describe("conformance on ../shared/data", { skip: SHARED_SKIP }, () => {
    it("every requirements fixture parses or fails with an InventoryError", async () => {
      const files = [
        ...sharedFiles("lockfiles-scalibr/extractor/filesystem/language/python/requirements/testdata"),
        ...sharedFiles("lockfiles-legacy/pkg/lockfile/fixtures/pip"),
      ];
      assert.ok(files.length >= 30, `found ${files.length} files`);
      let parsed = 0;
      for (const f of files) {
        const file = inputFile(f);
        try {
          const out = await parser.parse(file, { readRelative: relativeReader(file) });
          parsed++;
          for (const p of out.packages) {
            assert.ok(p.name && p.purl.startsWith("pkg:pypi/"), `${f}: ${p.name}`);
            assert.ok(p.locations[0].line && p.locations[0].line > 0, `${f}: line of ${p.name}`);
          }
        } catch (e) {
          assert.ok(e instanceof InventoryError, `${f}: ${String(e)}`);
          assert.equal(e.file, file.path);
        }
      }
      assert.ok(parsed >= 28, `parsed ${parsed} of ${files.length}`);
    });
  });
});
