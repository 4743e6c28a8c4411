import type { Scope } from "../../core/package.ts";

/**
 * Bundler groups from the `Gemfile` (or `gems.rb`) beside the lockfile: the lockfile does not
 * record them. A Gemfile is Ruby code; evaluating it is out of the question, so this reads the
 * two literal forms nearly every Gemfile uses, line by line, and ignores everything else:
 *
 *   group :development, :test do      (block: gems inside get these groups; blocks may nest)
 *     gem "rspec-rails"
 *   end
 *   gem "debug", group: :development  (inline `group:` / `groups: [...]`, also `:group =>`)
 *
 * A gem whose groups cannot be read counts as default (prod), which is Bundler's own default.
 */
export function readGemfileGroups(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Each open `do` block: the groups it adds (empty for non-group blocks such as `platforms`).
  const stack: string[][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const group = /^group\s*\(?\s*((?::\w+|["']\w+["'])(?:\s*,\s*(?::\w+|["']\w+["']))*)/.exec(line);
    if (group && /\bdo\s*(\|[^|]*\|)?$/.test(line)) {
      stack.push(symbols(group[1]));
      continue;
    }
    if (/\bdo\s*(\|[^|]*\|)?$/.test(line)) {
      stack.push([]);
      continue;
    }
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    const gem = /^gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (!gem) continue;
    const groups = new Set<string>();
    for (const g of stack) for (const x of g) groups.add(x);
    const inline = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|["']\w+["'])/.exec(gem[2]);
    if (inline) for (const x of symbols(inline[1])) groups.add(x);
    const have = out.get(gem[1]);
    // A gem listed twice (e.g. per platform) is in the union of its groups; no group = default.
    const list = groups.size > 0 ? [...groups] : ["default"];
    out.set(gem[1], have ? [...new Set([...have, ...list])] : list);
  }
  return out;
}

function symbols(s: string): string[] {
  return [...s.matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => m[1] ?? m[2]);
}

/** Bundler group → Intake scope: development → dev, test → test, anything else → prod. */
export function scopesForGroups(groups: string[]): Scope[] {
  const set = new Set<Scope>();
  for (const g of groups) set.add(g === "development" ? "dev" : g === "test" ? "test" : "prod");
  const order: Scope[] = ["prod", "dev", "test"];
  return order.filter((s) => set.has(s));
}
