import { existsSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import { answersTemplate, assessS2C2F, readAnswers } from "../threats/assess.ts";
import { loadKnowledgeBase } from "../threats/kb.ts";
import { loadPolicyForCoverage } from "../threats/policy-source.ts";
import { assessmentMarkdown, assessmentTable } from "../threats/render.ts";
import { type OutputFlags, useColor, writeOut } from "./common.ts";
import { readScanResult } from "./threats.ts";

interface AssessFlags extends OutputFlags {
  init?: boolean | string;
  answers?: string;
  scan?: string;
  policy?: string;
  archetype?: string;
  force?: boolean;
}

export function assessCommand(): Command {
  const cmd = new Command("assess")
    .description("S2C2F maturity assessment: what Intake can observe, plus your answers for the rest")
    .option("--init [file]", "write a questionnaire to answer (default intake.assessment.yaml) and exit")
    .option("--force", "with --init, overwrite an existing file")
    .option("--answers <file>", "your answers (default: intake.assessment.yaml when it exists)")
    .option("--scan <result.json>", "evidence from a scan (intake scan --format json -o result.json)")
    .option("--policy <file>", "your policy (default: intake.policy.yaml here, else Intake's default policy)")
    .option(
      "--archetype <id>",
      "compare with the target level of: individual, small-team, enterprise, regulated",
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .option("-o, --output <file>", "write to FILE instead of standard output")
    .option("--no-color", "never colour the output");
  cmd.addHelpText(
    "after",
    `
Examples:
  intake assess --init                              write intake.assessment.yaml to fill in
  intake scan . --format json -o result.json
  intake assess --scan result.json --policy intake.policy.yaml --archetype enterprise
  intake assess --scan result.json --format markdown -o s2c2f.md`,
  );
  cmd.action(async (flags: AssessFlags) => {
    const kb = loadKnowledgeBase();
    if (flags.init) {
      const file = typeof flags.init === "string" ? flags.init : "intake.assessment.yaml";
      if (existsSync(file) && !flags.force)
        throw new UsageError("usage", `${file} exists (use --force to overwrite)`);
      writeFileSync(file, answersTemplate(kb));
      process.stderr.write(
        `wrote ${file}: answer each requirement, then run intake assess --answers ${file}\n`,
      );
      return;
    }
    const answersFile =
      flags.answers ?? (existsSync("intake.assessment.yaml") ? "intake.assessment.yaml" : undefined);
    const answers = answersFile ? readAnswers(kb, answersFile) : undefined;
    const archetype = flags.archetype ? kb.archetypes.find((a) => a.id === flags.archetype) : undefined;
    if (flags.archetype && !archetype)
      throw new UsageError(
        "usage",
        `unknown archetype '${flags.archetype}' (${kb.archetypes.map((a) => a.id).join(", ")})`,
      );
    const result = assessS2C2F(kb, {
      scan: flags.scan ? readScanResult(flags.scan) : undefined,
      policy: await loadPolicyForCoverage(flags.policy),
      answers,
      archetype,
    });
    const text =
      flags.format === "json"
        ? `${JSON.stringify(result, null, 2)}\n`
        : flags.format === "markdown"
          ? assessmentMarkdown(result)
          : assessmentTable(result, useColor(flags, Boolean(flags.output)));
    await writeOut(text, flags.output);
  });
  return cmd;
}
