import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseContext,
  type ParseOutput,
} from "../types.ts";
import { declaredModules } from "./build-script.ts";

/**
 * Gradle dependency locking: `gradle.lockfile` (and `buildscript-gradle.lockfile`, plus the
 * Gradle 6 per-configuration files under `gradle/dependency-locks/*.lockfile`). One line per
 * module, read in one pass (no library needed for `key=value` lines):
 *
 *   group:artifact:version=configuration,configuration...
 *   empty=configuration,...            configurations that resolved nothing (ignored)
 *   # comment
 *
 * Configuration names → scopes: a name containing `test` → test; `developmentOnly` → dev;
 * annotation processors (`annotationProcessor`, `kapt*`, `ksp*`) and the buildscript lockfile →
 * build; any other (`compileClasspath`, `runtimeClasspath`...) → prod. The lockfile does not say
 * which modules the build script declares: when the build script beside it is readable, the
 * modules it names literally are direct (build-script.ts); otherwise none is. No graph is recorded.
 */

function scopeOf(configuration: string): Scope {
  if (/test/i.test(configuration)) return "test";
  if (/^developmentOnly/i.test(configuration)) return "dev";
  if (/annotationProcessor|^kapt|^ksp/i.test(configuration)) return "build";
  return "prod";
}

const ORDER: Scope[] = ["prod", "build", "dev", "test"];

export function parseGradleLockfile(file: InputFile): ParseOutput {
  const buildscript = fileName(file.path).startsWith("buildscript-");
  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  let recognised = 0;
  let lineNo = 0;
  for (const rawLine of file.text.split("\n")) {
    lineNo++;
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("empty=")) {
      recognised++;
      continue;
    }
    const eq = line.indexOf("=");
    const coords = eq < 0 ? line : line.slice(0, eq);
    const parts = coords.split(":");
    if (parts.length !== 3 || parts.some((p) => p === "" || /\s/.test(p))) {
      warnings.push({
        code: "malformed",
        message: `not a group:artifact:version line: '${trunc(line)}'`,
        line: lineNo,
      });
      continue;
    }
    recognised++;
    const [group, artifact, version] = parts;
    const configurations =
      eq < 0
        ? []
        : line
            .slice(eq + 1)
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean);
    const set = new Set<Scope>(buildscript ? ["build"] : configurations.map(scopeOf));
    if (set.size === 0) set.add("prod");
    const scopes = ORDER.filter((s) => set.has(s));
    const pkg: Package = {
      ecosystem: "Maven",
      name: `${group}:${artifact}`,
      version,
      purl: quickPurl("maven", "Maven", group, artifact, version),
      normalizedName: `${group}:${artifact}`,
      direct: false,
      scopes,
      locations: [{ path: file.path, line: lineNo }],
      source: "registry",
    };
    if (configurations.length > 0) pkg.meta = { configurations: configurations.join(",") };
    packages.push(pkg);
  }
  if (recognised === 0 && warnings.length > 0) {
    throw new InventoryError(
      "wrong-format",
      "not a Gradle lockfile: no group:artifact:version=configurations line",
      {
        file: file.path,
        line: warnings[0].line,
      },
    );
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

function trunc(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

async function readFirst(ctx: ParseContext, paths: string[]): Promise<InputFile | undefined> {
  for (const p of paths) {
    try {
      const f = await ctx.readRelative(p);
      if (f) return f;
    } catch {
      // unreadable: try the next candidate
    }
  }
  return undefined;
}

/**
 * The lockfile, then the build script beside it (`build.gradle.kts` / `build.gradle`; two folders
 * up for `gradle/dependency-locks/*.lockfile`) when readable: locked modules it declares are
 * direct. See build-script.ts for what is recognised.
 */
async function parseWithBuildScript(file: InputFile, ctx: ParseContext): Promise<ParseOutput> {
  const out = parseGradleLockfile(file);
  const up = /[\\/]dependency-locks[\\/][^\\/]+$/.test(file.path) ? "../../" : "";
  const script = await readFirst(ctx, [`${up}build.gradle.kts`, `${up}build.gradle`]);
  if (!script) return out;
  const catalog = await readFirst(ctx, [
    `${up}gradle/libs.versions.toml`,
    `${up}../gradle/libs.versions.toml`,
    `${up}../../gradle/libs.versions.toml`,
  ]);
  const declared = declaredModules(script.text, catalog?.text);
  for (const p of out.packages) p.direct = declared.has(p.name);
  return out;
}

export const gradleLockfileParser: InventoryParser = {
  id: "gradle.lockfile",
  aliases: ["buildscript-gradle.lockfile"],
  description: "Gradle dependency lockfile: locked modules with their configurations as scopes",
  ecosystem: "Maven",
  matches(path: string): boolean {
    const name = fileName(path);
    if (name === "gradle.lockfile" || name === "buildscript-gradle.lockfile") return true;
    return name.endsWith(".lockfile") && /[\\/]dependency-locks[\\/][^\\/]+$/.test(path);
  },
  parse: parseWithBuildScript,
};
