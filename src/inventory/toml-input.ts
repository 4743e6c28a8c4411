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
 * forward scan over the text. smol-toml does not report positions, so the i-th header is
 * paired with the i-th array element. Headers inside multi-line strings are skipped (a line
 * is only a header when it starts the line outside a `"""`/`'''` string), so the pairing holds
 * for every file the TOML parser accepted.
 */
export function arrayTableLines(text: string, name: string): number[] {
  const header = `[[${name}]]`;
  const lines: number[] = [];
  let line = 1;
  let pos = 0;
  let inMultiline: string | undefined;
  const n = text.length;
  // Cached next positions of multi-line string delimiters, so the scan stays linear.
  let nextDq = text.indexOf('"""');
  let nextSq = text.indexOf("'''");
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    if (nextDq >= 0 && nextDq < pos) nextDq = text.indexOf('"""', pos);
    if (nextSq >= 0 && nextSq < pos) nextSq = text.indexOf("'''", pos);
    const hasDelimiter = (nextDq >= 0 && nextDq < end) || (nextSq >= 0 && nextSq < end);
    if (inMultiline !== undefined) {
      if (hasDelimiter) inMultiline = multilineStateAfter(text.slice(pos, end), inMultiline);
    } else {
      let s = pos;
      while (s < end && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
      if (text.charCodeAt(s) === 91 /* [ */) {
        if (text.startsWith(header, s)) {
          const after = text.charCodeAt(s + header.length);
          // `[[package]]` followed by space, comment, CR or end of line.
          if (
            Number.isNaN(after) ||
            after === 10 ||
            after === 13 ||
            after === 32 ||
            after === 9 ||
            after === 35
          )
            lines.push(line);
        }
      } else if (hasDelimiter) {
        inMultiline = multilineStateAfter(text.slice(pos, end), undefined);
      }
    }
    pos = end + 1;
    line++;
  }
  return lines;
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
