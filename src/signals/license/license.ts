import spdxCorrect from "spdx-correct";
import parseSpdx from "spdx-expression-parse";
import { CATEGORY_ORDER, categoryOf, EXCEPTION_CATEGORY, type LicenseCategory } from "./categories.ts";

/** What we could make of a declared licence. Policy rules read `category` and `expression`. */
export interface LicenseInfo {
  /** The text as declared. */
  declared: string;
  /** A valid SPDX expression: the declared one, or the corrected one; absent when neither. */
  expression?: string;
  /** The declared text was a valid SPDX expression as written. */
  valid: boolean;
  /** The expression was corrected from non-SPDX text (e.g. `Apache 2.0` → `Apache-2.0`). */
  corrected: boolean;
  /** A correction was possible but ambiguous (e.g. `BSD`, `GPL`): not applied. */
  ambiguous?: string;
  /** Every licence id in the expression. */
  ids: string[];
  category: LicenseCategory;
  /** The text says there is no licence (`UNLICENSED`, `NONE`) or nothing is asserted. */
  none?: boolean;
  /** The package points to a licence file instead of naming a licence (`SEE LICENSE IN ...`). */
  seeFile?: string;
}

type Node =
  | { license: string; plus?: boolean; exception?: string }
  | { left: Node; conjunction: "and" | "or"; right: Node };

function ids(node: Node, out: string[] = []): string[] {
  if ("license" in node) out.push(node.license + (node.plus ? "+" : ""));
  else {
    ids(node.left, out);
    ids(node.right, out);
  }
  return out;
}

/** Canonical text of a parsed expression: upper-case operators, parentheses only where needed. */
function render(node: Node, parent?: "and" | "or"): string {
  if ("license" in node)
    return `${node.license}${node.plus ? "+" : ""}${node.exception ? ` WITH ${node.exception}` : ""}`;
  const text = `${render(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${render(node.right, node.conjunction)}`;
  return parent && parent !== node.conjunction ? `(${text})` : text;
}

function rank(c: LicenseCategory): number {
  return c === "unknown" ? CATEGORY_ORDER.length : CATEGORY_ORDER.indexOf(c);
}

/**
 * The category of an expression: for `OR` the consumer may pick, so the least restrictive known
 * choice counts; for `AND` every term applies, so the most restrictive counts (unknown wins there).
 */
function categorize(node: Node): LicenseCategory {
  if ("license" in node) {
    let c = categoryOf(node.license);
    if (c === "unknown" && node.plus) c = categoryOf(`${node.license}-or-later`);
    if (node.exception) {
      const ex = EXCEPTION_CATEGORY[node.exception];
      if (ex && c !== "unknown" && rank(ex) < rank(c)) c = ex;
    }
    return c;
  }
  const a = categorize(node.left);
  const b = categorize(node.right);
  if (node.conjunction === "or") {
    if (a === "unknown") return b;
    if (b === "unknown") return a;
    return rank(a) <= rank(b) ? a : b;
  }
  return rank(a) >= rank(b) ? a : b;
}

function tryParse(text: string): Node | undefined {
  try {
    return parseSpdx(text) as Node;
  } catch {
    return undefined;
  }
}

/**
 * Parse, validate and normalize a declared licence. Non-SPDX text is corrected with spdx-correct
 * when the correction is unambiguous: a correction that adds a version the text did not state
 * (`BSD` → `BSD-2-Clause`, `GPL` → `GPL-3.0-or-later`) is a guess, so it is reported, not applied.
 */
export function analyzeLicense(declared: string): LicenseInfo {
  // The same few licences repeat across thousands of packages: parse each text once.
  const hit = ANALYZED.get(declared);
  if (hit) return { ...hit, ids: [...hit.ids] };
  const info = analyzeUncached(declared);
  if (ANALYZED.size > 5_000) ANALYZED.clear();
  ANALYZED.set(declared, info);
  return { ...info, ids: [...info.ids] };
}

const ANALYZED = new Map<string, LicenseInfo>();

function analyzeUncached(declared: string): LicenseInfo {
  const text = declared.trim();
  const base: LicenseInfo = { declared, valid: false, corrected: false, ids: [], category: "unknown" };
  if (!text || /^(NOASSERTION|NONE)$/i.test(text)) return { ...base, none: true };
  if (/^UNLICEN[CS]ED$/i.test(text))
    // npm's word for "no licence granted": proprietary, not the public-domain Unlicense.
    return { ...base, none: true, category: "source-available" };
  const see = /^SEE LICEN[CS]E IN (.+)$/i.exec(text);
  if (see) return { ...base, seeFile: see[1].trim() };
  const node = tryParse(text);
  if (node)
    return { ...base, expression: render(node), valid: true, ids: ids(node), category: categorize(node) };
  // Common shapes: "(MIT or Apache-2.0)" with lower-case operators, "MIT/Apache-2.0".
  const upper = text.replace(/\s+(and|or|with)\s+/gi, (_m, op: string) => ` ${op.toUpperCase()} `);
  const reparsed = upper !== text ? tryParse(upper) : undefined;
  if (reparsed)
    return {
      ...base,
      expression: upper,
      corrected: true,
      ids: ids(reparsed),
      category: categorize(reparsed),
    };
  const guess = spdxCorrect(text, { upgrade: true });
  if (guess) {
    const addsVersion = /\d/.test(guess) && !/\d/.test(text);
    if (addsVersion) return { ...base, ambiguous: guess };
    const g = tryParse(guess);
    if (g) return { ...base, expression: guess, corrected: true, ids: ids(g), category: categorize(g) };
  }
  return base;
}
