import type { Package, Scope } from "../core/package.ts";

/**
 * Give each locked package the scopes of the direct packages it is reached from (through the
 * lock's dependency edges), for formats whose lock has the graph but whose scopes live in the
 * manifest (Gemfile groups, mix.exs `only:`). `directScopes` maps a direct package's name to its
 * scopes; packages reached from no listed direct package keep their scopes.
 */
export function propagateScopes(packages: Package[], directScopes: Map<string, Scope[]>): void {
  const byPurl = new Map<string, Package>();
  for (const p of packages) byPurl.set(p.purl, p);
  const reached = new Map<Package, Set<Scope>>();
  for (const p of packages) {
    const scopes = directScopes.get(p.name);
    if (!p.direct || !scopes) continue;
    for (const scope of scopes) {
      const queue = [p];
      while (queue.length > 0) {
        const q = queue.pop() as Package;
        let set = reached.get(q);
        if (!set) {
          set = new Set();
          reached.set(q, set);
        }
        if (set.has(scope)) continue;
        set.add(scope);
        for (const d of q.dependencies ?? []) {
          const next = byPurl.get(d);
          if (next) queue.push(next);
        }
      }
    }
  }
  const order: Scope[] = ["prod", "dev", "test"];
  for (const [p, set] of reached) p.scopes = order.filter((s) => set.has(s));
}
