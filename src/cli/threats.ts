import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import type { ScanResult } from "../core/result.ts";
import { assessCoverage } from "../threats/coverage.ts";
import { filterAttacks, loadKnowledgeBase, threatById } from "../threats/kb.ts";
import { buildMatrix } from "../threats/matrix.ts";
import { loadPolicyForCoverage } from "../threats/policy-source.ts";
import {
  attacksTable,
  coverageMarkdown,
  coverageTable,
  matrixMarkdown,
  matrixTable,
  threatDetail,
  threatsTable,
} from "../threats/render.ts";
import { type OutputFlags, useColor, writeOut } from "./common.ts";

function formatOptions(cmd: Command, formats = ["table", "json", "markdown"]): Command {
  return cmd
    .addOption(new Option("-f, --format <format>", "output format").choices(formats).default("table"))
    .option("-o, --output <file>", "write to FILE instead of standard output")
    .option("--no-color", "never colour the output");
}

const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;

/** Read a scan result written by `intake scan --format json`, checking its shape at the boundary. */
export function readScanResult(path: string): ScanResult {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError("config-invalid", `cannot read scan result: ${(e as Error).message}`, {
      file: path,
    });
  }
  const r = doc as Partial<ScanResult>;
  if (!r || typeof r.schemaVersion !== "string" || !Array.isArray(r.packages) || !Array.isArray(r.sources))
    throw new UsageError(
      "config-invalid",
      "not an Intake scan result (write one with intake scan --format json)",
      {
        file: path,
      },
    );
  return { findings: [], signals: [], decisions: [], notices: [], targets: [], ...r } as ScanResult;
}

export function threatsCommand(): Command {
  const cmd = new Command("threats").description(
    "the consumer's threat model: threats, real attacks, and how SLSA, S2C2F, Scorecard and Intake cover them",
  );
  cmd.addHelpText(
    "after",
    `
Examples:
  intake threats list
  intake threats show account-takeover
  intake threats attacks --ecosystem npm --since 2021
  intake threats matrix --format markdown
  intake threats coverage --policy intake.policy.yaml --scan result.json`,
  );

  const list = formatOptions(
    new Command("list").description("list every threat with its stage, impact and attack count"),
  );
  list.action(async (flags: OutputFlags) => {
    const kb = loadKnowledgeBase();
    const text =
      flags.format === "json" ? json(kb.threats) : threatsTable(kb, useColor(flags, Boolean(flags.output)));
    await writeOut(text, flags.output);
  });

  const show = formatOptions(
    new Command("show")
      .description("one threat: description, examples, controls and Intake's checks")
      .argument("<id>"),
    ["table", "json"],
  );
  show.action(async (id: string, flags: OutputFlags) => {
    const kb = loadKnowledgeBase();
    const t = threatById(kb, id);
    if (!t) throw new UsageError("usage", `unknown threat '${id}' (see intake threats list)`);
    const text =
      flags.format === "json"
        ? json({ ...t, attacks: kb.attacks.filter((a) => a.threats.includes(t.id)) })
        : threatDetail(kb, t, useColor(flags, Boolean(flags.output)));
    await writeOut(text, flags.output);
  });

  const attacks = formatOptions(
    new Command("attacks").description("the catalogue of real supply-chain attacks"),
    ["table", "json"],
  )
    .option("--year <year>", "only this year", (v) => Number.parseInt(v, 10))
    .option("--since <year>", "this year and later", (v) => Number.parseInt(v, 10))
    .option("--ecosystem <name>", "only attacks on this ecosystem (npm, PyPI, Maven, GitHub Actions, ...)")
    .option("--threat <id>", "only attacks that realized this threat");
  attacks.action(
    async (flags: OutputFlags & { year?: number; since?: number; ecosystem?: string; threat?: string }) => {
      const kb = loadKnowledgeBase();
      if (flags.threat && !threatById(kb, flags.threat))
        throw new UsageError("usage", `unknown threat '${flags.threat}' (see intake threats list)`);
      const found = filterAttacks(kb, flags);
      await writeOut(
        flags.format === "json" ? json(found) : attacksTable(found, useColor(flags, Boolean(flags.output))),
        flags.output,
      );
    },
  );

  const matrix = formatOptions(
    new Command("matrix").description("threats × SLSA, S2C2F, Scorecard and Intake, with the gaps"),
  );
  matrix.action(async (flags: OutputFlags) => {
    const m = buildMatrix(loadKnowledgeBase());
    const text =
      flags.format === "json"
        ? json(m)
        : flags.format === "markdown"
          ? matrixMarkdown(m)
          : matrixTable(m, useColor(flags, Boolean(flags.output)));
    await writeOut(text, flags.output);
  });

  const coverage = formatOptions(
    new Command("coverage").description(
      "which threats your policy and scan evidence mitigate, only detect, or leave uncovered, and what to do next",
    ),
  )
    .option(
      "--policy <file>",
      "the policy to judge (default: intake.policy.yaml here, else Intake's default policy)",
    )
    .option("--scan <result.json>", "evidence from a scan (intake scan --format json -o result.json)")
    .option("--limit <n>", "how many next steps to show", (v) => Number.parseInt(v, 10), 10);
  coverage.action(async (flags: OutputFlags & { policy?: string; scan?: string; limit: number }) => {
    const kb = loadKnowledgeBase();
    const policy = await loadPolicyForCoverage(flags.policy);
    const scan = flags.scan ? readScanResult(flags.scan) : undefined;
    const report = assessCoverage(kb, { policy, scan });
    const text =
      flags.format === "json"
        ? json(report)
        : flags.format === "markdown"
          ? coverageMarkdown(report)
          : coverageTable(report, useColor(flags, Boolean(flags.output)), flags.limit);
    await writeOut(text, flags.output);
  });

  for (const c of [list, show, attacks, matrix, coverage]) cmd.addCommand(c);
  return cmd;
}
