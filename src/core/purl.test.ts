import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { baseEcosystem, PURL_TYPE } from "./ecosystem.ts";
import { buildPurl, normalizeName } from "./package.ts";
import { canonicalPurl, identityFromPurl, parsePurl, splitPurl } from "./purl.ts";

describe("purl wrapper", () => {
  it("refuses purls with an empty name, type or scheme (packageurl-js accepts pkg:apk/alpine/@1.2)", () => {
    assert.throws(() => parsePurl("pkg:apk/alpine/@1.36.1-r27"), /name/);
    assert.throws(() => parsePurl("pkg:julia/@1.9.0"), /name/);
    assert.throws(() => parsePurl("pkg:///"), /type/);
    assert.throws(() => parsePurl("/"), /scheme/);
    assert.throws(() => parsePurl("pkg:pypi/"), /name/);
    assert.throws(() => parsePurl(""), /empty/);
  });

  it("splits by the spec's steps", () => {
    assert.deepEqual(splitPurl("pkg:npm/%40angular/core@1.0.0?b=2&a=1#lib/x"), {
      type: "npm",
      namespace: "@angular",
      name: "core",
      version: "1.0.0",
      qualifiers: { b: "2", a: "1" },
      subpath: "lib/x",
    });
    assert.deepEqual(splitPurl("pkg:brew/node@20@20.10.0"), {
      type: "brew",
      name: "node@20",
      version: "20.10.0",
    });
  });

  it("writes the canonical form: `+` encoded, `:` kept, qualifiers sorted", () => {
    assert.equal(
      canonicalPurl("pkg:deb/debian/attr@1:2.4.47-2+b1?distro=debian-12&arch=amd64"),
      "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=debian-12",
    );
    assert.equal(
      canonicalPurl("pkg:maven/g/a@1?repository_url=https://repo.example.com/x"),
      "pkg:maven/g/a@1?repository_url=https:%2F%2Frepo.example.com%2Fx",
    );
    assert.equal(canonicalPurl("pkg:PYPI/Django_Rest@3.0"), "pkg:pypi/django-rest@3.0");
  });

  it("maps purls to ecosystem names as the ecosystem spells them", () => {
    const id = (p: string) => {
      const x = identityFromPurl(p);
      return `${x.ecosystem} ${x.name} ${x.version ?? ""}`.trim();
    };
    assert.equal(
      id("pkg:maven/org.apache.commons/commons-lang3@3.4"),
      "Maven org.apache.commons:commons-lang3 3.4",
    );
    assert.equal(id("pkg:npm/%40types/node@20.1.0"), "npm @types/node 20.1.0");
    assert.equal(id("pkg:golang/golang.org/x/net@v0.17.0"), "Go golang.org/x/net v0.17.0");
    assert.equal(id("pkg:composer/laravel/framework@10.0.0"), "Packagist laravel/framework 10.0.0");
    assert.equal(id("pkg:cargo/serde@1.0.0"), "crates.io serde 1.0.0");
    assert.equal(id("pkg:deb/debian/curl@7.88.1-10?distro=debian-12"), "Debian:12 curl 7.88.1-10");
    assert.equal(id("pkg:deb/ubuntu/curl@7.81.0?distro=ubuntu-22.04"), "Ubuntu:22.04 curl 7.81.0");
    assert.equal(id("pkg:deb/ubuntu/pcre3@8.39?distro=focal"), "Ubuntu pcre3 8.39");
    assert.equal(id("pkg:apk/alpine/zlib@1.2.13-r0?distro=alpine-3.18.4"), "Alpine:v3.18 zlib 1.2.13-r0");
    assert.equal(id("pkg:gem/rails"), "RubyGems rails");
    assert.throws(() => identityFromPurl("pkg:generic/openssl@3"), /no known ecosystem/);
  });
});

describe("buildPurl round-trips through the parser", () => {
  const samples: Record<string, [string, string]> = {
    npm: ["@scope/pkg", "1.2.3-beta.1+build.5"],
    PyPI: ["Django_Rest.Framework", "3.14.0"],
    Go: ["github.com/stretchr/testify", "v1.8.4"],
    "crates.io": ["serde_json", "1.0.108+wasi"],
    Maven: ["com.fasterxml.jackson.core:jackson-databind", "2.13.2.1"],
    RubyGems: ["nokogiri", "1.15.4-x86_64-linux"],
    Packagist: ["guzzlehttp/guzzle", "7.8.0"],
    NuGet: ["Newtonsoft.Json", "13.0.3"],
    Pub: ["http", "1.1.0"],
    Hex: ["phoenix", "1.7.10"],
    CRAN: ["ggplot2", "3.4.4"],
    ConanCenter: ["zlib", "1.3"],
    Hackage: ["aeson", "2.2.1.0"],
    SwiftURL: ["github.com/apple/swift-nio", "2.62.0"],
    CocoaPods: ["AFNetworking", "4.0.1"],
    Julia: ["Example", "0.5.3"],
    opam: ["lwt", "5.7.0"],
    "GitHub Actions": ["actions/checkout", "v4"],
    "Debian:12": ["libssl3", "3.0.11-1~deb12u2"],
    "Ubuntu:22.04": ["openssl", "3.0.2-0ubuntu1.12"],
    "Alpine:v3.19": ["musl", "1.2.4_git20230717-r4"],
    "Red Hat": ["curl", "7.76.1-26.el9"],
  };
  for (const [ecosystem, [name, version]] of Object.entries(samples)) {
    it(`${ecosystem} ${name}@${version}`, () => {
      const purl = buildPurl(ecosystem, name, version);
      assert.ok(PURL_TYPE[baseEcosystem(ecosystem)!], ecosystem);
      const parsed = parsePurl(purl);
      assert.equal(canonicalPurl(purl), purl, "buildPurl writes the canonical form");
      assert.equal(parsed.version, version);
      const id = identityFromPurl(purl);
      assert.equal(id.ecosystem, ecosystem);
      assert.equal(id.name, ecosystem === "PyPI" ? normalizeName("PyPI", name) : name);
      assert.equal(id.version, version);
      assert.equal(id.purl, purl);
    });
  }
});
