import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, Scalar } from "yaml";
import type { z } from "zod";
import { PolicyError, type PolicyErrorCode, type PolicyProblem } from "./errors.ts";

/** A YAML document kept with its source positions, so problems can name their line and column. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

export function parseYamlSource(
  file: string,
  text: string,
  code: PolicyErrorCode = "policy-yaml",
): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: PolicyProblem[] = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, message: `invalid YAML: ${e.message.split("\n")[0]}` };
    });
    const first = problems[0];
    throw new PolicyError(code, first.message, { file, line: first.line, column: first.column, problems });
  }
  return { file, text, doc, lines, value: doc.toJS({ maxAliasCount: 100 }) };
}

/** Line and column (1-based) of the node at `path`, or of its nearest existing parent. */
export function locate(src: YamlSource, path: readonly PropertyKey[]): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? src.doc.contents : src.doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = src.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

/**
 * Line and column of a 0-based offset inside the string value at `path` (for CEL errors inside
 * a `when:`). Quoted and block scalars are accounted for; escapes inside quotes are not.
 */
export function locateInScalar(
  src: YamlSource,
  path: readonly PropertyKey[],
  offset: number,
): { line?: number; column?: number } {
  const node = src.doc.getIn(path as unknown[], true);
  if (!isScalar(node) || !node.range || typeof node.value !== "string") return locate(src, path);
  const before = node.value.slice(0, Math.min(offset, node.value.trimEnd().length));
  const lineIndex = before.split("\n").length - 1;
  const colInLine = before.length - (before.lastIndexOf("\n") + 1);
  const start = src.lines.linePos(node.range[0]);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    // The block's content starts on the line after the indicator; find its indentation.
    const contentLine = start.line + 1 + lineIndex;
    const lineText = src.text.split("\n")[contentLine - 1] ?? "";
    const indent = lineText.length - lineText.trimStart().length;
    return { line: contentLine, column: indent + colInLine + 1 };
  }
  const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  if (lineIndex === 0) return { line: start.line, column: start.col + quote + colInLine };
  return { line: start.line + lineIndex, column: colInLine + 1 };
}

/** Turn zod issues into located problems. */
export function zodProblems(src: YamlSource, issues: readonly z.core.$ZodIssue[]): PolicyProblem[] {
  return issues.map((issue) => {
    const path = issue.path;
    const where = path.length ? path.join(".") : "(top level)";
    let message = issue.message;
    if (issue.code === "unrecognized_keys")
      message = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    const loc =
      issue.code === "unrecognized_keys" && issue.keys.length > 0
        ? locateKey(src, path, issue.keys[0])
        : locate(src, path);
    return { file: src.file, ...loc, path: where, message: `${where}: ${message}` };
  });
}

function locateKey(
  src: YamlSource,
  path: readonly PropertyKey[],
  key: string,
): { line?: number; column?: number } {
  const parent = path.length ? src.doc.getIn(path as unknown[], true) : src.doc.contents;
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        const pos = src.lines.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return locate(src, path);
}

export { isSeq };
