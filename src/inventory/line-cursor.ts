import { buildPurl } from "../core/package.ts";

/**
 * Line numbers for formats parsed by a library that reports no positions (JSON, YAML): the
 * parser finds each entry's key with `indexOf` from where the previous one was found, and this
 * cursor counts newlines only over the text it moves across — one forward pass over the file in
 * total, done with the engine's native `indexOf`, so it adds little to the cost of the parse.
 * Moving backwards (entries written out of order) restarts the count from the top.
 */
export class LineCursor {
  private offset = 0;
  private line = 1;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    const text = this.text;
    let i = text.indexOf("\n", this.offset);
    while (i >= 0 && i < offset) {
      this.line++;
      i = text.indexOf("\n", i + 1);
    }
    this.offset = offset;
    return this.line;
  }

  /**
   * Find the next occurrence of `needle` at or after `from`; when absent, search again from the
   * top (for entries out of order). Returns its offset and line, or undefined.
   */
  find(needle: string, from: number): { offset: number; line: number } | undefined {
    let at = this.text.indexOf(needle, from);
    if (at < 0 && from > 0) at = this.text.indexOf(needle, 0);
    if (at < 0) return undefined;
    return { offset: at, line: this.lineAt(at) };
  }
}

const PURL_SAFE = /^[A-Za-z0-9._~-]*$/;
/** purl types whose namespace and name are lower-cased by the purl library. */
const LOWER_CASE_TYPES = new Set(["composer", "hex", "pub"]);

/**
 * A purl for the common case where every part is made of characters purl never escapes; the
 * general (slower) `buildPurl` otherwise. It gives the same string as `buildPurl` — a parser of a
 * large lockfile builds hundreds of purls, and the general path costs more than the parse.
 * `namespace` is given separately (Packagist `vendor`, Maven `group`).
 */
export function quickPurl(
  type: string,
  ecosystem: string,
  namespace: string | undefined,
  name: string,
  version: string,
): string {
  if (
    PURL_SAFE.test(name) &&
    PURL_SAFE.test(version) &&
    (namespace === undefined || PURL_SAFE.test(namespace))
  ) {
    let ns = namespace === undefined ? "" : `${namespace}/`;
    if (LOWER_CASE_TYPES.has(type)) {
      ns = ns.toLowerCase();
      name = name.toLowerCase();
    }
    return version ? `pkg:${type}/${ns}${name}@${version}` : `pkg:${type}/${ns}${name}`;
  }
  const full =
    namespace === undefined ? name : type === "maven" ? `${namespace}:${name}` : `${namespace}/${name}`;
  return buildPurl(ecosystem, full, version);
}
