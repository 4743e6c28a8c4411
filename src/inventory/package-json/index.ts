/**
 * package.json: the dependencies a project declares, for projects that have no lockfile.
 *
 * A manifest names ranges, not the versions installed, so this parser is never picked when
 * walking a folder (a package.json next to a lockfile would count every package twice, once with
 * a range): it is read only when the file is named (`intake inventory app/package.json`) or asked
 * for as `package.json:PATH`. Every declared dependency is
 * direct, with the scope of the field that declares it; its version is the declared range, and
 * the source is `partial` with a warning for each dependency that is not pinned to one version.
 * Local (`file:`, `link:`, `workspace:`) dependencies are the project's own code and are left out.
 */
import { valid } from "semver";
import type { Package, Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import {
  commitOf,
  ForwardLines,
  findJsonObjectKey,
  isGitSpec,
  isRecord,
  npmPackage,
  parseJsonOrThrow,
  parseNpmAlias,
} from "../npm-common/npm-package.ts";
import { type InputFile, InventoryError, type InventoryParser } from "../types.ts";

const FIELDS: [string, Scope][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

export const packageJsonParser: InventoryParser = {
  id: "package.json",
  description:
    "npm manifest: declared dependencies and their ranges (only as package.json:PATH; prefer the lockfile)",
  ecosystem: "npm",
  // Never chosen while walking a folder: see the comment at the top of this file.
  matches(): boolean {
    return false;
  },
  parse(file: InputFile) {
    return parsePackageJson(file);
  },
};

export function parsePackageJson(file: InputFile): { packages: Package[]; warnings: ErrorInfo[] } {
  const doc = parseJsonOrThrow(file.text, file.path);
  if (!isRecord(doc)) {
    throw new InventoryError("wrong-format", "not a package.json: the top level is not a JSON object", {
      file: file.path,
    });
  }
  if (doc.lockfileVersion !== undefined) {
    throw new InventoryError(
      "wrong-format",
      "this is a lockfile (it has a lockfileVersion), not a package.json; read it as package-lock.json",
      { file: file.path },
    );
  }
  const warnings: ErrorInfo[] = [];
  const packages: Package[] = [];
  const lines = new ForwardLines(file.text);
  for (const [field, scope] of FIELDS) {
    const deps = doc[field];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      warnings.push({ code: "entry-skipped", message: `\`${field}\` is not an object` });
      continue;
    }
    const fieldAt = findJsonObjectKey(file.text, field, 0);
    let pos = Math.max(0, fieldAt);
    for (const [declared, spec] of Object.entries(deps)) {
      const at = file.text.indexOf(JSON.stringify(declared), pos);
      let line: number | undefined;
      if (fieldAt >= 0 && at >= 0) {
        line = lines.lineAt(at);
        pos = at + declared.length;
      }
      if (typeof spec !== "string") {
        warnings.push({
          code: "entry-skipped",
          message: `${field}.${declared}: not a string`,
          ...(line ? { line } : {}),
        });
        continue;
      }
      if (spec.startsWith("file:") || spec.startsWith("link:") || spec.startsWith("workspace:")) continue;
      let name = declared;
      let range = spec;
      const meta: Record<string, string | number | boolean> = {};
      const alias = parseNpmAlias(spec);
      if (alias) {
        name = alias.name;
        range = alias.version;
        if (name !== declared) meta.alias = declared;
      }
      let source: Package["source"] = "registry";
      let resolved: string | undefined;
      if (!alias && (isGitSpec(spec) || /^https?:/.test(spec))) {
        resolved = spec;
        source = isGitSpec(spec) ? "git" : "url";
        const commit = commitOf(spec);
        if (commit) meta.commit = commit;
        range = commit ?? "";
      }
      if (!valid(range) && !meta.commit) {
        meta.range = range;
        warnings.push({
          code: "unpinned",
          message: `${name}: declared as ${JSON.stringify(spec)}, not pinned to one version (read the lockfile for what is installed)`,
          ...(line ? { line } : {}),
        });
      }
      packages.push(
        npmPackage({
          name,
          version: range,
          path: file.path,
          line,
          scopes: [scope],
          direct: true,
          resolved,
          source,
          meta,
        }),
      );
    }
  }
  return { packages, warnings };
}
