import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../core/errors.ts";
import { parserById, parserForPath } from "./registry.ts";
import type { InventoryParser } from "./types.ts";

/** Folders never descended into unless the user names them. */
export const DEFAULT_SKIPPED_DIRS = [
  "node_modules",
  "vendor",
  ".git",
  ".hg",
  ".svn",
  "bower_components",
  "__pycache__",
  ".venv",
  ".tox",
];

export interface DiscoverOptions {
  /** Globs (`**`, `*`, `?`) matched against paths relative to the scanned root and against base names. */
  exclude?: string[];
  /** Folders to skip by name (default DEFAULT_SKIPPED_DIRS). */
  skipDirs?: string[];
  cwd?: string;
}

export interface DiscoveredInput {
  /** Absolute path. */
  path: string;
  parser: InventoryParser;
  /** True when the user named this file (or FORMAT:PATH) rather than discovery finding it. */
  explicit: boolean;
}

export interface DiscoveryProblem {
  path: string;
  code: "file-not-found" | "unknown-format" | "file-unreadable";
  message: string;
}

/** `**` crosses folders, `*` and `?` do not. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Split `FORMAT:PATH`. The prefix counts as a format only when a parser has that id, so
 * Windows drive letters and paths containing colons are left alone.
 */
export function splitFormatPrefix(arg: string): {
  format?: InventoryParser;
  path: string;
  formatName?: string;
} {
  const i = arg.indexOf(":");
  if (i > 0) {
    const name = arg.slice(0, i);
    const parser = parserById(name);
    if (parser) return { format: parser, path: arg.slice(i + 1), formatName: name };
    // Looks like FORMAT:PATH (format has a dot or is a known word) but no parser: a usage error.
    if (/^[A-Za-z0-9._-]+$/.test(name) && name.length > 1 && !/^[A-Za-z]$/.test(name)) {
      throw new UsageError(
        "unknown-format",
        `unknown format '${name}' in '${arg}' (run 'intake inventory --list-formats' for the list)`,
      );
    }
  }
  return { path: arg };
}

/**
 * Turn the user's targets into the list of inputs to parse. Files are taken as given (the
 * format from FORMAT: or from the name); folders are walked. Problems with targets are returned,
 * not thrown, so one bad path does not stop the rest.
 */
export async function discoverInputs(
  targets: string[],
  options: DiscoverOptions = {},
): Promise<{ inputs: DiscoveredInput[]; problems: DiscoveryProblem[] }> {
  const cwd = options.cwd ?? process.cwd();
  const excludes = (options.exclude ?? []).map(globToRegExp);
  const skip = new Set(options.skipDirs ?? DEFAULT_SKIPPED_DIRS);
  const inputs: DiscoveredInput[] = [];
  const problems: DiscoveryProblem[] = [];
  const seen = new Set<string>();

  const add = (path: string, parser: InventoryParser, explicit: boolean) => {
    const key = `${parser.id}\u0000${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ path, parser, explicit });
  };

  for (const target of targets) {
    const { format, path } = splitFormatPrefix(target);
    const abs = resolve(cwd, path);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      problems.push({ path, code: "file-not-found", message: "no such file or folder" });
      continue;
    }
    if (st.isFile()) {
      // A file named by the user may also be a format that discovery never picks by itself
      // (package.json: declared ranges, read only when asked for), found by its exact name.
      const parser = format ?? parserForPath(abs) ?? parserById(basename(abs));
      if (!parser) {
        problems.push({
          path,
          code: "unknown-format",
          message: `not a known lockfile, manifest or SBOM name; give the format as FORMAT:${path} (see 'intake inventory --list-formats')`,
        });
        continue;
      }
      add(abs, parser, true);
      continue;
    }
    if (!st.isDirectory()) {
      problems.push({ path, code: "file-unreadable", message: "not a file or folder" });
      continue;
    }
    const root = abs;
    const walk = async (dir: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        problems.push({
          path: relative(cwd, dir) || dir,
          code: "file-unreadable",
          message: `cannot list folder (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        const rel = relative(root, full).split(sep).join("/");
        if (excludes.some((re) => re.test(rel) || re.test(entry.name))) continue;
        if (entry.isDirectory()) {
          if (skip.has(entry.name)) continue;
          await walk(full);
        } else if (entry.isFile()) {
          if (format) {
            if (format.matches(full)) add(full, format, false);
            continue;
          }
          const parser = parserForPath(full);
          if (parser) add(full, parser, false);
        }
      }
    };
    await walk(root);
  }
  return { inputs, problems };
}

export function isNamed(path: string, ...names: string[]): boolean {
  const b = basename(path).toLowerCase();
  return names.some((n) => n.toLowerCase() === b);
}
