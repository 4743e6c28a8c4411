import { basename } from "node:path";
import semver from "semver";
import type { Package } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { simplePurl } from "../simple-purl.ts";
import { type InputFile, InventoryError, type InventoryParser } from "../types.ts";

/**
 * go.mod, with the go.sum beside it (`X.mod` pairs with `X.sum`) for module hashes.
 * Hand-written after the grammar in golang.org/x/mod/modfile: there is no maintained
 * JavaScript parser for it, and the syntax is small (line-oriented directives and blocks).
 *
 * Decisions (see docs/inventory-python-go-rust.md):
 * - `// indirect` requirements are transitive (direct = false), the rest direct;
 * - `replace old [v] => new v` lists the replacement module and version (meta.replaces keeps the
 *   original); `replace old [v] => ./path` keeps the required name and version with source "file";
 * - `exclude`, `retract`, `tool`, `godebug` do not add packages;
 * - the Go standard library is listed as `stdlib` (the name Go's vulnerability data uses), at the
 *   `toolchain` version when there is one, else at the `go` directive's version. That is the
 *   minimum Go version the module asks for, not necessarily the one it is built with
 *   (meta.minimum = true); osv-scanner does the same;
 * - before Go 1.17 go.mod did not list every module in the build: for those, modules that go.sum
 *   holds a full hash for (not only `/go.mod`) are added as transitive, highest version per module.
 */

const KNOWN_VERBS = new Set([
  "module",
  "go",
  "toolchain",
  "require",
  "exclude",
  "replace",
  "retract",
  "godebug",
  "tool",
  "ignore",
]);

interface Directive {
  verb: string;
  args: string[];
  comment: string;
  line: number;
}

/** Split one line into tokens, honouring "quoted" and `raw` strings, and its trailing // comment. */
function tokenize(text: string): { tokens: string[]; comment: string } {
  // Fast path for the usual line without quoted strings.
  if (text.indexOf('"') < 0 && text.indexOf("`") < 0) {
    const c = text.indexOf("//");
    const code = c >= 0 ? text.slice(0, c) : text;
    const out: string[] = [];
    for (const t of code.split(/[ \t\r]+/)) {
      if (!t) continue;
      if (t.includes("(") || t.includes(")")) {
        for (const piece of t.split(/([()])/)) if (piece) out.push(piece);
      } else out.push(t);
    }
    return { tokens: out, comment: c >= 0 ? text.slice(c + 2).trim() : "" };
  }
  const tokens: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") return { tokens, comment: text.slice(i + 2).trim() };
    if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < n && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < n) j++;
        s += text[j];
        j++;
      }
      tokens.push(s);
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = text.indexOf("`", i + 1);
      const end = j < 0 ? n : j;
      tokens.push(text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < n && !" \t\r()".includes(text[j]) && !(text[j] === "/" && text[j + 1] === "/")) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return { tokens, comment: "" };
}

function readDirectives(file: InputFile): { directives: Directive[]; unknown: Directive[] } {
  const directives: Directive[] = [];
  const unknown: Directive[] = [];
  const lines = file.text.split("\n");
  let block: string | undefined;
  let blockLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const { tokens, comment } = tokenize(lines[i]);
    if (tokens.length === 0) continue;
    const line = i + 1;
    if (block !== undefined) {
      if (tokens[0] === ")") {
        block = undefined;
        continue;
      }
      directives.push({ verb: block, args: tokens, comment, line });
      continue;
    }
    const verb = tokens[0];
    const d: Directive = { verb, args: tokens.slice(1), comment, line };
    if (!KNOWN_VERBS.has(verb)) {
      unknown.push(d);
      continue;
    }
    if (tokens[1] === "(") {
      if (tokens[2] === ")") continue; // `require ()`
      block = verb;
      blockLine = line;
      continue;
    }
    directives.push(d);
  }
  if (block !== undefined) {
    throw new InventoryError("malformed", `'${block} (' block opened on line ${blockLine} is never closed`, {
      file: file.path,
      line: blockLine,
    });
  }
  return { directives, unknown };
}

function isLocalPath(p: string): boolean {
  return (
    p.startsWith("./") ||
    p.startsWith("../") ||
    p.startsWith("/") ||
    /^[A-Za-z]:[\\/]/.test(p) ||
    p === "." ||
    p === ".."
  );
}

/** `go 1.21` → `1.21.0`, `go 1.21rc2` → `1.21.0-rc.2`, toolchain `go1.23.6-custom` → `1.23.6`. */
export function goVersionToSemver(v: string): string | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?(?:[-+].*)?$/.exec(v.trim());
  if (!m) return undefined;
  return `${m[1]}.${m[2]}.${m[3] ?? "0"}${m[4] ? `-${m[4]}.${m[5]}` : ""}`;
}

interface SumEntry {
  path: string;
  version: string;
  hash: string;
  line: number;
}

/**
 * go.sum lines `module version hash`, keyed `module version` (the line up to its second space).
 * `/go.mod` lines are skipped: they only vouch for a module's go.mod file, not for code in the
 * build. Split by hand: this runs for every line of files with thousands of lines.
 */
function readGoSum(sum: InputFile, warnings: ErrorInfo[], wanted?: Set<string>): Map<string, SumEntry> {
  const out = new Map<string, SumEntry>();
  const text = sum.text;
  let bad = 0;
  let line = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    line++;
    let t = text.slice(pos, end);
    pos = end + 1;
    if (t.endsWith("\r")) t = t.slice(0, -1);
    const sp1 = t.indexOf(" ");
    const sp2 = sp1 < 0 ? -1 : t.indexOf(" ", sp1 + 1);
    if (sp2 < 0 || t.indexOf(" ", sp2 + 1) >= 0 || t.charCodeAt(sp1 + 1) !== 118 /* v */) {
      const parts = t.trim().split(/\s+/);
      if (parts.length === 1 && parts[0] === "") continue;
      if (parts.length !== 3 || !parts[1].startsWith("v") || !parts[2].includes(":")) {
        bad++;
        continue;
      }
      if (parts[1].endsWith("/go.mod")) continue;
      out.set(`${parts[0]} ${parts[1]}`, { path: parts[0], version: parts[1], hash: parts[2], line });
      continue;
    }
    if (t.startsWith("/go.mod", sp2 - 7)) continue;
    const hash = t.slice(sp2 + 1);
    if (!hash.includes(":")) {
      bad++;
      continue;
    }
    const key = t.slice(0, sp2);
    if (wanted && !wanted.has(key)) continue;
    out.set(key, { path: t.slice(0, sp1), version: t.slice(sp1 + 1, sp2), hash, line });
  }
  if (bad > 0)
    warnings.push({
      code: "go-sum-malformed",
      message: `${sum.path}: ${bad} line(s) are not 'module version hash'; ignored`,
    });
  return out;
}

/**
 * Modules go.sum holds a full (not only `/go.mod`) hash for, highest version per module,
 * as transitive packages located in go.sum.
 */
function modulesFromSum(sum: Map<string, SumEntry>, sumFile: InputFile, skip: Set<string>): Package[] {
  const best = new Map<string, { version: string; entry: SumEntry }>();
  for (const entry of sum.values()) {
    const { path, version } = entry;
    if (skip.has(path) || !semver.valid(version)) continue;
    const have = best.get(path);
    if (!have || semver.gt(version, have.version)) best.set(path, { version, entry });
  }
  const out: Package[] = [];
  for (const [path, { version, entry }] of best) {
    const pkg: Package = {
      ecosystem: "Go",
      name: path,
      version,
      purl: simplePurl("Go", path, version),
      normalizedName: path,
      direct: false,
      scopes: ["prod"],
      locations: [{ path: sumFile.path, line: entry.line }],
      source: "registry",
      meta: { fromGoSum: true },
    };
    if (entry.hash) pkg.integrity = entry.hash;
    out.push(pkg);
  }
  return out;
}

export const goModParser: InventoryParser = {
  id: "go.mod",
  description: "Go modules: go.mod requirements (direct and // indirect, replace), go.sum hashes, Go stdlib",
  ecosystem: "Go",
  matches: (path) => basename(path) === "go.mod",
  async parse(file, ctx) {
    const warnings: ErrorInfo[] = [];
    const { directives, unknown } = readDirectives(file);
    if (directives.length === 0 && unknown.length > 0) {
      throw new InventoryError(
        "wrong-format",
        `'${unknown[0].verb}' is not a go.mod directive: not a go.mod`,
        {
          file: file.path,
          line: unknown[0].line,
        },
      );
    }
    for (const u of unknown)
      warnings.push({
        code: "unknown-directive",
        message: `unknown directive '${u.verb}' ignored`,
        line: u.line,
      });

    let goVersion: { v: string; line: number } | undefined;
    let toolchain: { v: string; line: number } | undefined;
    const requires: Directive[] = [];
    const replaceExact = new Map<string, Directive>();
    const replaceAny = new Map<string, Directive>();
    for (const d of directives) {
      switch (d.verb) {
        case "go":
          if (d.args[0]) goVersion = { v: d.args[0], line: d.line };
          break;
        case "toolchain":
          if (d.args[0]) toolchain = { v: d.args[0], line: d.line };
          break;
        case "require":
          if (d.args.length >= 2) requires.push(d);
          else
            warnings.push({
              code: "invalid-entry",
              message: "require without module and version",
              line: d.line,
            });
          break;
        case "replace": {
          const arrow = d.args.indexOf("=>");
          if (arrow !== 1 && arrow !== 2) {
            warnings.push({ code: "invalid-entry", message: "replace without '=>'", line: d.line });
            break;
          }
          if (arrow === 2) replaceExact.set(`${d.args[0]}@${d.args[1]}`, d);
          else replaceAny.set(d.args[0], d);
          break;
        }
      }
    }

    const packages: Package[] = [];
    const listed = new Set<string>();
    const hasReplaces = replaceExact.size > 0 || replaceAny.size > 0;
    for (const r of requires) {
      const path = r.args[0];
      const version = r.args[1];
      const indirect = r.comment !== "" && /^indirect(\s*;|$)/.test(r.comment);
      const rep = hasReplaces ? (replaceExact.get(`${path}@${version}`) ?? replaceAny.get(path)) : undefined;
      const pkg: Package = {
        ecosystem: "Go",
        name: path,
        version,
        purl: "",
        normalizedName: path,
        direct: !indirect,
        scopes: ["prod"],
        locations: [{ path: file.path, line: r.line }],
        source: "registry",
      };
      if (rep) {
        const arrow = rep.args.indexOf("=>");
        const target = rep.args[arrow + 1];
        const targetVersion = rep.args[arrow + 2];
        pkg.locations.push({ path: file.path, line: rep.line });
        if (target && isLocalPath(target)) {
          pkg.source = "file";
          pkg.resolved = target;
          pkg.meta = { replacedBy: target };
        } else if (target && targetVersion) {
          pkg.meta = { replaces: `${path}@${version}` };
          pkg.name = target;
          pkg.normalizedName = target;
          pkg.version = targetVersion;
        } else {
          warnings.push({ code: "invalid-entry", message: "replace target has no version", line: rep.line });
        }
      }
      pkg.purl = simplePurl("Go", pkg.name, pkg.version);
      packages.push(pkg);
      listed.add(pkg.name);
    }

    // Before Go 1.17 go.mod lists only part of the build list: take the rest from go.sum.
    const goSemver = goVersion ? goVersionToSemver(goVersion.v) : undefined;
    const preGraphPruning = !goSemver || semver.lt(goSemver, "1.17.0");
    const sumName = basename(file.path).replace(/\.mod$/, ".sum");
    let sum: Map<string, SumEntry> | undefined;
    let sumFile: InputFile | undefined;
    if (sumName.endsWith(".sum")) {
      try {
        sumFile = await ctx.readRelative(sumName);
        // From Go 1.17 on only the listed modules' hashes are needed; before, every module's.
        const wanted = preGraphPruning
          ? undefined
          : new Set(packages.filter((p) => p.source === "registry").map((p) => `${p.name} ${p.version}`));
        if (sumFile) sum = readGoSum(sumFile, warnings, wanted);
      } catch (e) {
        if (!(e instanceof InventoryError && e.code === "file-empty"))
          warnings.push({
            code: "go-sum-unreadable",
            message: `${sumName} could not be read (${e instanceof Error ? e.message : String(e)}); hashes are missing`,
          });
      }
    }

    if (sum)
      for (const pkg of packages) {
        if (pkg.source !== "registry") continue;
        const h = sum.get(`${pkg.name} ${pkg.version}`)?.hash;
        if (h) pkg.integrity = h;
      }
    if (preGraphPruning && sum && sumFile) packages.push(...modulesFromSum(sum, sumFile, listed));

    // `toolchain default` (or an unknown toolchain name) says nothing about the version: use `go`.
    const std = toolchain && goVersionToSemver(toolchain.v) ? toolchain : goVersion;
    const stdVersion = std ? goVersionToSemver(std.v) : undefined;
    if (std && stdVersion) {
      packages.push({
        ecosystem: "Go",
        name: "stdlib",
        version: stdVersion,
        purl: simplePurl("Go", "stdlib", stdVersion),
        normalizedName: "stdlib",
        direct: true,
        scopes: ["prod"],
        locations: [{ path: file.path, line: std.line }],
        meta: { stdlib: true, minimum: true, from: std === toolchain ? "toolchain" : "go" },
      });
    } else if (std) {
      warnings.push({
        code: "invalid-entry",
        message: `Go version '${std.v}' is not understood`,
        line: std.line,
      });
    }
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};

/**
 * go.sum on its own, only when named explicitly (`go.sum:path/go.sum`); discovery reads go.mod.
 * Without go.mod the build list is unknown, so this lists every module go.sum holds a full hash
 * for, at its highest version, all transitive.
 */
export const goSumParser: InventoryParser = {
  id: "go.sum",
  description: "Go checksum file alone (explicit FORMAT only): modules with hashes, highest version each",
  ecosystem: "Go",
  matches: () => false,
  parse(file) {
    const warnings: ErrorInfo[] = [];
    const sum = readGoSum(file, warnings);
    if (sum.size === 0)
      throw new InventoryError("wrong-format", "no line is 'module version hash': not a go.sum", {
        file: file.path,
      });
    const packages = modulesFromSum(sum, file, new Set());
    return warnings.length > 0 ? { packages, warnings } : { packages };
  },
};
