import { defineScheme } from "../cache.ts";

/**
 * Alpine (and Wolfi/Chainguard): apk-tools 2.x version comparison (`apk version -t`,
 * src/version.c), written by hand because no maintained JS library implements it. apk-tools 2.x is
 * what Alpine releases covered by the advisory data ship, and what the reference vectors were
 * generated with (Alpine 3.10).
 *
 * The format is Gentoo-like: `1.2.3a_rc1_p2-r4`. apk reads a version as a stream of tokens
 * (numbers, one letter, `_suffix` with an optional number, `-r` revision) and compares the streams
 * value by value while the kinds agree. Leading zeros in a later component are significant
 * (`1.05` < `1.5`). Suffixes rank alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p.
 * When one stream ends or changes kind first, the longer one is greater unless what follows is a
 * pre-release suffix. apk compares strings that do not follow the format too (it stops at the
 * first invalid token), so any non-empty string without spaces is accepted;
 * `isStrictAlpineVersion` tells whether apk would call it valid. One difference: apk 2.x adds up
 * numbers in a C `int`, which overflows past 2^31 (`_pre20191002222144`); we compare them exactly.
 * Checked against apk-tools 2.x's version.c built locally (`__fixtures__/crafted-apk-tools-2.txt`).
 */

const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

type Value = number | bigint;

export interface AlpineVersion {
  /** Token values in order. */
  values: Value[];
  /** The token type after reading `values[i]` (END or INVALID after the last). */
  after: number[];
}

const PRE_SUFFIXES = ["alpha", "beta", "pre", "rc"];
const POST_SUFFIXES = ["cvs", "svn", "git", "hg", "p"];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function toValue(digits: string): Value {
  return digits.length > 15 ? BigInt(digits) : Number(digits);
}

/** apk's `next_token`: the type of the token at `pos`, and the position after its separator. */
function nextToken(type: number, s: string, pos: number): [number, number] {
  let n = INVALID;
  let p = pos;
  if (p >= s.length) n = END;
  else {
    const c = s.charCodeAt(p);
    if ((type === DIGIT || type === DIGIT_OR_ZERO) && isLower(c)) n = LETTER;
    else if (type === LETTER && isDigit(c)) n = DIGIT;
    else if (type === SUFFIX && isDigit(c)) n = SUFFIX_NO;
    else {
      if (c === 46 /* . */) n = DIGIT_OR_ZERO;
      else if (c === 95 /* _ */) n = SUFFIX;
      else if (c === 45 /* - */) {
        if (p + 1 < s.length && s.charCodeAt(p + 1) === 114 /* r */) {
          n = REVISION_NO;
          p++;
        }
      }
      p++;
    }
  }
  if (n < type) {
    const allowed =
      (n === DIGIT_OR_ZERO && type === DIGIT) ||
      (n === SUFFIX && type === SUFFIX_NO) ||
      (n === DIGIT && type === LETTER);
    if (!allowed) n = INVALID;
  }
  return [n, p];
}

/** Read one token of `type` at `pos` (apk's `get_token`): [value, end, forced next type] or undefined if invalid. */
function readToken(type: number, s: string, pos: number): [Value, number, number] | undefined {
  let i = pos;
  if (type === DIGIT_OR_ZERO && s.charCodeAt(i) === 48) {
    // Leading zeros of a later component are a token of their own, worth minus their count.
    while (i < s.length && s.charCodeAt(i) === 48) i++;
    return [-(i - pos), i, DIGIT];
  }
  if (type === DIGIT_OR_ZERO || type === DIGIT || type === SUFFIX_NO || type === REVISION_NO) {
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    return [i > pos ? toValue(s.slice(pos, i)) : 0, i, INVALID];
  }
  if (type === LETTER) return [s.charCodeAt(i), i + 1, INVALID];
  if (type === SUFFIX) {
    const pre = PRE_SUFFIXES.findIndex((x) => s.startsWith(x, pos));
    if (pre >= 0) return [pre - PRE_SUFFIXES.length, pos + (PRE_SUFFIXES[pre] as string).length, INVALID];
    const post = POST_SUFFIXES.findIndex((x) => s.startsWith(x, pos));
    if (post >= 0) return [post, pos + (POST_SUFFIXES[post] as string).length, INVALID];
  }
  return undefined;
}

/** Run apk's tokenizer over the whole string, recording every value and the type after it. */
export function tokenizeAlpine(s: string): AlpineVersion {
  const values: Value[] = [];
  const after: number[] = [];
  let type = DIGIT;
  let pos = 0;
  while (type !== END && type !== INVALID) {
    if (pos >= s.length) {
      values.push(0);
      after.push(END);
      break;
    }
    const tok = readToken(type, s, pos);
    if (!tok) {
      values.push(-1);
      after.push(INVALID);
      break;
    }
    const [v, end, forced] = tok;
    pos = end;
    values.push(v);
    if (pos >= s.length) type = END;
    else if (forced !== INVALID) type = forced;
    else [type, pos] = nextToken(type, s, pos);
    after.push(type);
  }
  return { values, after };
}

export function parseAlpineVersion(v: string): AlpineVersion | undefined {
  if (v === "" || v.length > 256 || /\s/.test(v)) return undefined;
  return tokenizeAlpine(v);
}

/** True when apk itself would call the version valid (`apk_version_validate`). */
export function isStrictAlpineVersion(v: string): boolean {
  const t = parseAlpineVersion(v);
  return t !== undefined && t.after[t.after.length - 1] === END;
}

/** apk's `apk_version_compare_blob` over two token streams. */
export function compareAlpine(a: AlpineVersion, b: AlpineVersion): number {
  let at = DIGIT;
  let bt = DIGIT;
  let av: Value = 0;
  let bv: Value = 0;
  let i = 0;
  while (at === bt && at !== END && at !== INVALID && !(av < bv || av > bv)) {
    av = a.values[i] ?? 0;
    at = a.after[i] ?? END;
    bv = b.values[i] ?? 0;
    bt = b.after[i] ?? END;
    i++;
  }
  if (av < bv) return -1;
  if (av > bv) return 1;
  if (at === bt) return 0;
  // The next token of the longer stream decides: a pre-release suffix makes it smaller.
  if (at === SUFFIX && (a.values[i] ?? -1) < 0) return -1;
  if (bt === SUFFIX && (b.values[i] ?? -1) < 0) return 1;
  if (at > bt) return -1;
  if (bt > at) return 1;
  return 0;
}

export const alpineScheme = defineScheme<AlpineVersion>({
  id: "alpine",
  parse: parseAlpineVersion,
  compareParsed: compareAlpine,
});
