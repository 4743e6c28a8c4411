import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalPurl, formatPurlParts, parsePurl, partsOf, purlFromParts } from "../../src/core/purl.ts";
import { sharedPath, skipUnlessShared } from "../helpers/shared-data.ts";
import { loadPurlCases, type PurlCase, type PurlComponents } from "./purl-cases.ts";

/**
 * purl-spec conformance of src/core/purl.ts (packageurl-js behind a thin wrapper): every parse,
 * build and round-trip case in tests/spec, tests/types and the legacy single-file suite.
 * Cases where Intake knowingly differs are listed below with the reason; a listed case that
 * starts passing fails the test, so the list cannot go stale.
 */

const LEGACY_CPAN =
  "legacy suite, superseded: it took cpan names as module names (URI::PackageURL); types/cpan now requires distribution names";
const UPPER_KEYS =
  "upper-case qualifier keys are accepted and lower-cased, as types/maven#8 and the legacy suite expect; this case expects a refusal";
const JULIA_UUID =
  "julia purls without a uuid qualifier are accepted: SBOMs and buildPurl write them, and refusing them would drop real packages";
const LEGACY_ENCODING =
  "legacy suite, superseded: it leaves '/' unencoded in qualifier values; the current suite encodes it (%2F)";
const LEGACY_DOTS =
  "legacy suite, superseded: it keeps percent-encoded '.'/'..' subpath segments, which packageurl-js drops";
const LEGACY_HF = "legacy suite, superseded: huggingface purls now require a namespace (types/huggingface)";

export const KNOWN_DEVIATIONS: Record<string, string> = {
  "legacy#49 (parse)": LEGACY_CPAN,
  "legacy#49 (roundtrip)": LEGACY_CPAN,
  "legacy#49 (build)": LEGACY_CPAN,
  "legacy#50 (parse)": LEGACY_CPAN,
  "types/julia#12": JULIA_UUID,
  "types/gem#1": UPPER_KEYS,
  "types/rpm#1": UPPER_KEYS,
  "legacy#4 (parse)": LEGACY_DOTS,
  "legacy#5 (parse)": LEGACY_DOTS,
  "legacy#11 (roundtrip)": LEGACY_ENCODING,
  "legacy#11 (build)": LEGACY_ENCODING,
  "legacy#12 (roundtrip)": LEGACY_ENCODING,
  "legacy#12 (build)": LEGACY_ENCODING,
  "legacy#41 (parse)": LEGACY_HF,
  "legacy#41 (roundtrip)": LEGACY_HF,
  "legacy#41 (build)": LEGACY_HF,
  "legacy#42 (roundtrip)": LEGACY_ENCODING,
  "legacy#42 (build)": LEGACY_ENCODING,
  "legacy#44 (roundtrip)": LEGACY_ENCODING,
  "legacy#44 (build)": LEGACY_ENCODING,
  "legacy#45 (roundtrip)": LEGACY_ENCODING,
  "legacy#45 (build)": LEGACY_ENCODING,
  "legacy#46 (roundtrip)": LEGACY_ENCODING,
  "legacy#46 (build)": LEGACY_ENCODING,
};

function sortedQualifiers(q: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!q || Object.keys(q).length === 0) return null;
  return Object.fromEntries(Object.entries(q).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Run one case; returns undefined when it behaves as the suite expects, else what happened. */
function runCase(c: PurlCase): string | undefined {
  let got: unknown;
  try {
    if (c.kind === "parse") {
      const p = partsOf(parsePurl(c.input as string));
      got = {
        type: p.type,
        namespace: p.namespace ?? null,
        name: p.name,
        version: p.version ?? null,
        qualifiers: sortedQualifiers(p.qualifiers),
        subpath: p.subpath ?? null,
      };
      if (c.expectFailure) return `parsed to ${JSON.stringify(got)}, expected a failure`;
      const want = c.expected as PurlComponents;
      const expected = { ...want, qualifiers: sortedQualifiers(want.qualifiers) };
      return JSON.stringify(got) === JSON.stringify(expected)
        ? undefined
        : `parsed to ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
    }
    if (c.kind === "roundtrip") got = canonicalPurl(c.input as string);
    else {
      const i = c.input as PurlComponents;
      got = formatPurlParts(
        partsOf(
          purlFromParts({
            type: i.type ?? "",
            name: i.name ?? "",
            ...(i.namespace ? { namespace: i.namespace } : {}),
            ...(i.version ? { version: i.version } : {}),
            ...(i.qualifiers ? { qualifiers: i.qualifiers } : {}),
            ...(i.subpath ? { subpath: i.subpath } : {}),
          }),
        ),
      );
    }
    if (c.expectFailure) return `gave ${String(got)}, expected a failure`;
    return got === c.expected ? undefined : `gave ${String(got)}, expected ${String(c.expected)}`;
  } catch (e) {
    return c.expectFailure ? undefined : `threw ${e instanceof Error ? e.message : String(e)}`;
  }
}

describe("purl-spec conformance", skipUnlessShared("purl-spec"), () => {
  const root = sharedPath("purl-spec");
  if (!root) return;
  const cases = loadPurlCases(root);

  it("loads the suites (spec, types, legacy)", () => {
    assert.ok(cases.length > 700, `only ${cases.length} cases`);
    for (const kind of ["parse", "build", "roundtrip"] as const)
      assert.ok(cases.some((c) => c.kind === kind));
  });

  it("every known deviation names a case that exists", () => {
    const keys = new Set(cases.map((c) => c.key));
    for (const k of Object.keys(KNOWN_DEVIATIONS)) assert.ok(keys.has(k), `no case ${k}`);
  });

  for (const c of cases) {
    const known = KNOWN_DEVIATIONS[c.key];
    it(`${c.kind}: ${c.id}`, () => {
      const problem = runCase(c);
      if (known) {
        assert.ok(problem, `${c.key} now conforms: remove it from KNOWN_DEVIATIONS`);
        return;
      }
      assert.equal(problem, undefined, `${c.key}: ${problem}`);
    });
  }
});
