// Mutated fixtures (truncated, chunks cut out, stray tokens, values replaced by other JSON/YAML
// types) must give packages or an InventoryError: never a TypeError from deep inside a parser.
// Deterministic (seeded), so a failure is reproducible.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { bunLockParser } from "../bun-lock/index.ts";
import { packageJsonParser } from "../package-json/index.ts";
import { packageLockParser } from "../package-lock/index.ts";
import { pnpmLockParser } from "../pnpm-lock/index.ts";
import { InventoryError, type InventoryParser } from "../types.ts";
import { yarnLockParser } from "../yarn-lock/index.ts";

const INVENTORY = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKENS = ["null", "[]", "{}", "1", '"x"', "true", ":", "\n  ", "(", "@", "#", ","];

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const f = join(d, n);
    return statSync(f).isDirectory() ? walk(f) : [f];
  });
}

describe("JavaScript lockfile parsers on mutated input", () => {
  const parsers: [string, InventoryParser][] = [
    ["package-lock", packageLockParser],
    ["yarn-lock", yarnLockParser],
    ["pnpm-lock", pnpmLockParser],
    ["bun-lock", bunLockParser],
    ["package-json", packageJsonParser],
  ];
  for (const [folder, parser] of parsers) {
    it(`${parser.id}: every mutation parses or fails with an InventoryError`, async () => {
      let seed = 20261122;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x7fffffff;
      };
      for (const f of walk(join(INVENTORY, folder, "__fixtures__"))) {
        const text = readFileSync(f, "utf8");
        // yaml.parse is slow on the larger fixtures: fewer rounds for pnpm keep the test quick.
        const rounds = parser === pnpmLockParser ? 12 : 40;
        for (let i = 0; i < rounds; i++) {
          const at = Math.floor(rnd() * text.length);
          const op = Math.floor(rnd() * 4);
          let t: string;
          if (op === 0) t = text.slice(0, at);
          else if (op === 1) t = text.slice(0, at) + text.slice(at + Math.floor(rnd() * 20));
          else if (op === 2)
            t = text.slice(0, at) + TOKENS[Math.floor(rnd() * TOKENS.length)] + text.slice(at);
          else t = text.slice(0, at) + text.slice(at).replace(/"[^"\n]*"/, TOKENS[Math.floor(rnd() * 6)]);
          try {
            await parser.parse(
              { path: f, absolutePath: f, text: t },
              { readRelative: async () => undefined },
            );
          } catch (e) {
            assert.ok(e instanceof InventoryError, `${f} (mutation ${i}, op ${op} at ${at}): ${e}`);
          }
        }
      }
    });
  }
});
