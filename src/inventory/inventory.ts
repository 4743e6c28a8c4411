import { describeError, IntakeError } from "../core/errors.ts";
import { type Package, packageKey } from "../core/package.ts";
import type { SourceInfo } from "../core/result.ts";
import { type DiscoverOptions, discoverInputs } from "./discover.ts";
import { computePaths } from "./graph.ts";
import { displayPath, readInput, relativeReader } from "./read-input.ts";
import { InventoryError } from "./types.ts";

export interface InventoryOptions extends DiscoverOptions {
  maxFileBytes?: number;
  /** How SBOM inputs that fail their schema are treated (see ParseContext.sbomSchema). */
  sbomSchema?: "strict" | "warn";
  /** Called after each input, for progress on big trees. */
  onSource?: (source: SourceInfo, index: number, total: number) => void;
}

export interface SourceInventory {
  source: SourceInfo;
  packages: Package[];
}

export interface Inventory {
  sources: SourceInfo[];
  /** Packages merged across sources: one entry per (ecosystem, name, version), locations from all. */
  packages: Package[];
  /** The per-source view, for monorepo policies and per-lockfile reports. */
  bySource: SourceInventory[];
}

/** Parse one input into its source record and packages; never throws for bad input. */
export async function parseSource(
  absolutePath: string,
  parser: import("./types.ts").InventoryParser,
  options: { maxFileBytes?: number; cwd?: string; sbomSchema?: "strict" | "warn" } = {},
): Promise<SourceInventory> {
  const readOpts = { maxBytes: options.maxFileBytes, cwd: options.cwd };
  const shown = displayPath(absolutePath, options.cwd);
  try {
    const file = await readInput(absolutePath, readOpts);
    const out = await parser.parse(file, {
      readRelative: relativeReader(file, readOpts),
      ...(options.sbomSchema ? { sbomSchema: options.sbomSchema } : {}),
    });
    const packages = dedupe(out.packages);
    if (packages.some((p) => p.dependencies?.length)) computePaths(packages);
    const warnings = out.warnings ?? [];
    const source: SourceInfo = {
      path: shown,
      format: parser.id,
      status: warnings.length > 0 ? "partial" : "ok",
      packageCount: packages.length,
    };
    if (warnings.length > 0) source.warnings = warnings;
    return { source, packages };
  } catch (e) {
    const error =
      e instanceof IntakeError
        ? {
            code: e.code,
            message: e.message,
            ...(e.line ? { line: e.line } : {}),
            ...(e.column ? { column: e.column } : {}),
          }
        : { code: "parser-crashed", message: `unexpected error while parsing: ${describeError(e)}` };
    if (!(e instanceof InventoryError) && process.env.INTAKE_DEBUG) console.error(e);
    return {
      source: { path: shown, format: parser.id, status: "failed", error, packageCount: 0 },
      packages: [],
    };
  }
}

/** Merge duplicates inside one source (same ecosystem, name, version): union scopes, locations, paths. */
function dedupe(packages: Package[]): Package[] {
  const byKey = new Map<string, Package>();
  for (const p of packages) {
    const key = packageKey(p);
    const have = byKey.get(key);
    if (!have) {
      byKey.set(key, p);
      continue;
    }
    mergeInto(have, p);
  }
  return [...byKey.values()];
}

function mergeInto(have: Package, p: Package): void {
  have.direct ||= p.direct;
  for (const s of p.scopes) if (!have.scopes.includes(s)) have.scopes.push(s);
  for (const l of p.locations)
    if (!have.locations.some((x) => x.path === l.path && x.line === l.line)) have.locations.push(l);
  if (p.paths) have.paths = [...(have.paths ?? []), ...p.paths].slice(0, 5);
  if (p.dependencies) have.dependencies = [...new Set([...(have.dependencies ?? []), ...p.dependencies])];
  have.integrity ??= p.integrity;
  have.resolved ??= p.resolved;
  have.license ??= p.license;
  have.repository ??= p.repository;
  if (p.hashes)
    have.hashes = [
      ...(have.hashes ?? []),
      ...p.hashes.filter((h) => !have.hashes?.some((x) => x.alg === h.alg)),
    ];
}

/** Sort scopes so that `prod` comes first; a package that is prod anywhere is prod. */
function tidy(p: Package): Package {
  const order = ["prod", "optional", "peer", "build", "dev", "test"];
  p.scopes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return p;
}

/**
 * The inventory stage: discover inputs under the targets, parse each (one bad file never stops
 * the rest), merge packages across sources.
 */
export async function buildInventory(targets: string[], options: InventoryOptions = {}): Promise<Inventory> {
  const { inputs, problems } = await discoverInputs(targets, options);
  const bySource: SourceInventory[] = [];
  for (const p of problems) {
    bySource.push({
      source: {
        path: p.path,
        format: "unknown",
        status: "failed",
        error: { code: p.code, message: p.message },
        packageCount: 0,
      },
      packages: [],
    });
  }
  let i = 0;
  for (const input of inputs) {
    const one = await parseSource(input.path, input.parser, {
      maxFileBytes: options.maxFileBytes,
      cwd: options.cwd,
      sbomSchema: options.sbomSchema,
    });
    bySource.push(one);
    options.onSource?.(one.source, ++i, inputs.length);
  }
  const merged = new Map<string, Package>();
  for (const s of bySource) {
    for (const p of s.packages) {
      const key = packageKey(p);
      const have = merged.get(key);
      if (!have) merged.set(key, { ...p, scopes: [...p.scopes], locations: [...p.locations] });
      else mergeInto(have, p);
    }
  }
  const packages = [...merged.values()].map(tidy);
  packages.sort((a, b) =>
    a.ecosystem < b.ecosystem
      ? -1
      : a.ecosystem > b.ecosystem
        ? 1
        : a.name < b.name
          ? -1
          : a.name > b.name
            ? 1
            : 0,
  );
  return { sources: bySource.map((s) => s.source), packages, bySource };
}
