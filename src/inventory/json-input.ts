import type { InputFile } from "./types.ts";
import { InventoryError } from "./types.ts";

/** The last path segment, for either separator (parsers' `matches` work on names alone). */
export function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** A plain (non-array, non-null) JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value as a string when it is one, else undefined (defensive reads of untrusted JSON). */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * Parse a JSON input whose top level must be an object. Syntax errors become `malformed`
 * (with the line when the engine reports a position); any other top level is `wrong-format`.
 */
export function parseJsonObject(file: InputFile, formatName: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    let line: number | undefined;
    if (pos) {
      line = 1;
      const end = Math.min(Number(pos[1]), file.text.length);
      for (let i = 0; i < end; i++) if (file.text.charCodeAt(i) === 10) line++;
    }
    throw new InventoryError("malformed", `not valid JSON (${formatName}): ${msg}`, {
      file: file.path,
      cause: e,
      ...(line ? { line } : {}),
    });
  }
  if (!isObject(data)) {
    throw new InventoryError(
      "wrong-format",
      `expected a JSON object at the top level of a ${formatName}, found ${data === null ? "null" : Array.isArray(data) ? "an array" : typeof data}`,
      { file: file.path },
    );
  }
  return data;
}
