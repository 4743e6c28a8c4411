import type { Scope } from "../../core/package.ts";

/**
 * The dependencies declared in `mix.exs` (the `deps` function), with their `only:` environments.
 * mix.exs is Elixir code and is not run: this finds the `def(p) deps ... do` block and reads the
 * literal `{:app, ...}` tuples in it, which is how nearly every project writes them. Returns the
 * app name → scopes (`only: :dev` → dev, `:test` → test, anything else or no `only:` → prod), or
 * undefined when no deps block is found.
 */
export function readMixDeps(text: string): Map<string, Scope[]> | undefined {
  const lines = text.split("\n");
  let start = -1;
  let indent = "";
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)defp?\s+deps\b[^#]*\bdo\s*(#.*)?$/.exec(lines[i]);
    if (m) {
      start = i + 1;
      indent = m[1];
      break;
    }
  }
  if (start < 0) return undefined;
  let end = lines.length;
  for (let i = start; i < lines.length; i++) {
    if (lines[i].replace(/\s+$/, "") === `${indent}end`) {
      end = i;
      break;
    }
  }
  const body = lines
    .slice(start, end)
    .map((l) => l.replace(/#.*$/, ""))
    .join("\n");
  const out = new Map<string, Scope[]>();
  for (const m of body.matchAll(/\{\s*:([a-z_][a-zA-Z0-9_]*)\s*,([^{}]*)\}/g)) {
    const only = /\bonly:\s*(\[[^\]]*\]|:\w+)/.exec(m[2]);
    const envs = only ? [...only[1].matchAll(/:(\w+)/g)].map((x) => x[1]) : ["prod"];
    const set = new Set<Scope>(envs.map((e) => (e === "dev" ? "dev" : e === "test" ? "test" : "prod")));
    const order: Scope[] = ["prod", "dev", "test"];
    out.set(
      m[1],
      order.filter((s) => set.has(s)),
    );
  }
  return out;
}
