import assert from "node:assert/strict";
import { test } from "node:test";
import { baseEcosystem, ecosystemForPurlType } from "./ecosystem.ts";
import { buildPurl, normalizeName } from "./package.ts";

test("PyPI names are normalized per PEP 503", () => {
  assert.equal(normalizeName("PyPI", "Flask_SQLAlchemy"), "flask-sqlalchemy");
  assert.equal(normalizeName("PyPI", "zope.interface"), "zope-interface");
  assert.equal(normalizeName("PyPI", "a__-.b"), "a-b");
});

test("npm and Go names keep their case", () => {
  assert.equal(normalizeName("npm", "JSONStream"), "JSONStream");
  assert.equal(normalizeName("Go", "github.com/BurntSushi/toml"), "github.com/BurntSushi/toml");
});

test("purls are built per ecosystem", () => {
  assert.equal(buildPurl("npm", "@babel/core", "7.0.0"), "pkg:npm/%40babel/core@7.0.0");
  assert.equal(buildPurl("npm", "lodash", "4.17.21"), "pkg:npm/lodash@4.17.21");
  assert.equal(
    buildPurl("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
    "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
  );
  assert.equal(buildPurl("PyPI", "Django_Rest", "1.0"), "pkg:pypi/django-rest@1.0");
  assert.equal(buildPurl("Go", "github.com/foo/bar", "v1.2.3"), "pkg:golang/github.com/foo/bar@v1.2.3");
  assert.equal(buildPurl("crates.io", "serde", "1.0.0"), "pkg:cargo/serde@1.0.0");
  assert.equal(
    buildPurl("Debian:12", "openssl", "3.0.11-1"),
    "pkg:deb/debian/openssl@3.0.11-1?distro=debian-12",
  );
});

test("distribution ecosystems with a release map to their base", () => {
  assert.equal(baseEcosystem("Debian:12"), "Debian");
  assert.equal(baseEcosystem("Ubuntu:22.04:LTS"), "Ubuntu");
  assert.equal(baseEcosystem("NotAThing"), undefined);
  assert.equal(ecosystemForPurlType("cargo"), "crates.io");
  assert.equal(ecosystemForPurlType("deb", "ubuntu"), "Ubuntu");
});
