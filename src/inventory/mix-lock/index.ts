import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { LineIndex } from "../read-input.ts";
import { propagateScopes } from "../scope-propagation.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseContext,
  type ParseOutput,
} from "../types.ts";
import { readMixDeps } from "./mix-exs.ts";

/**
 * Elixir/Erlang `mix.lock` (Hex). The file is one Elixir map literal:
 *
 *   %{
 *     "app": {:hex, :package, "1.2.3", "inner-sha256", [:mix], [deps...], "hexpm", "outer-sha256"},
 *     "dep": {:git, "https://...", "commit", [branch: "main"]},
 *   }
 *
 * No Elixir term parser exists for Node, and the lock only ever holds literals (maps, tuples,
 * lists, strings, atoms, keyword pairs, booleans), so a small tokenizer and recursive-descent
 * reader of those literals is written here; anything else is reported as malformed.
 *
 * - `:hex` entries → Hex packages named by the Hex package atom (usually the same as the key),
 *   the outer checksum (SHA-256 of the tarball) as the hash, the repository in meta.repo.
 * - dependency tuples `{:app, "req", [hex: :pkg, repo: "hexpm", optional: false]}` → edges.
 * - `:git` entries → source git, resolved `url#commit`, version "" (a git dependency has none).
 * - direct and scopes: from `mix.exs` beside the lock when present (its `deps` list and `only:`
 *   environments, spread along the graph; see mix-exs.ts). Without it, packages no other locked
 *   package requires are direct (the project must be what requires them) and all are `prod`.
 */

type Term =
  | { t: "map"; entries: [Term, Term][]; at: number }
  | { t: "tuple" | "list"; items: Term[]; at: number }
  | { t: "string"; v: string; at: number }
  | { t: "atom"; v: string; at: number }
  | { t: "word"; v: string; at: number }
  | { t: "pair"; key: string; value: Term; at: number };

type Tok =
  | { k: "punct"; v: "%{" | "{" | "}" | "[" | "]" | "," | "=>"; at: number }
  | { k: "string"; v: string; at: number; key: boolean }
  | { k: "atom"; v: string; at: number }
  | { k: "keyword"; v: string; at: number }
  | { k: "word"; v: string; at: number };

class SyntaxProblem extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

const IDENT = /[A-Za-z0-9_@?!.]/;

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  const readString = (start: number): { v: string; end: number } => {
    let v = "";
    let j = start + 1;
    while (j < n) {
      const c = text[j];
      if (c === "\\") {
        const e = text[j + 1];
        v += e === "n" ? "\n" : e === "t" ? "\t" : (e ?? "");
        j += 2;
        continue;
      }
      if (c === '"') return { v, end: j + 1 };
      if (c === "#" && text[j + 1] === "{") throw new SyntaxProblem("string interpolation is not allowed", j);
      v += c;
      j++;
    }
    throw new SyntaxProblem("unterminated string", start);
  };
  while (i < n) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\r" || c === "\t") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "%" && text[i + 1] === "{") {
      out.push({ k: "punct", v: "%{", at: i });
      i += 2;
      continue;
    }
    if (c === "=" && text[i + 1] === ">") {
      out.push({ k: "punct", v: "=>", at: i });
      i += 2;
      continue;
    }
    if (c === "{" || c === "}" || c === "[" || c === "]" || c === ",") {
      out.push({ k: "punct", v: c, at: i });
      i++;
      continue;
    }
    if (c === '"') {
      const s = readString(i);
      // `"name": value` — a string used as a keyword key.
      const key = text[s.end] === ":" && /\s/.test(text[s.end + 1] ?? "");
      out.push({ k: "string", v: s.v, at: i, key });
      i = key ? s.end + 1 : s.end;
      continue;
    }
    if (c === ":") {
      if (text[i + 1] === '"') {
        const s = readString(i + 1);
        out.push({ k: "atom", v: s.v, at: i });
        i = s.end;
        continue;
      }
      let j = i + 1;
      while (j < n && IDENT.test(text[j])) j++;
      if (j === i + 1) throw new SyntaxProblem("unexpected ':'", i);
      out.push({ k: "atom", v: text.slice(i + 1, j), at: i });
      i = j;
      continue;
    }
    if (IDENT.test(c) || c === "-") {
      let j = i + 1;
      while (j < n && IDENT.test(text[j])) j++;
      const word = text.slice(i, j);
      if (text[j] === ":" && /\s/.test(text[j + 1] ?? "")) {
        out.push({ k: "keyword", v: word, at: i });
        i = j + 1;
      } else {
        out.push({ k: "word", v: word, at: i });
        i = j;
      }
      continue;
    }
    throw new SyntaxProblem(`unexpected character '${c}'`, i);
  }
  return out;
}

function parseTerms(toks: Tok[], textLength: number): Term {
  let p = 0;
  const peek = () => toks[p];
  const fail = (msg: string): never => {
    throw new SyntaxProblem(msg, toks[p]?.at ?? textLength);
  };
  const expectPunct = (v: string) => {
    const t = toks[p];
    if (t?.k !== "punct" || t.v !== v) fail(`expected '${v}'`);
    p++;
  };
  const value = (depth: number): Term => {
    if (depth > 64) fail("nesting too deep");
    const t = toks[p];
    if (!t) return fail("unexpected end of file");
    if (t.k === "string") {
      if (t.key) fail("unexpected key");
      p++;
      return { t: "string", v: t.v, at: t.at };
    }
    if (t.k === "atom") {
      p++;
      return { t: "atom", v: t.v, at: t.at };
    }
    if (t.k === "word") {
      p++;
      return { t: "word", v: t.v, at: t.at };
    }
    if (t.k === "keyword") return fail("unexpected keyword");
    if (t.v === "%{") {
      p++;
      const entries: [Term, Term][] = [];
      while (!(peek()?.k === "punct" && peek()?.v === "}")) {
        const k = toks[p];
        if (!k) fail("unterminated map");
        let key: Term;
        if (k.k === "string" && k.key) {
          p++;
          key = { t: "string", v: k.v, at: k.at };
        } else if (k.k === "keyword") {
          p++;
          key = { t: "atom", v: k.v, at: k.at };
        } else {
          key = value(depth + 1);
          expectPunct("=>");
        }
        entries.push([key, value(depth + 1)]);
        if (peek()?.k === "punct" && peek()?.v === ",") p++;
        else if (!(peek()?.k === "punct" && peek()?.v === "}")) fail("expected ',' or '}' in map");
      }
      p++;
      return { t: "map", entries, at: t.at };
    }
    if (t.v === "{" || t.v === "[") {
      const close = t.v === "{" ? "}" : "]";
      p++;
      const items: Term[] = [];
      while (!(peek()?.k === "punct" && peek()?.v === close)) {
        const k = toks[p];
        if (!k) fail(`unterminated ${t.v === "{" ? "tuple" : "list"}`);
        if (k.k === "keyword" || (k.k === "string" && k.key)) {
          p++;
          items.push({ t: "pair", key: k.v, value: value(depth + 1), at: k.at });
        } else items.push(value(depth + 1));
        if (peek()?.k === "punct" && peek()?.v === ",") p++;
        else if (!(peek()?.k === "punct" && peek()?.v === close)) fail(`expected ',' or '${close}'`);
      }
      p++;
      return { t: t.v === "{" ? "tuple" : "list", items, at: t.at };
    }
    return fail(`unexpected '${t.v}'`);
  };
  const root = value(0);
  if (p < toks.length) fail("unexpected text after the map");
  return root;
}

function strOf(t: Term | undefined): string | undefined {
  return t && (t.t === "string" || t.t === "atom") ? t.v : undefined;
}

export function parseMixLock(file: InputFile): ParseOutput {
  const lines = new LineIndex(file.text);
  let root: Term;
  try {
    const toks = tokenize(file.text);
    if (toks.length === 0 || toks[0].k !== "punct" || toks[0].v !== "%{") {
      throw new InventoryError("wrong-format", "not a mix.lock: the file is not an Elixir map (%{...})", {
        file: file.path,
        ...(toks[0] ? { line: lines.lineOfOffset(toks[0].at) } : {}),
      });
    }
    root = parseTerms(toks, file.text.length);
  } catch (e) {
    if (e instanceof SyntaxProblem) {
      throw new InventoryError("malformed", `cannot read the Elixir map: ${e.message}`, {
        file: file.path,
        line: lines.lineOfOffset(e.at),
        cause: e,
      });
    }
    throw e;
  }
  if (root.t !== "map") throw new InventoryError("wrong-format", "not a mix.lock", { file: file.path });

  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  const byApp = new Map<string, Package>();
  const edges: string[][] = [];
  for (const [keyTerm, val] of root.entries) {
    const app = strOf(keyTerm) ?? "";
    const line = lines.lineOfOffset(keyTerm.at);
    const kind = val.t === "tuple" ? strOf(val.items[0]) : undefined;
    if (!app || val.t !== "tuple" || (kind !== "hex" && kind !== "git")) {
      warnings.push({
        code: "malformed",
        message: `entry '${app}' is not a {:hex, ...} or {:git, ...} tuple; skipped`,
        line,
      });
      continue;
    }
    const items = val.items;
    if (kind === "hex") {
      const name = strOf(items[1]);
      const version = strOf(items[2]);
      if (!name || !version) {
        warnings.push({
          code: "malformed",
          message: `hex entry '${app}' has no package name or version; skipped`,
          line,
        });
        continue;
      }
      const pkg: Package = {
        ecosystem: "Hex",
        name,
        version,
        purl: quickPurl("hex", "Hex", undefined, name, version),
        normalizedName: name,
        direct: false,
        scopes: ["prod"],
        locations: [{ path: file.path, line }],
        source: "registry",
      };
      const meta: Record<string, string> = {};
      if (app !== name) meta.app = app;
      const inner = strOf(items[3]);
      if (inner) meta.innerChecksum = inner;
      const repo = strOf(items[6]);
      if (repo) meta.repo = repo;
      const outer = strOf(items[7]);
      if (outer) pkg.hashes = [{ alg: "sha256", value: outer.toLowerCase() }];
      const managers = items[4];
      if (managers?.t === "list") meta.buildTools = managers.items.map(strOf).filter(Boolean).join(",");
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      const deps: string[] = [];
      const depList = items[5];
      if (depList?.t === "list") {
        for (const d of depList.items) {
          const depApp = d.t === "tuple" ? strOf(d.items[0]) : undefined;
          if (depApp) deps.push(depApp);
        }
      }
      packages.push(pkg);
      edges.push(deps);
      byApp.set(app, pkg);
    } else {
      const url = strOf(items[1]);
      const commit = strOf(items[2]);
      if (!url) {
        warnings.push({ code: "malformed", message: `git entry '${app}' has no URL; skipped`, line });
        continue;
      }
      const pkg: Package = {
        ecosystem: "Hex",
        name: app,
        version: "",
        purl: quickPurl("hex", "Hex", undefined, app, ""),
        normalizedName: app,
        direct: false,
        scopes: ["prod"],
        locations: [{ path: file.path, line }],
        source: "git",
        resolved: commit ? `${url}#${commit}` : url,
      };
      const meta: Record<string, string> = {};
      if (commit) meta.commit = commit;
      const opts = items[3];
      if (opts?.t === "list") {
        for (const o of opts.items) {
          const v = o.t === "pair" ? strOf(o.value) : undefined;
          if (o.t === "pair" && v && (o.key === "branch" || o.key === "tag" || o.key === "ref"))
            meta[o.key] = v;
        }
      }
      if (Object.keys(meta).length > 0) pkg.meta = meta;
      packages.push(pkg);
      edges.push([]);
      byApp.set(app, pkg);
    }
  }
  const required = new Set<Package>();
  for (let i = 0; i < packages.length; i++) {
    const deps: string[] = [];
    for (const app of edges[i]) {
      const target = byApp.get(app);
      if (!target || target === packages[i]) continue;
      required.add(target);
      if (!deps.includes(target.purl)) deps.push(target.purl);
    }
    if (deps.length > 0) packages[i].dependencies = deps;
  }
  for (const p of packages) p.direct = !required.has(p);
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

/**
 * The lock, then `mix.exs` beside it when readable: the apps its `deps` list names are the direct
 * packages (replacing the inference from the graph) and their `only:` environments become scopes,
 * spread along the lock's graph.
 */
async function parseWithMixExs(file: InputFile, ctx: ParseContext): Promise<ParseOutput> {
  const out = parseMixLock(file);
  let manifest: InputFile | undefined;
  try {
    manifest = await ctx.readRelative("mix.exs");
  } catch {
    manifest = undefined;
  }
  const deps = manifest ? readMixDeps(manifest.text) : undefined;
  if (!deps || deps.size === 0) return out;
  const direct = new Map<string, Scope[]>();
  for (const p of out.packages) {
    const app = typeof p.meta?.app === "string" ? p.meta.app : p.name;
    const scopes = deps.get(app);
    p.direct = scopes !== undefined;
    if (scopes) direct.set(p.name, scopes);
  }
  propagateScopes(out.packages, direct);
  return out;
}

export const mixLockParser: InventoryParser = {
  id: "mix.lock",
  description: "Elixir/Erlang mix.lock: Hex packages with checksums and graph, git dependencies",
  ecosystem: "Hex",
  matches: (path: string) => fileName(path) === "mix.lock",
  parse: parseWithMixExs,
};
