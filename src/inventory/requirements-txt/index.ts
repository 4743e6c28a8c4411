import { dirname, resolve } from "node:path";
import { type Hash, makePackage, normalizeName, type Package, type SourceKind } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { hashFromSpec, parseDirectUrl, pushHash } from "../python-dist.ts";
import { type InputFile, InventoryError, type InventoryParser, type ParseContext } from "../types.ts";

/**
 * pip requirements files. Follows pip's own reading rules (pip/_internal/req/req_file.py):
 * lines ending in `\` are joined first, then comments (`#` at the start or after whitespace)
 * are removed, then each logical line is an option line (`-r`, `-c`, `-e`, `-i` …) or a
 * requirement followed by per-requirement options (`--hash`, `--config-settings` …).
 * Hand-written: no maintained JavaScript library reads this format.
 *
 * Decisions (see docs/inventory-python-go-rust.md):
 * - every requirement is direct; an unpinned one gets version "" and a warning;
 * - `-c` constraint files pin unpinned requirements of the same name; constraint entries that
 *   nothing requires are still listed (meta.constraint = true), since pip would install them
 *   if anything pulled them in;
 * - local paths that are not a wheel or sdist (`-e .`, `./src/pkg`) are the project's own code
 *   and are skipped.
 */

const OPTIONS_WITH_VALUE = new Set([
  "-i",
  "--index-url",
  "--extra-index-url",
  "-f",
  "--find-links",
  "--no-binary",
  "--only-binary",
  "--trusted-host",
  "--use-feature",
  "--progress-bar",
  "--config-settings",
  "-C",
  "--global-option",
  "--install-option",
]);
const FLAG_OPTIONS = new Set([
  "--no-index",
  "--pre",
  "--prefer-binary",
  "--require-hashes",
  "-Z",
  "--always-unzip",
]);

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*/;
const SPECIFIER = /^\s*(===|==|!=|~=|>=|<=|>|<)\s*(\S+?)\s*$/;
const URL_OR_PATH =
  /^(?:[a-z][a-z0-9+.-]*:\/\/|file:|git\+|hg\+|svn\+|bzr\+|\.{1,2}(?:[/\\]|$)|\/|[A-Za-z]:[/\\])/i;
const ENV_VAR = /\$\{[A-Za-z0-9_]+\}/;

interface Entry {
  name: string;
  version: string;
  file: InputFile;
  line: number;
  constraint: boolean;
  hashes: Hash[];
  resolved?: string;
  source?: SourceKind;
  meta: Record<string, string | number | boolean>;
  /** Index of this entry's "not pinned" warning, dropped when a constraint pins it. */
  unpinnedWarning?: number;
  /** Constraint entries merged into a requirement are not listed on their own. */
  used?: boolean;
  extraLocations?: { path: string; line: number }[];
}

interface LogicalLine {
  line: number;
  text: string;
}

/** pip's join_lines: a line ending in `\` continues on the next, unless it is a comment line. */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = text.split(/\r?\n/);
  let pending: string[] | undefined;
  let primary = 0;
  for (let i = 0; i < physical.length; i++) {
    let line = physical[i];
    const isComment = /^\s*#/.test(line);
    if (!line.endsWith("\\") || isComment) {
      if (isComment) line = ` ${line}`;
      if (pending) {
        pending.push(line);
        out.push({ line: primary, text: pending.join("") });
        pending = undefined;
      } else out.push({ line: i + 1, text: line });
    } else {
      if (!pending) {
        pending = [];
        primary = i + 1;
      }
      pending.push(trimBackslashes(line));
    }
  }
  if (pending) out.push({ line: primary, text: pending.join("") });
  return out;
}

/** A line as quoted in a warning: at most 80 characters. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Python's `str.strip("\\")`, by hand (a regex here backtracks on long runs of backslashes). */
function trimBackslashes(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && line.charCodeAt(a) === 92) a++;
  while (b > a && line.charCodeAt(b - 1) === 92) b--;
  return line.slice(a, b);
}

/**
 * pip's COMMENT_RE (`(^|\s+)#.*$`): `#` at the start or after whitespace starts a comment.
 * Scanned by hand, since that regex is quadratic on long runs of whitespace.
 */
export function stripComment(text: string): string {
  for (let i = text.indexOf("#"); i >= 0; i = text.indexOf("#", i + 1)) {
    if (i === 0) return "";
    const c = text.charCodeAt(i - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) return text.slice(0, i).trim();
  }
  return text.trim();
}

function isRequirementsName(path: string): boolean {
  const norm = path.replace(/\\/g, "/");
  const parts = norm.split("/");
  const base = parts[parts.length - 1].toLowerCase();
  if (!base.endsWith(".txt")) return false;
  if (base === "requirements.txt") return true;
  if (/^requirements[-_.].+\.txt$/.test(base)) return true;
  if (/.[-_]requirements\.txt$/.test(base)) return true;
  // Any .txt in a `requirements/` folder, except the usual prose files kept there.
  if (/^(readme|license|licence|changelog|notes|authors)\b/.test(base)) return false;
  return parts.length >= 2 && parts[parts.length - 2].toLowerCase() === "requirements";
}

class RequirementsReader {
  readonly entries: Entry[] = [];
  readonly warnings: (ErrorInfo | undefined)[] = [];
  private readonly visited = new Set<string>();
  private readonly stack: string[] = [];
  private readonly root: InputFile;
  private readonly ctx: ParseContext;
  /** Lines that were neither a requirement nor an option we know, per file (for wrong-format). */
  invalidInRoot = 0;
  validInRoot = 0;

  constructor(root: InputFile, ctx: ParseContext) {
    this.root = root;
    this.ctx = ctx;
  }

  private warn(file: InputFile, line: number, code: string, message: string): number {
    const where = file === this.root ? "" : `${file.path}:${line}: `;
    this.warnings.push({ code, message: `${where}${message}`, line: file === this.root ? line : undefined });
    return this.warnings.length - 1;
  }

  async readFile(file: InputFile, constraint: boolean): Promise<void> {
    this.visited.add(file.absolutePath);
    this.stack.push(file.absolutePath);
    for (const ll of logicalLines(file.text)) {
      const text = stripComment(ll.text);
      if (!text) continue;
      const ok = text.startsWith("-")
        ? await this.optionLine(file, ll.line, text, constraint)
        : this.requirementLine(file, ll.line, text, constraint, false);
      if (file === this.root) {
        if (ok) this.validInRoot++;
        else this.invalidInRoot++;
      }
    }
    this.stack.pop();
  }

  /** An option line. Returns false for an option pip does not know. */
  private async optionLine(
    file: InputFile,
    line: number,
    text: string,
    constraint: boolean,
  ): Promise<boolean> {
    const m = /^(--?[A-Za-z][A-Za-z0-9-]*)(?:=|\s+)?(.*)$/.exec(text);
    if (!m) {
      this.warn(file, line, "unsupported-line", `'${clip(text)}' is not a requirement or a known option`);
      return false;
    }
    let opt = m[1];
    let value = m[2].trim();
    // Short options may carry their value attached: `-rother.txt`.
    if (/^-[rceif][^-\s]/.test(opt) && !text.startsWith("--")) {
      value = text.slice(2).replace(/^=/, "").trim();
      opt = text.slice(0, 2);
    }
    switch (opt) {
      case "-r":
      case "--requirement":
      case "-c":
      case "--constraint":
        await this.include(file, line, value, constraint || opt === "-c" || opt === "--constraint");
        return true;
      case "-e":
      case "--editable":
        this.requirementLine(file, line, value, constraint, true);
        return true;
    }
    if (OPTIONS_WITH_VALUE.has(opt) || FLAG_OPTIONS.has(opt)) return true;
    this.warn(file, line, "unsupported-line", `unknown option '${opt}' ignored`);
    return false;
  }

  private async include(file: InputFile, line: number, ref: string, constraint: boolean): Promise<void> {
    const what = constraint ? "constraints file" : "requirements file";
    if (!ref) {
      this.warn(file, line, "include-invalid", `${what} option without a file name`);
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      this.warn(file, line, "include-unsupported", `remote ${what} '${ref}' is not fetched`);
      return;
    }
    const target = resolve(dirname(file.absolutePath), ref);
    if (this.stack.includes(target)) {
      this.warn(file, line, "include-cycle", `${what} '${ref}' includes itself (directly or through others)`);
      return;
    }
    if (this.visited.has(target)) return; // already read through another include
    let included: InputFile | undefined;
    try {
      included = await this.ctx.readRelative(target);
    } catch (e) {
      if (e instanceof InventoryError && e.code === "file-empty") {
        this.visited.add(target);
        return;
      }
      const why = e instanceof InventoryError ? e.message : String(e);
      this.warn(file, line, "include-unreadable", `${what} '${ref}' could not be read: ${why}`);
      return;
    }
    if (!included) {
      this.warn(file, line, "include-missing", `${what} '${ref}' does not exist`);
      return;
    }
    await this.readFile(included, constraint);
  }

  /** A requirement with optional trailing per-requirement options. Returns false when invalid. */
  requirementLine(
    file: InputFile,
    line: number,
    text: string,
    constraint: boolean,
    editable: boolean,
  ): boolean {
    // pip splits at the first whitespace-separated token that starts with `-`.
    const tokens = text.split(/\s+/);
    let cut = tokens.findIndex((t) => t.startsWith("-"));
    if (cut < 0) cut = tokens.length;
    const req = tokens.slice(0, cut).join(" ");
    const hashes: Hash[] = [];
    for (let i = cut; i < tokens.length; i++) {
      const t = tokens[i];
      let spec: string | undefined;
      if (t === "--hash") spec = tokens[++i];
      else if (t.startsWith("--hash=")) spec = t.slice(7);
      else continue;
      const h = spec ? hashFromSpec(spec) : undefined;
      if (h) pushHash(hashes, h);
      else this.warn(file, line, "invalid-hash", `hash '${spec ?? ""}' is not in the form algorithm:digest`);
    }
    if (!req) {
      this.warn(file, line, "invalid-requirement", `'${clip(text)}' names no package`);
      return false;
    }
    const meta: Record<string, string | number | boolean> = {};
    if (editable) meta.editable = true;

    if (URL_OR_PATH.test(req)) return this.urlRequirement(file, line, req, constraint, hashes, meta);

    const nm = NAME.exec(req);
    if (!nm) {
      this.warn(file, line, "invalid-requirement", `'${clip(req)}' is not a valid requirement`);
      return false;
    }
    const name = nm[1];
    if (nm[2]?.trim()) meta.extras = nm[2].replace(/\s+/g, "");
    let rest = req.slice(nm[0].length);
    if (rest.startsWith("@")) {
      rest = rest.slice(1).trim();
      const sp = /\s+;\s*|\s+/.exec(rest);
      const url = sp ? rest.slice(0, sp.index) : rest;
      const marker = sp ? rest.slice(sp.index + sp[0].length).replace(/^;\s*/, "") : "";
      if (!url) {
        this.warn(file, line, "invalid-requirement", `'${clip(req)}' has '@' but no URL`);
        return false;
      }
      if (marker) meta.marker = marker;
      const info = parseDirectUrl(url, name);
      this.add(file, line, constraint, name, info.version, hashes, meta, info.source, info.resolved, info);
      return true;
    }
    let spec = rest;
    const semi = rest.indexOf(";");
    if (semi >= 0) {
      spec = rest.slice(0, semi);
      const marker = rest.slice(semi + 1).trim();
      if (marker) meta.marker = marker;
    }
    spec = spec.trim();
    if (spec.startsWith("(") && spec.endsWith(")")) spec = spec.slice(1, -1).trim();
    let pinned: string | undefined;
    if (spec) {
      for (const item of spec.split(",")) {
        const sm = SPECIFIER.exec(item);
        if (!sm) {
          this.warn(file, line, "invalid-requirement", `'${clip(req)}' is not a valid requirement`);
          return false;
        }
        if ((sm[1] === "==" && !sm[2].includes("*")) || sm[1] === "===") pinned = sm[2];
      }
    }
    if (pinned && ENV_VAR.test(pinned)) {
      const idx = this.warn(
        file,
        line,
        "unpinned",
        `${name}: version '${pinned}' comes from an environment variable, so it is not known`,
      );
      this.add(file, line, constraint, name, "", hashes, meta, undefined, undefined, undefined, idx);
      return true;
    }
    if (pinned === undefined) {
      const idx = this.warn(
        file,
        line,
        "unpinned",
        `${name} is not pinned to one version (${spec || "any version"})`,
      );
      if (spec) meta.specifier = spec;
      this.add(file, line, constraint, name, "", hashes, meta, undefined, undefined, undefined, idx);
      return true;
    }
    this.add(file, line, constraint, name, pinned, hashes, meta);
    return true;
  }

  private urlRequirement(
    file: InputFile,
    line: number,
    req: string,
    constraint: boolean,
    hashes: Hash[],
    meta: Record<string, string | number | boolean>,
  ): boolean {
    const semi = req.search(/\s+;/);
    const url = (semi >= 0 ? req.slice(0, semi) : req).trim();
    if (semi >= 0) meta.marker = req.slice(semi).replace(/^\s*;\s*/, "");
    const info = parseDirectUrl(url);
    if (!info.name) {
      // A local folder (`-e .`, `./libs/x`) is the project's own code; a remote URL without a
      // name cannot be identified.
      if (info.source === "file" && !/\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(url)) return true;
      this.warn(file, line, "unnamed-requirement", `cannot tell which package '${url}' is (add #egg=name)`);
      return true;
    }
    this.add(file, line, constraint, info.name, info.version, hashes, meta, info.source, info.resolved, info);
    return true;
  }

  private add(
    file: InputFile,
    line: number,
    constraint: boolean,
    name: string,
    version: string,
    hashes: Hash[],
    meta: Record<string, string | number | boolean>,
    source?: SourceKind,
    resolved?: string,
    url?: { commit?: string; ref?: string; version: string },
    unpinnedWarning?: number,
  ): void {
    if (url?.commit) meta.commit = url.commit;
    if (url?.ref) meta.ref = url.ref;
    if (source && source !== "registry" && !version && unpinnedWarning === undefined) {
      unpinnedWarning = this.warn(
        file,
        line,
        "unpinned",
        `${name}: the direct reference '${resolved}' does not name a version`,
      );
    }
    this.entries.push({
      name,
      version,
      file,
      line,
      constraint,
      hashes,
      meta,
      ...(source ? { source } : {}),
      ...(resolved ? { resolved } : {}),
      ...(unpinnedWarning !== undefined ? { unpinnedWarning } : {}),
    });
  }

  /** Let constraint pins fill unpinned requirements of the same name. */
  applyConstraints(): void {
    const pins = new Map<string, Entry>();
    for (const e of this.entries) if (e.constraint && e.version) pins.set(normalizeName("PyPI", e.name), e);
    if (pins.size === 0) return;
    for (const e of this.entries) {
      if (e.constraint || e.version || e.source) continue;
      const pin = pins.get(normalizeName("PyPI", e.name));
      if (!pin) continue;
      e.version = pin.version;
      pin.used = true;
      e.meta.constrainedBy = pin.file.path;
      e.extraLocations = [...(e.extraLocations ?? []), { path: pin.file.path, line: pin.line }];
      for (const h of pin.hashes) pushHash(e.hashes, h);
      if (e.unpinnedWarning !== undefined) this.warnings[e.unpinnedWarning] = undefined;
    }
  }
}

export const requirementsTxtParser: InventoryParser = {
  id: "requirements.txt",
  aliases: ["requirements", "pip"],
  description: "pip requirements files: pins, hashes, -r/-c includes, markers, extras, direct URLs",
  ecosystem: "PyPI",
  matches: isRequirementsName,
  async parse(file, ctx) {
    const reader = new RequirementsReader(file, ctx);
    await reader.readFile(file, false);
    if (reader.validInRoot === 0 && reader.invalidInRoot > 0) {
      throw new InventoryError(
        "wrong-format",
        "no line is a requirement or a pip option, so this is not a requirements file",
        { file: file.path },
      );
    }
    reader.applyConstraints();
    const packages: Package[] = [];
    for (const e of reader.entries) {
      if (e.constraint && e.used) continue;
      if (e.constraint) e.meta.constraint = true;
      const pkg = makePackage({
        ecosystem: "PyPI",
        name: e.name,
        version: e.version,
        direct: true,
        scopes: ["prod"],
        locations: [{ path: e.file.path, line: e.line }, ...(e.extraLocations ?? [])],
      });
      if (e.hashes.length > 0) pkg.hashes = e.hashes;
      pkg.source = e.source ?? "registry";
      if (e.resolved) pkg.resolved = e.resolved;
      if (Object.keys(e.meta).length > 0) pkg.meta = e.meta;
      packages.push(pkg);
    }
    const warnings = reader.warnings.filter((w): w is ErrorInfo => w !== undefined);
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
