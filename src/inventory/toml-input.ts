import { parse as parseToml, TomlError } from "smol-toml";
import { type InputFile, InventoryError } from "./types.ts";

/** A parsed TOML table, as smol-toml returns it. */
export type TomlTable = Record<string, unknown>;

/**
 * Parse a TOML input; syntax errors become an InventoryError `malformed` naming the file, with
 * the line and column smol-toml reports.
 */
export function parseTomlInput(file: InputFile, formatName: string): TomlTable {
  try {
    return parseToml(file.text) as TomlTable;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
      throw new InventoryError("malformed", `not valid TOML, so not a ${formatName}: ${first}`, {
        file: file.path,
        line: e.line,
        column: e.column,
        cause: e,
      });
    }
    throw new InventoryError("malformed", `not valid TOML, so not a ${formatName}`, {
      file: file.path,
      cause: e,
    });
  }
}

/**
 * 1-based line numbers of each `[[name]]` array-of-tables header, in order, found in one
 * forward pass over the text. smol-toml does not report positions, so the i-th header is
 * paired with the i-th array element. Headers inside multi-line strings are skipped, so the
 * pairing holds for every file the TOML parser accepted (callers still check the counts).
 */
export function arrayTableLines(text: string, name: string): number[] {
  const header = `[[${name}]]`;
  const ranges = text.includes('"""') || text.includes("'''") ? multilineRanges(text) : [];
  const out: number[] = [];
  let line = 1;
  let counted = 0;
  let r = 0;
  for (let at = text.indexOf(header); at >= 0; at = text.indexOf(header, at + header.length)) {
    // Only a header when it starts its line (after optional indentation) and ends it
    // (after optional spaces and a comment).
    let s = at - 1;
    while (s >= 0 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s--;
    if (s >= 0 && text.charCodeAt(s) !== 10) continue;
    let e = at + header.length;
    while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
    const next = text.charCodeAt(e);
    if (e < text.length && next !== 10 && next !== 13 && next !== 35 /* # */) continue;
    while (r < ranges.length && ranges[r][1] < at) r++;
    if (r < ranges.length && ranges[r][0] < at && at <= ranges[r][1]) continue;
    // Count the newlines between the previous header and this one (linear overall).
    for (let i = text.indexOf("\n", counted); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
    counted = at;
    out.push(line);
  }
  return out;
}

/**
 * Offset ranges `[after the opening line, end of the closing line]` covered by multi-line
 * strings. Only called for files that contain a triple quote at all.
 */
function multilineRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let state: string | undefined;
  let openAt = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const lineText = text.slice(pos, end);
    const before = state;
    if (before !== undefined) {
      if (lineText.includes(before)) state = multilineStateAfter(lineText, before);
    } else if (lineText.includes('"""') || lineText.includes("'''")) {
      state = multilineStateAfter(lineText, undefined);
    }
    if (before === undefined && state !== undefined) openAt = end;
    else if (before !== undefined && state === undefined) ranges.push([openAt, end]);
    pos = end + 1;
  }
  if (state !== undefined) ranges.push([openAt, text.length]);
  return ranges;
}

/**
 * Track multi-line string state across one line: returns the delimiter still open at the end of
 * the line, or undefined. Ignores single-line strings and comments well enough for lockfiles.
 */
function multilineStateAfter(line: string, open: string | undefined): string | undefined {
  let i = 0;
  let state = open;
  while (i < line.length) {
    if (state !== undefined) {
      const at = line.indexOf(state, i);
      if (at < 0) return state;
      if (state === '"""' && at > 0 && isEscaped(line, at)) {
        i = at + 1;
        continue;
      }
      i = at + 3;
      // A closing delimiter may be followed by up to two more quotes that belong to the string.
      while (line[i] === state[0]) i++;
      state = undefined;
      continue;
    }
    const c = line[i];
    if (c === "#") return undefined;
    if (c === '"' || c === "'") {
      if (line.startsWith(c.repeat(3), i)) {
        state = c.repeat(3);
        i += 3;
        continue;
      }
      // single-line string: skip to its end
      let j = i + 1;
      while (j < line.length && line[j] !== c) {
        if (c === '"' && line[j] === "\\") j++;
        j++;
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return state;
}

function isEscaped(line: string, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && line[k] === "\\"; k--) n++;
  return n % 2 === 1;
}

/** A string field or undefined (defensive access to untrusted TOML/JSON). */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function tables(v: unknown): TomlTable[] {
  return Array.isArray(v) ? v.filter(isTable) : [];
}
