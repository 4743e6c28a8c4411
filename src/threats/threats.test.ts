import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT, sharedPath, skipUnlessShared } from "../../test/helpers/shared-data.ts";
import type { Package } from "../core/package.ts";
import type { ScanResult } from "../core/result.ts";
import { SIGNALS } from "../signals/registry.ts";
import { answersTemplate, assessS2C2F } from "./assess.ts";
import { assessCoverage } from "./coverage.ts";
import { threatModelMarkdown } from "./docs.ts";
import {
  attackCounts,
  checkReferences,
  filterAttacks,
  type KnowledgeBase,
  loadKnowledgeBase,
  unmappedFrameworkIds,
} from "./kb.ts";
import { buildMatrix } from "./matrix.ts";
import { ThreatSchema } from "./schema.ts";

const kb = loadKnowledgeBase();

function scanWith(packages: Partial<Package>[], extra: Partial<ScanResult> = {}): ScanResult {
  return {
    schemaVersion: "1.0",
    tool: { name: "intake", version: "test" },
    generatedAt: "2026-01-01T00:00:00.000Z",
    targets: ["."],
    sources: [
      { path: "package-lock.json", format: "package-lock.json", status: "ok", packageCount: packages.length },
    ],
    packages: packages.map((p, i) => ({
      ecosystem: "npm",
      name: `p${i}`,
      version: "1.0.0",
      purl: `pkg:npm/p${i}@1.0.0`,
      normalizedName: `p${i}`,
      direct: true,
      scopes: ["prod"],
      locations: [],
      ...p,
    })) as Package[],
    findings: [],
    signals: [],
    decisions: [],
    notices: [],
    summary: {
      sources: { total: 1, ok: 1, partial: 0, failed: 0 },
      packages: packages.length,
      findings: {
        total: 0,
        suppressed: 0,
        bySeverity: { critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 },
        malicious: 0,
      },
    },
    ...extra,
  };
}

describe("knowledge base", () => {
  test("has 20-30 threats across every stage and at least 60 attacks", () => {
    assert.ok(kb.threats.length >= 20 && kb.threats.length <= 30, `${kb.threats.length} threats`);
    assert.ok(kb.attacks.length >= 60, `${kb.attacks.length} attacks`);
    for (const stage of ["choose", "ingest", "build", "run", "respond"])
      assert.ok(
        kb.threats.some((t) => t.stage === stage),
        `no threat for stage ${stage}`,
      );
  });

  test("has all 25 S2C2F requirements with levels, the SLSA categories and every Scorecard check", () => {
    assert.equal(kb.frameworks.s2c2f.length, 25);
    const levels = new Map(kb.frameworks.s2c2f.map((r) => [r.id, r.level]));
    assert.equal(levels.get("ING-1"), 1);
    assert.equal(levels.get("SCA-4"), 3);
    assert.equal(levels.get("AUD-4"), 4);
    assert.deepEqual(
      kb.frameworks.slsa.threats.map((t) => t.id),
      ["A", "B", "C", "D", "E", "F", "G", "H", "I", "Dependency", "Availability", "Verification"],
    );
    assert.equal(kb.frameworks.scorecard.length, 20);
  });

  test("the attacks named in the issue are present", () => {
    const names = kb.attacks.map((a) => a.id);
    for (const id of [
      "event-stream",
      "ua-parser-js",
      "coa-rc",
      "colors-faker",
      "node-ipc",
      "ctx",
      "dependency-confusion-research",
      "torchtriton",
      "solarwinds",
      "codecov",
      "log4shell",
      "xz-utils",
      "3cx",
      "polyfill-io",
      "tj-actions-changed-files",
      "chalk-debug-2025",
      "shai-hulud",
    ])
      assert.ok(names.includes(id), `missing attack ${id}`);
  });

  test("every reference resolves, including every signal id against the signal registry", () => {
    const signalIds = new Set(SIGNALS.map((s) => s.definition.id));
    assert.deepEqual(checkReferences(kb, signalIds), []);
  });

  test("every S2C2F requirement, SLSA category and Scorecard check is mapped or listed as unmapped", () => {
    assert.deepEqual(unmappedFrameworkIds(kb), []);
  });

  test("a broken reference is reported", () => {
    const broken: KnowledgeBase = {
      ...kb,
      threats: [{ ...kb.threats[0], s2c2f: ["XYZ-9"], scorecard: ["Not-A-Check"] }, ...kb.threats.slice(1)],
      attacks: [{ ...kb.attacks[0], threats: ["no-such-threat"] }, ...kb.attacks.slice(1)],
    };
    const problems = checkReferences(broken);
    assert.ok(problems.some((p) => p.includes("XYZ-9")));
    assert.ok(problems.some((p) => p.includes("Not-A-Check")));
    assert.ok(problems.some((p) => p.includes("no-such-threat")));
  });

  test("the schema rejects a threat without controls or with a bad stage", () => {
    const good = kb.threats[0];
    assert.equal(ThreatSchema.safeParse({ ...good, controls: [] }).success, false);
    assert.equal(ThreatSchema.safeParse({ ...good, stage: "deploy" }).success, false);
    assert.equal(ThreatSchema.safeParse(good).success, true);
  });

  test(
    "S2C2F ids and levels agree with the OSCAL catalogue in ../shared/data",
    skipUnlessShared("frameworks", "s2c2f_oscal.json"),
    () => {
      const doc = JSON.parse(readFileSync(sharedPath("frameworks", "s2c2f_oscal.json")!, "utf8"));
      const found = new Map<string, number>();
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === "object") {
          const o = x as {
            controls?:
              | { props?: { name: string; value: string }[] }[]
              | { props?: { name: string; value: string }[] };
          };
          // The catalogue holds a lone control as an object rather than a one-element list.
          const controls = Array.isArray(o.controls) ? o.controls : o.controls ? [o.controls] : [];
          for (const c of controls) {
            const props = new Map((c.props ?? []).map((p) => [p.name, p.value]));
            const label = props.get("label");
            if (label) found.set(label.toUpperCase(), Number(props.get("maturity-level")));
          }
          Object.values(x).forEach(walk);
        }
      };
      walk(doc);
      assert.equal(found.size, 25);
      for (const r of kb.frameworks.s2c2f) assert.equal(found.get(r.id), r.level, r.id);
    },
  );

  test(
    "Scorecard checks and risks agree with scorecard-checks.yaml in ../shared/data",
    skipUnlessShared("frameworks", "scorecard-checks.yaml"),
    () => {
      const doc = parseYaml(readFileSync(sharedPath("frameworks", "scorecard-checks.yaml")!, "utf8")) as {
        checks: Record<string, { risk: string }>;
      };
      const upstream = Object.entries(doc.checks).map(([id, c]) => [id, c.risk.toLowerCase()]);
      assert.deepEqual(kb.frameworks.scorecard.map((c) => [c.id, c.risk]).sort(), upstream.sort());
    },
  );

  test(
    "SAP attack-vector ids exist in the Risk Explorer data in ../shared/data",
    skipUnlessShared("frameworks", "sap-risk-explorer", "attackvectors.json"),
    () => {
      const vectors = JSON.parse(
        readFileSync(sharedPath("frameworks", "sap-risk-explorer", "attackvectors.json")!, "utf8"),
      ) as { avId: string }[];
      const ids = new Set(vectors.map((v) => v.avId));
      for (const t of kb.threats) for (const v of t.sap) assert.ok(ids.has(v), `${t.id}: ${v}`);
      for (const a of kb.attacks) for (const v of a.vectors) assert.ok(ids.has(v), `${a.id}: ${v}`);
    },
  );
});

describe("attacks filter and matrix", () => {
  test("filters by year, ecosystem and threat", () => {
    assert.ok(filterAttacks(kb, { year: 2021 }).every((a) => a.year === 2021));
    const npm = filterAttacks(kb, { ecosystem: "NPM", since: 2024 });
    assert.ok(npm.length > 0 && npm.every((a) => a.ecosystems.includes("npm") && a.year >= 2024));
    assert.ok(filterAttacks(kb, { threat: "dependency-confusion" }).some((a) => a.id === "torchtriton"));
    assert.equal(
      attackCounts(kb).get("dependency-confusion"),
      filterAttacks(kb, { threat: "dependency-confusion" }).length,
    );
  });

  test("the matrix lists every threat and the gaps", () => {
    const m = buildMatrix(kb);
    assert.equal(m.rows.length, kb.threats.length);
    assert.ok(m.gaps.slsa.includes("license-risk"));
    assert.ok(m.gaps.intake.every((id) => kb.threats.find((t) => t.id === id)!.intake.signals.length === 0));
  });
});

describe("coverage", () => {
  test("no policy and no scan: everything uncovered, next steps ranked", () => {
    const r = assessCoverage(kb, {});
    assert.equal(r.totals.uncovered, kb.threats.length);
    assert.ok(r.nextSteps.length > 0);
    for (let i = 1; i < r.nextSteps.length; i++) assert.ok(r.nextSteps[i - 1].score >= r.nextSteps[i].score);
    // Cheap controls for frequent, high-impact threats come first.
    assert.equal(r.nextSteps[0].cost, "low");
  });

  test("a blocking rule mitigates; a warning rule only detects", () => {
    const r = assessCoverage(kb, {
      policy: {
        source: "crafted",
        rules: [
          { id: "no-malware", action: "block", when: "malicious" },
          { id: "typos", action: "warn", when: "signals.isPossibleTyposquat == 'yes'" },
          { id: "tagged", action: "block", threats: ["license-risk"] },
        ],
      },
    });
    const status = new Map(r.threats.map((t) => [t.id, t.status]));
    assert.equal(status.get("malicious-package"), "mitigated");
    assert.equal(status.get("typosquatting"), "detected");
    assert.equal(status.get("license-risk"), "mitigated");
    assert.equal(status.get("dependency-confusion"), "uncovered");
    assert.ok(!r.nextSteps.some((n) => n.threat === "malicious-package"));
    assert.ok(r.nextSteps.some((n) => n.threat === "typosquatting"));
  });

  test("scan evidence without rules counts as detection", () => {
    const scan = scanWith([{}], {
      signals: [
        {
          id: "hasInstallScript",
          package: { ecosystem: "npm", name: "p0", version: "1.0.0", purl: "pkg:npm/p0@1.0.0" },
          outcome: "yes",
          evidence: {},
        },
      ],
    });
    const r = assessCoverage(kb, { scan });
    const status = new Map(r.threats.map((t) => [t.id, t.status]));
    assert.equal(status.get("install-script"), "detected");
    assert.equal(status.get("missing-inventory"), "detected");
    assert.equal(r.scan?.packages, 1);
  });
});

describe("S2C2F assessment", () => {
  test("with nothing known the level is 0 and level-1 requirements block", () => {
    const a = assessS2C2F(kb, {});
    assert.equal(a.level, 0);
    assert.deepEqual(
      a.nextLevelBlockers.map((b) => b.id).sort(),
      kb.frameworks.s2c2f
        .filter((r) => r.level === 1)
        .map((r) => r.id)
        .sort(),
    );
  });

  test("observed evidence plus answers reach level 1, and blockers name level 2", () => {
    const scan = scanWith([{ integrity: "sha512-x" }, { integrity: "sha512-y" }]);
    const a = assessS2C2F(kb, {
      scan,
      policy: {
        source: "p",
        rules: [
          { id: "v", action: "block", when: "vulns.exists(v, v.severity == 'critical')" },
          { id: "l", action: "warn", when: "license.category == 'network-copyleft'" },
        ],
      },
      answers: {
        "ING-1": { answer: "yes" },
        "ING-2": { answer: "yes", note: "Artifactory" },
        "UPD-1": { answer: "yes" },
      },
      archetype: { id: "small-team", targetLevel: 2 },
    });
    const req = new Map(a.requirements.map((r) => [r.id, r]));
    assert.equal(req.get("INV-1")?.basis, "observed");
    assert.equal(req.get("SCA-1")?.met, true);
    assert.equal(req.get("SCA-2")?.met, true);
    assert.equal(req.get("AUD-3")?.met, true);
    assert.equal(req.get("ING-2")?.basis, "answered");
    assert.equal(a.level, 1);
    assert.equal(a.targetLevel, 2);
    assert.ok(a.nextLevelBlockers.every((b) => b.level <= 2 && !b.met));
    assert.ok(a.nextLevelBlockers.some((b) => b.id === "INV-2"));
    assert.ok(!a.nextLevelBlockers.some((b) => b.id === "AUD-3"));
  });

  test("integrity below 95% is observed as not met", () => {
    const a = assessS2C2F(kb, { scan: scanWith([{ integrity: "sha512-x" }, {}]) });
    const aud3 = a.requirements.find((r) => r.id === "AUD-3")!;
    assert.equal(aud3.met, false);
    assert.match(aud3.evidence, /1 of 2/);
  });

  test("the answers template lists every requirement and parses back", () => {
    const doc = parseYaml(answersTemplate(kb)) as { answers: Record<string, { answer: string }> };
    assert.equal(Object.keys(doc.answers).length, 25);
  });
});

test("docs/threat-model.md is generated from the data and current (node scripts/gen-threat-model.ts)", () => {
  const committed = readFileSync(join(PROJECT_ROOT, "docs/threat-model.md"), "utf8");
  assert.equal(committed, threatModelMarkdown(kb));
});
