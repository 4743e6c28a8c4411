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
  /** Deletion variants → names (symmetric-delete index for small edit distances). */
  deletes: Map<string, string[]>;
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
  if (length < 10) return 1;
  return 2;
}

function deletions(s: string, depth: number, out = new Set<string>()): Set<string> {
  out.add(s);
  if (depth === 0) return out;
  for (let i = 0; i < s.length; i++) deletions(s.slice(0, i) + s.slice(i + 1), depth - 1, out);
  return out;
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), stopping past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const have = map.get(key);
  if (have) have.push(value);
  else map.set(key, [value]);
}

/** Build a list from `[name, popularity]` pairs (exported for tests with small lists). */
export function buildPopularList(entries: [string, number][], ecosystem: string): PopularList {
  const list: PopularList = { names: [], popularity: new Map(), deletes: new Map(), skeletons: new Map() };
  for (const [raw, pop] of entries) {
    const name = normalizeName(ecosystem, raw);
    list.names.push(name);
    list.popularity.set(name, pop);
    push(list.skeletons, skeleton(name), name);
    // One level of deletions only: two levels for every long name costs seconds at start-up.
    // Queries delete up to two characters from the candidate, which finds every distance-1 neighbour
    // and distance-2 neighbours reached by insertions (see findTyposquat).
    if (allowedDistance(name.length) > 0) for (const d of deletions(name, 1)) push(list.deletes, d, name);
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
  const max = allowedDistance(n.length);
  if (max > 0) {
    const seen = new Set<string>();
    for (const d of deletions(n, max)) {
      for (const t of list.deletes.get(d) ?? []) {
        if (t === n || seen.has(t)) continue;
        seen.add(t);
        const limit = Math.min(max, allowedDistance(t.length));
        if (limit === 0) continue;
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
  }
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (better(ecosystem, b.popularity, a.popularity) ? b : a));
}
