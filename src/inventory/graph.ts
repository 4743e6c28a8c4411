import type { Package } from "../core/package.ts";

/**
 * Fill `paths` for packages from the `dependencies` edges: breadth-first from the direct
 * packages, keeping up to `maxPaths` shortest paths per package (each path lists purls from the
 * direct dependency down to the package itself). Packages that already have paths are left as
 * they are. Linear in edges × maxPaths, so safe on large graphs.
 */
export function computePaths(packages: Package[], maxPaths = 3): void {
  const byId = new Map<string, Package>();
  for (const p of packages) if (!byId.has(p.purl)) byId.set(p.purl, p);
  const found = new Map<string, string[][]>();
  let frontier: string[][] = [];
  for (const p of packages) {
    if (p.direct && !found.has(p.purl)) {
      const path = [p.purl];
      found.set(p.purl, [path]);
      frontier.push(path);
    }
  }
  while (frontier.length > 0) {
    const next: string[][] = [];
    for (const path of frontier) {
      const id = path[path.length - 1];
      const pkg = byId.get(id);
      if (!pkg?.dependencies) continue;
      for (const dep of pkg.dependencies) {
        if (path.includes(dep) || !byId.has(dep)) continue;
        const have = found.get(dep);
        if (have && (have.length >= maxPaths || have[0].length < path.length + 1)) continue;
        const np = [...path, dep];
        if (have) have.push(np);
        else found.set(dep, [np]);
        next.push(np);
      }
    }
    frontier = next;
  }
  for (const p of packages) {
    if (p.paths && p.paths.length > 0) continue;
    const ps = found.get(p.purl);
    if (ps) p.paths = ps;
  }
}
