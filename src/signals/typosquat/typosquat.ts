import { readFileSync } from "node:fs";
import { normalizeName } from "../../core/package.ts";

/** A popular package a name may imitate, and how. */
export interface TyposquatMatch {
  target: string;
  /** `edit-distance`, `homoglyph`, `separator`, `scope`. */
  technique: string;
  distance?: number;
  /** The target's popularity figure (downloads a month for npm, rank for PyPI). */
  popularity: number;
}

interface PopularList {
  names: string[];
  popularity: Map<string, number>;
  /** Names by length: a candidate is compared only with names whose length is within reach. */
  byLength: Map<number, string[]>;
  /** Skeleton (separators removed, confusables folded) → names. */
  skeletons: Map<string, string[]>;
}

const LISTS = new Map<string, PopularList | null>();

/** Characters people and fonts confuse, folded to one representative (ASCII look-alikes and Cyrillic/Greek). */
const CONFUSABLES: Record<string, string> = {
  "0": "o",
  "1": "l",
  "3": "e",
  "5": "s",
  $: "s",
  "@": "a",
  i: "l",
  "|": "l",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  х: "x",
  у: "y",
  і: "l",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ɡ: "g",
  ο: "o",
  α: "a",
  ν: "v",
  ρ: "p",
  κ: "k",
};

/** The shape a name has to the eye: lower case, accents dropped, separators removed, look-alikes folded. */
export function skeleton(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  let out = "";
  for (const ch of base.replace(/^@/, "").replace(/[-_./]+/g, "")) out += CONFUSABLES[ch] ?? ch;
  return out.replace(/rn/g, "m").replace(/vv/g, "w").replace(/cl/g, "d");
}

/** Edit distance allowed for a name of this length: none for short names (too many honest neighbours). */
export function allowedDistance(length: number): number {
  if (length < 5) return 0;
  if (length < 12) return 1;
  return 2;
}

// Three reusable rows for editDistance (names are short; grown on demand).
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), stopping past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Common prefix and suffix do not change the distance: strip them first.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const m = endA - start;
  const n = endB - start;
  if (m === 0 || n === 0) return Math.max(m, n);
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(start + i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(start + j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(start + j - 2) && a.charCodeAt(start + i - 2) === bj)
        v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const have = map.get(key);
  if (have) have.push(value);
  else map.set(key, [value]);
}

function tailEqual(x: string, xi: number, y: string, yi: number): boolean {
  if (x.length - xi !== y.length - yi) return false;
  for (; xi < x.length; xi++, yi++) if (x.charCodeAt(xi) !== y.charCodeAt(yi)) return false;
  return true;
}

/**
 * True when `a` and `b` (different strings) are one edit apart: one substitution, insertion,
 * deletion or swap of neighbours. Linear and allocation-free: the common case in the scan loop.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (tailEqual(a, i + 1, b, i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && tailEqual(a, i + 2, b, i + 2);
  }
  return la > lb ? tailEqual(a, i + 1, b, i) : tailEqual(a, i, b, i + 1);
}

/** Build a list from `[name, popularity]` pairs (exported for tests with small lists). */
export function buildPopularList(entries: [string, number][], ecosystem: string): PopularList {
  const list: PopularList = { names: [], popularity: new Map(), byLength: new Map(), skeletons: new Map() };
  for (const [raw, pop] of entries) {
    const name = normalizeName(ecosystem, raw);
    list.names.push(name);
    list.popularity.set(name, pop);
    push(list.skeletons, skeleton(name), name);
    if (allowedDistance(name.length) > 0) {
      const bucket = list.byLength.get(name.length);
      if (bucket) bucket.push(name);
      else list.byLength.set(name.length, [name]);
    }
  }
  return list;
}

const DATA_FILE: Record<string, string> = { npm: "popular-npm.json", PyPI: "popular-pypi.json" };

/** The shipped list for an ecosystem (loaded once), or null when Intake has none. */
export function popularList(ecosystem: string): PopularList | null {
  if (LISTS.has(ecosystem)) return LISTS.get(ecosystem)!;
  const file = DATA_FILE[ecosystem];
  let list: PopularList | null = null;
  if (file) {
    const doc = JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), "utf8")) as {
      packages: [string, number][];
    };
    list = buildPopularList(doc.packages, ecosystem);
  }
  LISTS.set(ecosystem, list);
  return list;
}

/** `more popular than`: downloads go up, ranks go down. */
function better(ecosystem: string, a: number, b: number): boolean {
  return ecosystem === "PyPI" ? a < b : a > b;
}

/**
 * Does `name` look like a popular package it is not? Checks, in order: scope confusion
 * (`@types-node`, `types-node` for `@types/node`), separator and look-alike confusion
 * (`python_dateutil`, `c0lors`, `rnoment`), then small edit distances for names long enough.
 * A popular package itself is never a typosquat.
 */
export function findTyposquat(
  name: string,
  ecosystem: string,
  list: PopularList,
): TyposquatMatch | undefined {
  const n = normalizeName(ecosystem, name);
  if (list.popularity.has(n)) return undefined;
  const candidates: TyposquatMatch[] = [];
  const sk = skeleton(n);
  for (const t of list.skeletons.get(sk) ?? []) {
    if (t === n) continue;
    const technique =
      t.startsWith("@") !== n.startsWith("@") || (t.includes("/") && !n.includes("/"))
        ? "scope"
        : /[-_.]/.test(t + n) && t.replace(/[-_.]/g, "") === n.replace(/[-_.]/g, "")
          ? "separator"
          : "homoglyph";
    candidates.push({ target: t, technique, popularity: list.popularity.get(t)! });
  }
  const scope = n.startsWith("@") && n.includes("/") ? n.slice(0, n.indexOf("/") + 1) : undefined;
  const max = allowedDistance(n.length);
  for (let len = n.length - max; max > 0 && len <= n.length + max; len++) {
    for (const t of list.byLength.get(len) ?? []) {
      if (t === n) continue;
      // A scope is an owned namespace: a near-name inside the same scope is the owner's own package.
      if (scope && t.startsWith(scope)) continue;
      const limit = Math.min(max, allowedDistance(t.length));
      if (limit === 0) continue;
      if (withinOneEdit(n, t)) {
        candidates.push({
          target: t,
          technique: "edit-distance",
          distance: 1,
          popularity: list.popularity.get(t)!,
        });
        continue;
      }
      if (limit < 2) continue;
      const dist = editDistance(n, t, limit);
      if (dist <= limit)
        candidates.push({
          target: t,
          technique: "edit-distance",
          distance: dist,
          popularity: list.popularity.get(t)!,
        });
    }
  }
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (better(ecosystem, b.popularity, a.popularity) ? b : a));
}
