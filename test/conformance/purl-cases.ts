import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The purl-spec test cases (tests/spec, tests/types, legacy suite) as one flat list. */

export interface PurlComponents {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
}

export interface PurlCase {
  /** Short stable key: `types/npm#3`, `spec#12`, `legacy#11 (roundtrip)`. */
  key: string;
  id: string;
  kind: "parse" | "build" | "roundtrip";
  /** The purl string (parse, roundtrip) or the components (build). */
  input: string | PurlComponents;
  /** Components (parse), canonical string (build, roundtrip); null when failure is expected. */
  expected: PurlComponents | string | null;
  expectFailure: boolean;
}

interface SpecTest {
  description: string;
  test_type: string;
  input: string | PurlComponents;
  expected_output: PurlComponents | string | null;
  expected_failure: boolean;
}

interface LegacyTest extends PurlComponents {
  description: string;
  purl: string;
  canonical_purl: string | null;
  is_invalid: boolean;
}

export function loadPurlCases(root: string): PurlCase[] {
  const out: PurlCase[] = [];
  const fromSpecFile = (file: string, label: string) => {
    const doc = JSON.parse(readFileSync(file, "utf8")) as { tests: SpecTest[] };
    doc.tests.forEach((t, i) => {
      const kind = t.test_type === "build" ? "build" : t.test_type === "parse" ? "parse" : "roundtrip";
      out.push({
        key: `${label}#${i}`,
        id: `${label}#${i} ${t.description}`,
        kind,
        input: t.input,
        expected: t.expected_output,
        expectFailure: t.expected_failure,
      });
    });
  };
  fromSpecFile(join(root, "tests", "spec", "specification-test.json"), "spec");
  for (const f of readdirSync(join(root, "tests", "types")).sort())
    if (f.endsWith("-test.json"))
      fromSpecFile(join(root, "tests", "types", f), `types/${f.replace(/-test\.json$/, "")}`);
  const legacy = JSON.parse(
    readFileSync(join(root, "legacy", "test-suite-data.json"), "utf8"),
  ) as LegacyTest[];
  legacy.forEach((t, i) => {
    const id = `legacy#${i} ${t.description}`;
    const components: PurlComponents = {
      type: t.type,
      namespace: t.namespace,
      name: t.name,
      version: t.version,
      qualifiers: t.qualifiers,
      subpath: t.subpath,
    };
    if (t.is_invalid) {
      out.push({
        key: `legacy#${i} (parse)`,
        id: `${id} (parse)`,
        kind: "parse",
        input: t.purl,
        expected: null,
        expectFailure: true,
      });
      return;
    }
    out.push({
      key: `legacy#${i} (parse)`,
      id: `${id} (parse)`,
      kind: "parse",
      input: t.purl,
      expected: components,
      expectFailure: false,
    });
    out.push({
      key: `legacy#${i} (roundtrip)`,
      id: `${id} (roundtrip)`,
      kind: "roundtrip",
      input: t.purl,
      expected: t.canonical_purl,
      expectFailure: false,
    });
    out.push({
      key: `legacy#${i} (build)`,
      id: `${id} (build)`,
      kind: "build",
      input: components,
      expected: t.canonical_purl,
      expectFailure: false,
    });
  });
  return out;
}
