import { type Hash, normalizeName, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec } from "../python-dist.ts";
import { simplePurl } from "../simple-purl.ts";
import { isTable, parseTomlInput, str } from "../toml-input.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseContext } from "../types.ts";

/**
 * Pipfile.lock (pipenv): `default` → prod, `develop` → dev, `"version": "==1.2.3"`, hashes,
 * git / path / file entries. The Pipfile beside it, when present, tells which packages are
 * direct (`[packages]`, `[dev-packages]` and any other category table).
 */

function parseJson(file: InputFile): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");
    const pos = /line (\d+) column (\d+)/.exec(msg);
    throw new InventoryError("malformed", `not valid JSON, so not a Pipfile.lock: ${msg}`, {
      file: file.path,
      ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}),
      cause: e,
    });
  }
}

/** Names declared in the Pipfile (every table except source/requires/scripts/pipenv). */
async function pipfileNames(ctx: ParseContext, warnings: ErrorInfo[]): Promise<Set<string> | undefined> {
  let file: InputFile | undefined;
  try {
    file = await ctx.readRelative("Pipfile");
  } catch (e) {
    if (!(e instanceof InventoryError && e.code === "file-empty"))
      warnings.push({
        code: "pipfile-unreadable",
        message: `Pipfile beside the lockfile could not be read (${e instanceof Error ? e.message : String(e)})`,
      });
    return undefined;
  }
  if (!file) return undefined;
  try {
    const doc = parseTomlInput(file, "Pipfile");
    const names = new Set<string>();
    for (const [section, table] of Object.entries(doc)) {
      if (["source", "requires", "scripts", "pipenv"].includes(section) || !isTable(table)) continue;
      for (const k of Object.keys(table)) names.add(normalizeName("PyPI", k));
    }
    return names;
  } catch (e) {
    warnings.push({
      code: "pipfile-unreadable",
      message: `Pipfile beside the lockfile is not valid TOML (${e instanceof Error ? e.message : String(e)}); direct dependencies are not known`,
    });
    return undefined;
  }
}

/** 1-based line of each key of one top-level section, found by a forward scan. */
class KeyLines {
  private readonly text: string;
  private offset: number;
  private line = 1;
  private lineFrom = 0;
  private misses = 0;
  constructor(text: string, section: string) {
    this.text = text;
    const at = text.indexOf(`"${section}"`);
    this.offset = at < 0 ? text.length : at + section.length + 2;
  }
  next(key: string): number | undefined {
    const needle = JSON.stringify(key);
    let at = this.text.indexOf(needle, this.offset);
    while (at >= 0) {
      let j = at + needle.length;
      while (j < this.text.length && /\s/.test(this.text[j])) j++;
      if (this.text[j] === ":") break;
      at = this.text.indexOf(needle, at + 1);
    }
    if (at < 0) {
      // A key spelled with other escapes than JSON.stringify's: no line for it. After many misses
      // stop looking, so a hostile file cannot make this quadratic.
      if (++this.misses > 50) this.offset = this.text.length;
      return undefined;
    }
    for (let i = this.lineFrom; i < at; i++) if (this.text.charCodeAt(i) === 10) this.line++;
    this.lineFrom = at;
    this.offset = at + needle.length;
    return this.line;
  }
}

export const pipfileLockParser: InventoryParser = {
  id: "Pipfile.lock",
  description: "pipenv Pipfile.lock: default and develop packages, hashes, git/path entries",
  ecosystem: "PyPI",
  matches: (path) => /(^|[/\\])Pipfile\.lock$/.test(path),
  async parse(file, ctx) {
    const doc = parseJson(file);
    if (!isTable(doc) || !(isTable(doc.default) || isTable(doc.develop) || isTable(doc._meta))) {
      throw new InventoryError(
        "wrong-format",
        "no 'default', 'develop' or '_meta' object: not a Pipfile.lock",
        {
          file: file.path,
        },
      );
    }
    const warnings: ErrorInfo[] = [];
    const direct = await pipfileNames(ctx, warnings);
    const packages: Package[] = [];
    for (const [section, scope] of [
      ["default", "prod"],
      ["develop", "dev"],
    ] as [string, Scope][]) {
      const table = doc[section];
      if (table === undefined) continue;
      if (!isTable(table)) {
        warnings.push({ code: "invalid-entry", message: `'${section}' is not an object; skipped` });
        continue;
      }
      const lines = new KeyLines(file.text, section);
      for (const [name, entry] of Object.entries(table)) {
        const line = lines.next(name);
        const at = line ? { line } : {};
        if (!isTable(entry)) {
          warnings.push({ code: "invalid-entry", message: `${name} is not an object; skipped`, ...at });
          continue;
        }
        const git = str(entry.git);
        const path = str(entry.path) ?? str(entry.file);
        if (path === "." || (path && entry.editable === true && !git)) continue; // the project itself
        const spec = str(entry.version);
        let version = "";
        if (spec) {
          const m = /^\s*===?\s*(\S+)\s*$/.exec(spec);
          if (m) version = m[1];
          else if (spec !== "*")
            warnings.push({
              code: "unpinned",
              message: `${name}: version '${spec}' is not one version`,
              ...at,
            });
        }
        const normalized = normalizeName("PyPI", name);
        const pkg: Package = {
          ecosystem: "PyPI",
          name,
          version,
          purl: simplePurl("PyPI", name, version),
          normalizedName: normalized,
          direct: direct?.has(normalized) ?? false,
          scopes: [scope],
          locations: [{ path: file.path, ...at }],
          source: "registry",
        };
        const meta: Record<string, string | number | boolean> = {};
        if (git) {
          pkg.source = "git";
          const ref = str(entry.ref);
          pkg.resolved = ref ? `${git}@${ref}` : git;
          if (ref && /^[0-9a-f]{40}$/i.test(ref)) meta.commit = ref;
          else if (ref) meta.ref = ref;
        } else if (path) {
          pkg.source = "file";
          pkg.resolved = path;
        }
        if (!version && !spec && !git)
          warnings.push({ code: "no-version", message: `${name} has no version`, ...at });
        if (entry.editable === true) meta.editable = true;
        const markers = str(entry.markers);
        if (markers) meta.marker = markers;
        const index = str(entry.index);
        if (index) meta.index = index;
        if (Array.isArray(entry.hashes)) {
          const hashes: Hash[] = [];
          for (const h of entry.hashes) {
            const parsed = typeof h === "string" ? hashFromSpec(h) : undefined;
            if (parsed) hashes.push(parsed);
          }
          if (hashes.length > 0) pkg.hashes = hashes;
        }
        if (Object.keys(meta).length > 0) pkg.meta = meta;
        packages.push(pkg);
      }
    }
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
