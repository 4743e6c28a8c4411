import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type SignalSettings, SignalsError } from "./types.ts";

/** The `signals:` key of a project's `.intake.yaml` (other keys belong to other stages). */
const ProjectSignals = z
  .object({
    select: z.union([z.literal("all"), z.literal("none"), z.array(z.string())]).optional(),
    windowDays: z.number().nonnegative().optional(),
    dormancyDays: z.number().positive().optional(),
    internalScopes: z.array(z.string().regex(/^@[^/\s]+$/, "a scope looks like @acme")).optional(),
    internalPackages: z.array(z.string().min(1)).optional(),
    internalRegistries: z.array(z.url()).optional(),
    scorecardThreshold: z.number().min(0).max(10).optional(),
    scorecardStaleDays: z.number().positive().optional(),
    scorecardApiUrl: z.url().optional(),
    depsDevUrl: z.url().optional(),
    /** Relative to the settings file. */
    scorecardResults: z.string().optional(),
  })
  .strict();

export type ProjectSignalSettings = Partial<SignalSettings> & { select?: "all" | "none" | string[] };

/**
 * Read `signals:` from `.intake.yaml` in the scanned folder (or the folder of the scanned file).
 * Absent file or key: `{}`. A malformed key is a `config-invalid` error naming the file and field.
 */
export function readProjectSignalSettings(target: string | undefined): ProjectSignalSettings {
  if (!target) return {};
  const abs = resolve(target);
  const candidates = [join(abs, ".intake.yaml"), join(dirname(abs), ".intake.yaml")];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return {};
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new SignalsError("config-invalid", `not valid YAML: ${(e as Error).message}`, { file, cause: e });
  }
  const raw = (doc as { signals?: unknown } | null)?.signals;
  if (raw === undefined || raw === null) return {};
  const parsed = ProjectSignals.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SignalsError("config-invalid", `signals.${issue.path.join(".")}: ${issue.message}`, { file });
  }
  const { scorecardResults, ...rest } = parsed.data;
  return {
    ...rest,
    ...(scorecardResults ? { scorecardResultsDir: resolve(dirname(file), scorecardResults) } : {}),
  };
}
