import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import { runScan } from "../pipeline/scan.ts";
import { formatProblem, PolicyError } from "../policy/errors.ts";
import { explainPackages, packageSelector } from "../policy/explain.ts";
import { lintPolicy } from "../policy/lint.ts";
import { loadPolicy, loadWaiversFile, POLICY_FILE_NAME, PRESETS, WAIVERS_FILE_NAME } from "../policy/load.ts";
import { findPolicyTestFiles, runPolicyTestFile } from "../policy/policy-test.ts";
import { buildPolicySet } from "../policy/stage.ts";
import { starterPolicy } from "../policy/starter.ts";
import { makeStyle } from "../report/table/style.ts";
import { SIGNALS } from "../signals/registry.ts";
import { loadKnowledgeBase } from "../threats/kb.ts";
import { collect, useColor, writeOut } from "./common.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";

/** The nearest intake.policy.yaml in `dir` or a folder above it. */
function findPolicyFile(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    const f = join(d, POLICY_FILE_NAME);
    if (existsSync(f)) return f;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function show(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

function initCommand(): Command {
  return new Command("init")
    .description("write a commented starter intake.policy.yaml")
    .addOption(
      new Option("--preset <name>", "the preset it extends")
        .choices(PRESETS.filter((p) => p !== "default"))
        .default("standard"),
    )
    .option("-o, --output <file>", "where to write it", POLICY_FILE_NAME)
    .option("--force", "overwrite an existing file")
    .addHelpText(
      "after",
      `
Examples:
  intake policy init                      standard preset (S2C2F level 2)
  intake policy init --preset regulated   for a bank or government body
  intake policy init -o - --preset strict print instead of writing`,
    )
    .action(async (flags: { preset: string; output: string; force?: boolean }) => {
      const text = starterPolicy(flags.preset);
      if (flags.output === "-") return writeOut(text);
      if (existsSync(flags.output) && !flags.force)
        throw new UsageError("usage", `${flags.output} already exists (use --force to overwrite)`);
      await mkdir(dirname(resolve(flags.output)), { recursive: true });
      await writeFile(flags.output, text);
      process.stderr.write(
        `wrote ${flags.output} (extends ${flags.preset}); check it with 'intake policy validate'\n`,
      );
    });
}

function validateCommand(setExit: (c: ExitCode) => void): Command {
  return new Command("validate")
    .description(
      "check a policy file (and its extends, and intake.waivers.yaml beside it); errors name file:line:column",
    )
    .argument("[file]", "policy file (default: intake.policy.yaml here or in a folder above)")
    .addHelpText(
      "after",
      `
Examples:
  intake policy validate
  intake policy validate services/api/intake.policy.yaml

Exit codes: 0 valid, 2 invalid (every problem is listed as file:line:column: message).`,
    )
    .action(async (file: string | undefined) => {
      const path = file ?? findPolicyFile(".");
      if (!path)
        throw new UsageError(
          "config-not-found",
          `no ${POLICY_FILE_NAME} here or in a folder above (write one with 'intake policy init')`,
        );
      const problems: string[] = [];
      let summary = "";
      try {
        const p = loadPolicy(resolve(path), { display: show(resolve(path)) });
        summary = `${show(resolve(path))}: valid — ${p.rules.length} rules (${p.chain.join(" → ")}), ${p.waivers.length} waivers`;
        const lint = lintPolicy(p, {
          signalIds: new Set(SIGNALS.map((x) => x.definition.id)),
          threatIds: new Set(loadKnowledgeBase().threats.map((t) => t.id)),
        });
        for (const l of lint) process.stderr.write(`warning: ${l}\n`);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        problems.push(...e.problems.map(formatProblem));
      }
      const waivers = join(dirname(resolve(path)), WAIVERS_FILE_NAME);
      if (existsSync(waivers))
        try {
          const w = loadWaiversFile(waivers, show(waivers));
          summary += `\n${show(waivers)}: valid — ${w.length} waivers`;
        } catch (e) {
          if (!(e instanceof PolicyError)) throw e;
          problems.push(...e.problems.map(formatProblem));
        }
      if (problems.length) {
        process.stderr.write(`${problems.join("\n")}\n`);
        setExit(EXIT.USAGE);
        return;
      }
      await writeOut(`${summary}\n`);
    });
}

interface ExplainFlags {
  policy?: string;
  vex?: string[];
  offline?: boolean;
  color?: boolean;
  json?: boolean;
}

function explainCommand(setExit: (c: ExitCode) => void): Command {
  return new Command("explain")
    .description("show which rules fire for a package, and why (the CEL context it was judged on)")
    .argument("<package>", "name, name@version, or purl")
    .argument("[paths...]", "what to scan for it (default: the current folder)", ["."])
    .option("--policy <file>", "policy file or preset (default: discovered as for scan)")
    .option("--vex <file>", "VEX document (repeatable)", collect, [])
    .option("--offline", "never touch the network")
    .option("--json", "print the explanation as JSON")
    .option("--no-color", "never colour the output")
    .addHelpText(
      "after",
      `
Examples:
  intake policy explain lodash
  intake policy explain lodash@4.17.20 web/package-lock.json
  intake policy explain pkg:pypi/requests --policy strict`,
    )
    .action(async (spec: string, paths: string[], flags: ExplainFlags) => {
      const result = await runScan(paths, {
        offline: flags.offline,
        policy: { file: flags.policy, vex: flags.vex },
      });
      const set = buildPolicySet(
        result.targets,
        result.sources.map((s) => s.path),
        { file: flags.policy },
      );
      const explained = explainPackages(set, result, packageSelector(spec), new Date());
      if (explained.length === 0) {
        process.stderr.write(`intake: no package matching '${spec}' in ${paths.join(", ")}\n`);
        setExit(EXIT.USAGE);
        return;
      }
      if (flags.json) return writeOut(`${JSON.stringify(explained, null, 2)}\n`);
      const s = makeStyle(useColor({ format: "table", color: flags.color }, false));
      const out: string[] = [`policy: ${result.policy?.source ?? "default"}`];
      for (const e of explained) {
        const p = e.package;
        out.push(
          "",
          s.bold(
            `${p.name}@${p.version} (${p.ecosystem})  →  ${e.decision.action.toUpperCase()}${e.decision.remedy ? `, ${e.decision.remedy}` : ""}`,
          ),
        );
        out.push(
          s.dim(
            `  found in ${p.locations.map((l) => (l.line ? `${l.path}:${l.line}` : l.path)).join(", ") || "(no location)"}`,
          ),
        );
        out.push(
          s.dim(
            `  context: ${JSON.stringify({ pkg: e.context.pkg, vulns: e.context.vulns.map((v) => `${v.id} ${v.severity}${v.hasFix ? " fix" : ""}`), malicious: e.context.malicious, signals: e.context.signals, license: e.context.license, scorecard: e.context.scorecard })}`,
          ),
        );
        for (const f of result.findings.filter((x) => x.package.purl === p.purl && x.suppressed)) {
          const sup = f.suppressed;
          if (sup)
            out.push(
              s.dim(
                `  suppressed ${f.id} by ${sup.by} ${sup.ref}: ${sup.justification ? `${sup.justification}; ` : ""}${sup.reason}`,
              ),
            );
        }
        for (const r of e.rules) {
          const mark =
            r.status === "fires"
              ? r.hit?.waived
                ? s.dim(`waived (${r.hit.waived.by} ${r.hit.waived.ref})`)
                : r.hit?.action === "block"
                  ? s.red("BLOCK")
                  : s.yellow(r.hit?.action ?? "")
              : r.status === "no match"
                ? s.green("pass")
                : s.yellow(r.status);
          out.push(`  ${mark.padEnd(5)} ${r.ruleId} ${s.dim(`(${r.origin})`)}`);
          out.push(s.dim(`        when ${r.when.replace(/\s+/g, " ")}`));
          if (r.hit?.evidence?.length) out.push(s.dim(`        evidence ${r.hit.evidence.join(", ")}`));
          if (r.detail) out.push(s.dim(`        ${r.detail}`));
        }
      }
      await writeOut(`${out.join("\n")}\n`);
    });
}

function testCommand(setExit: (c: ExitCode) => void): Command {
  return new Command("test")
    .description("policy as code: run the fixtures in policy-tests/*.yaml and check the expected decisions")
    .argument("[dir]", "folder of test files", "policy-tests")
    .option("--policy <file>", "policy file or preset (default: intake.policy.yaml beside or above DIR)")
    .addHelpText(
      "after",
      `
A test file:
  now: 2026-06-01            # optional: the date waivers are judged on
  cases:
    - name: fixable high vulnerability blocks
      package: { name: lodash, version: 4.17.20 }
      findings: [{ id: GHSA-35jh-r3h4-6jhm, severity: high, fixed: [4.17.21] }]
      signals: { hasInstallScript: "no" }
      expect: { action: block, rules: { fixable-critical-or-high: block, other-vulnerability: none } }

Examples:
  intake policy test
  intake policy test policy-tests --policy intake.policy.yaml

Exit codes: 0 every case passed, 1 a case failed, 2 an invalid policy or test file.`,
    )
    .action(async (dir: string, flags: { policy?: string }) => {
      const policyFile = flags.policy ?? findPolicyFile(resolve(dir, ".."));
      if (!policyFile)
        throw new UsageError(
          "config-not-found",
          `no ${POLICY_FILE_NAME} beside or above ${dir} (use --policy)`,
        );
      const root = existsSync(policyFile)
        ? loadPolicy(resolve(policyFile), { display: show(resolve(policyFile)) })
        : loadPolicy(policyFile);
      const set = { root, nested: [], cwd: process.cwd() };
      const files = findPolicyTestFiles(dir);
      if (files.length === 0) throw new UsageError("usage", `no *.yaml test files in ${dir}`);
      const s = makeStyle(useColor({ format: "table" }, false));
      const out: string[] = [];
      let passed = 0;
      let failed = 0;
      for (const f of files)
        for (const r of runPolicyTestFile(set, f, show(f))) {
          if (r.passed) passed++;
          else failed++;
          out.push(`${r.passed ? s.green("✓") : s.red("✗")} ${r.file}: ${r.name}`);
          for (const m of r.failures) out.push(s.red(`    ${m}`));
        }
      out.push("", `${passed} passed, ${failed} failed (policy ${root.source})`);
      await writeOut(`${out.join("\n")}\n`);
      if (failed > 0) setExit(EXIT.POLICY_FAILURE);
    });
}

export function policyCommand(setExit: (code: ExitCode) => void): Command {
  const cmd = new Command("policy").description("write, check, explain and test the consumption policy");
  cmd.addCommand(initCommand());
  cmd.addCommand(validateCommand(setExit));
  cmd.addCommand(explainCommand(setExit));
  cmd.addCommand(testCommand(setExit));
  cmd.addHelpText(
    "after",
    `
Examples:
  intake policy init --preset small-team   write a starter intake.policy.yaml
  intake policy validate                   errors name file:line:column
  intake policy explain lodash             which rules fire for lodash, and why
  intake policy test                       run policy-tests/*.yaml

Docs: docs/policy.md`,
  );
  return cmd;
}
