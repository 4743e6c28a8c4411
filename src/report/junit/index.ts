import type { Decision, ScanResult } from "../../core/result.ts";
import { pkgLabel } from "../shared-text.ts";
import type { Reporter } from "../types.ts";

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function describe(d: Decision): string {
  return d.rules
    .map((h) => {
      const tag = h.waived ? `waived by ${h.waived.by} ${h.waived.ref}` : h.action;
      return `[${tag}] ${h.ruleId}: ${h.message}${h.evidence?.length ? ` (${h.evidence.join(", ")})` : ""}`;
    })
    .join("\n");
}

/**
 * JUnit XML for CI systems: one test suite per input file, one test case per package found in
 * it. A blocked package is a failure; warnings and waivers are written to the case's output;
 * an unreadable input is an error.
 */
export function renderJunit(result: ScanResult): string {
  const decisionByPurl = new Map(result.decisions.map((d) => [d.package.purl, d]));
  const bySource = new Map<string, typeof result.packages>();
  for (const s of result.sources) bySource.set(s.path, []);
  for (const p of result.packages) {
    const paths = p.locations.length ? [...new Set(p.locations.map((l) => l.path))] : ["(no location)"];
    for (const path of paths) {
      const list = bySource.get(path);
      if (list) list.push(p);
      else bySource.set(path, [p]);
    }
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const [path, packages] of bySource) {
    const source = result.sources.find((s) => s.path === path);
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    if (source?.status === "failed") {
      e++;
      cases.push(
        `    <testcase classname="${xml(path)}" name="read ${xml(path)}">\n` +
          `      <error type="${xml(source.error?.code ?? "unreadable")}" message="${xml(source.error?.message ?? "could not be read")}"/>\n` +
          "    </testcase>",
      );
    }
    for (const p of packages) {
      const d = decisionByPurl.get(p.purl);
      const name = `${pkgLabel(p)}`;
      let body = "";
      if (d?.action === "block") {
        f++;
        const msg = `${d.rules
          .filter((h) => h.action === "block" && !h.waived)
          .map((h) => h.ruleId)
          .join(", ")}${d.remedy ? ` — ${d.remedy}` : ""}`;
        body += `      <failure type="block" message="${xml(msg)}">${xml(describe(d))}</failure>\n`;
      } else if (d && d.rules.length > 0) {
        body += `      <system-out>${xml(`${d.action}${d.remedy ? ` — ${d.remedy}` : ""}\n${describe(d)}`)}</system-out>\n`;
      }
      cases.push(
        body
          ? `    <testcase classname="${xml(p.ecosystem)}" name="${xml(name)}">\n${body}    </testcase>`
          : `    <testcase classname="${xml(p.ecosystem)}" name="${xml(name)}"/>`,
      );
    }
    const n = cases.length;
    tests += n;
    failures += f;
    errors += e;
    suites.push(
      `  <testsuite name="${xml(path)}" tests="${n}" failures="${f}" errors="${e}" skipped="0">\n${cases.join("\n")}${cases.length ? "\n" : ""}  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="intake" tests="${tests}" failures="${failures}" errors="${errors}">\n` +
    `${suites.join("\n")}${suites.length ? "\n" : ""}</testsuites>\n`
  );
}

export const junitReporter: Reporter = {
  id: "junit",
  description: "JUnit XML for CI systems (a blocked package is a failing test)",
  extension: "xml",
  render(result) {
    return renderJunit(result);
  },
};
