import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { type InputFile, InventoryError } from "./types.ts";

/** Default upper bound for one input file; `--max-file-size` overrides it. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number;
  /** Base for the display path (default: the current directory). */
  cwd?: string;
}

export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absolutePath);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : absolutePath;
}

/**
 * Read one input defensively: missing, unreadable, too large, empty and binary files each
 * become an InventoryError naming the file.
 */
export async function readInput(path: string, options: ReadOptions = {}): Promise<InputFile> {
  const cwd = options.cwd ?? process.cwd();
  const absolutePath = resolve(cwd, path);
  const shown = displayPath(absolutePath, cwd);
  const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let size: number;
  try {
    const st = await stat(absolutePath);
    if (!st.isFile()) throw new InventoryError("file-unreadable", "is not a regular file", { file: shown });
    size = st.size;
  } catch (e) {
    if (e instanceof InventoryError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new InventoryError("file-not-found", "no such file", { file: shown, cause: e });
    throw new InventoryError("file-unreadable", `cannot read file (${code ?? "error"})`, {
      file: shown,
      cause: e,
    });
  }
  if (size > max) {
    throw new InventoryError(
      "file-too-large",
      `file is ${size} bytes, over the limit of ${max} bytes (raise it with --max-file-size)`,
      { file: shown },
    );
  }
  let buf: Buffer;
  try {
    buf = await readFile(absolutePath);
  } catch (e) {
    throw new InventoryError(
      "file-unreadable",
      `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      {
        file: shown,
        cause: e,
      },
    );
  }
  if (buf.length === 0 || buf.toString("utf8").trim() === "") {
    throw new InventoryError("file-empty", "file is empty", { file: shown });
  }
  // A NUL byte in the first 8 KiB means binary for every text format we read (UTF-16 included).
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) throw new InventoryError("file-binary", "file is binary, not text", { file: shown });
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path: shown, absolutePath, text };
}

/** A ParseContext.readRelative for one input: resolves against the input's folder; undefined when absent. */
export function relativeReader(file: InputFile, options: ReadOptions = {}) {
  return async (relativePath: string): Promise<InputFile | undefined> => {
    const target = resolve(dirname(file.absolutePath), relativePath);
    try {
      return await readInput(target, options);
    } catch (e) {
      if (e instanceof InventoryError && e.code === "file-not-found") return undefined;
      throw e;
    }
  };
}

/** 1-based line number of a character offset in text. Parsers use it to report locations. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Build an index from a searched key to its 1-based line, for formats parsed by a library that
 * does not report positions. `lineOf(needle, from)` finds the first line containing needle at or
 * after line `from`. Linear per call but parsers use it with increasing `from`.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  readonly text: string;
  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line of an offset (binary search). */
  lineOfOffset(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** 1-based line of the first occurrence of needle at or after the offset, or undefined. */
  find(needle: string, fromOffset = 0): { line: number; offset: number } | undefined {
    const at = this.text.indexOf(needle, fromOffset);
    if (at < 0) return undefined;
    return { line: this.lineOfOffset(at), offset: at };
  }
}
