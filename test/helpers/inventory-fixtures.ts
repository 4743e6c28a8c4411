import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Package } from "../../src/core/package.ts";
import { relativeReader } from "../../src/inventory/read-input.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseOutput,
} from "../../src/inventory/types.ts";
import { SHARED_DATA } from "./shared-data.ts";

/** Read a file into an InputFile the way readInput does (BOM stripped), without its size checks. */
export function inputFile(absolutePath: string, shownAs = basename(absolutePath)): InputFile {
  let text = readFileSync(absolutePath, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path: shownAs, absolutePath, text };
}

/** Parse a file with a parser, as `FORMAT:PATH` would (the file name need not match). */
export async function parseWith(parser: InventoryParser, absolutePath: string): Promise<ParseOutput> {
  const file = inputFile(absolutePath);
  return await parser.parse(file, { readRelative: relativeReader(file) });
}

/** Parse an in-memory text (for bad-input tests). */
export async function parseText(
  parser: InventoryParser,
  text: string,
  shownAs = "input.txt",
): Promise<ParseOutput> {
  const file: InputFile = { path: shownAs, absolutePath: `/nonexistent/${shownAs}`, text };
  return await parser.parse(file, { readRelative: async () => undefined });
}

/** Find a package by name (and version when given); fails the test when absent. */
export function pkg(out: ParseOutput | Package[], name: string, version?: string): Package {
  const list = Array.isArray(out) ? out : out.packages;
  const p = list.find((x) => x.name === name && (version === undefined || x.version === version));
  assert.ok(
    p,
    `expected package ${name}${version ? `@${version}` : ""} in [${list.map((x) => `${x.name}@${x.version}`).join(", ")}]`,
  );
  return p;
}

/** `name@version` of every package, sorted, for compact whole-list assertions. */
export function ids(out: ParseOutput | Package[]): string[] {
  const list = Array.isArray(out) ? out : out.packages;
  return list.map((p) => `${p.name}@${p.version}`).sort();
}

/** Assert that parsing rejects with an InventoryError of the code, naming the file. */
export async function assertRejects(
  promise: Promise<unknown>,
  code: string,
  file?: string,
): Promise<InventoryError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof InventoryError, `expected an InventoryError, got ${String(caught)}`);
  assert.equal(caught.code, code, `code for: ${caught.message}`);
  if (file !== undefined) assert.equal(caught.file, file);
  return caught;
}

/** Every regular file under a folder of ../shared/data (recursive), or [] when absent. */
export function sharedFiles(...parts: string[]): string[] {
  if (!SHARED_DATA) return [];
  const root = join(SHARED_DATA, ...parts);
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (!e.endsWith(".go") && e !== "BUILD" && e !== "BUILD.bazel") out.push(p);
    }
  };
  walk(root);
  return out;
}

/**
 * Conformance: every file either parses (packages are well-formed) or fails with an
 * InventoryError naming the file — never any other exception. Returns the counts.
 */
export async function conformance(
  parser: InventoryParser,
  files: string[],
): Promise<{ parsed: number; rejected: number; packages: number }> {
  let parsed = 0;
  let rejected = 0;
  let packages = 0;
  for (const f of files) {
    const shown = SHARED_DATA ? relative(SHARED_DATA, f) : f;
    const file = inputFile(f, shown);
    try {
      const out = await parser.parse(file, { readRelative: relativeReader(file) });
      parsed++;
      packages += out.packages.length;
      for (const p of out.packages) {
        assert.equal(typeof p.name, "string", `${shown}: name`);
        assert.ok(p.name.length > 0, `${shown}: empty name`);
        assert.equal(typeof p.version, "string", `${shown}: version of ${p.name}`);
        assert.ok(p.purl.startsWith("pkg:"), `${shown}: purl ${p.purl}`);
        assert.ok(p.scopes.length > 0, `${shown}: scopes of ${p.name}`);
        // Usually the file itself; an inherited declaration (a parent pom) names its own file.
        assert.ok(
          p.locations.length > 0 && p.locations.every((l) => typeof l.path === "string" && l.path.length > 0),
          `${shown}: locations of ${p.name} must name a file`,
        );
      }
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assert.ok(e instanceof InventoryError, `${shown}: threw ${String(e)} instead of an InventoryError`);
      assert.equal(e.file, shown, `${shown}: the error must name the file`);
      rejected++;
    }
  }
  return { parsed, rejected, packages };
}
