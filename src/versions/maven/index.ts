import { compareDigits, compareStrings, defineScheme } from "../cache.ts";
import { parseBracketRange } from "../interval.ts";

/**
 * Maven: the `ComparableVersion` algorithm of maven-artifact 3.8.6 (the version the reference
 * vectors were generated with), written by hand because no maintained JS library implements it.
 *
 * A version is lower-cased and split into items: numbers, qualifiers and nested lists. `.`
 * separates items in the same list; `-` and every digit/letter transition start a nested list.
 * Trailing "null" items (0, "", ga/final/release, empty lists) are dropped from every list.
 * Qualifiers order alpha < beta < milestone < rc (= cr) < snapshot < "" (release) < sp <
 * anything else (alphabetically); `a1`/`b1`/`m1` are alpha/beta/milestone when a digit follows.
 * Numbers have no size limit (compared as digit strings).
 */

type Item = IntItem | StrItem | ListItem;
interface IntItem {
  t: 0;
  digits: string;
}
interface StrItem {
  t: 1;
  value: string;
  /** Sort key: the index in QUALIFIERS, or `7-<qualifier>` for unknown ones. */
  key: string;
}
interface ListItem {
  t: 2;
  items: Item[];
}

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_KEY = String(QUALIFIERS.indexOf(""));
const ALIASES: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(raw: string, followedByDigit: boolean): StrItem {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    if (value === "a") value = "alpha";
    else if (value === "b") value = "beta";
    else if (value === "m") value = "milestone";
  }
  value = ALIASES[value] ?? value;
  return { t: 1, value, key: qualifierKey(value) };
}

function parseItem(isDigit: boolean, buf: string): Item {
  if (isDigit) {
    let i = 0;
    while (i < buf.length - 1 && buf.charCodeAt(i) === 48) i++;
    return { t: 0, digits: buf.slice(i) };
  }
  return stringItem(buf, false);
}

function isNull(item: Item): boolean {
  if (item.t === 0) return item.digits === "0";
  if (item.t === 1) return item.value === "";
  return item.items.length === 0;
}

function normalize(list: ListItem): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i] as Item;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.t !== 2) break;
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function parseMavenVersion(version: string): ListItem | undefined {
  if (version.length === 0 || version.length > 512 || /\s/.test(version)) return undefined;
  const v = version.toLowerCase();
  const root: ListItem = { t: 2, items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const push = () => {
    const next: ListItem = { t: 2, items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46 /* . */) {
      list.items.push(i === start ? { t: 0, digits: "0" } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === 45 /* - */) {
      list.items.push(i === start ? { t: 0, digits: "0" } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      push();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        list.items.push(stringItem(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.items.push(parseItem(isDigit, v.slice(start)));
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as ListItem);
  return root;
}

/** `a.compareTo(b)` from ComparableVersion; `b` undefined plays Java's `null` (padding). */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.t === 0) {
    if (b === undefined) return a.digits === "0" ? 0 : 1;
    if (b.t === 0) return compareDigits(a.digits, b.digits);
    return 1; // a number is above a qualifier and above a nested list
  }
  if (a.t === 1) {
    if (b === undefined) return compareStrings(a.key, RELEASE_KEY);
    if (b.t === 1) return compareStrings(a.key, b.key);
    return -1; // a qualifier is below a number and below a nested list
  }
  if (b === undefined) {
    // Compare the whole list with null, not just its first item (MNG-6964).
    for (const item of a.items) {
      const c = compareItem(item, undefined);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (b.t === 0) return -1;
  if (b.t === 1) return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

export const mavenScheme = defineScheme<ListItem>({
  id: "maven",
  parse: parseMavenVersion,
  compareParsed: compareItem,
  // Maven version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, unions `(,1.0],[1.2,)`. A bare version
  // (Maven's "soft requirement", which Maven would let any version satisfy) is taken as that
  // exact version, which is what a policy author writing one means.
  parseRange: (range, scheme) => parseBracketRange(range, scheme, { unions: true, bare: "exact" }),
});
