import { posix } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { buildPurl, type Package, type Scope } from "../../core/package.ts";
import type { ErrorInfo } from "../../core/result.ts";
import { fileName, isObject } from "../json-input.ts";
import { quickPurl } from "../line-cursor.ts";
import { LineIndex } from "../read-input.ts";
import {
  type InputFile,
  InventoryError,
  type InventoryParser,
  type ParseContext,
  type ParseOutput,
} from "../types.ts";
import { parseXmlInput } from "../xml-input.ts";

/**
 * Maven `pom.xml`: the dependencies the project DECLARES (a pom is a manifest, not a lockfile —
 * transitive dependencies are resolved by Maven from repositories and are not in the file).
 *
 * What is read:
 * - `<dependencies>` of the project and of profiles that are `activeByDefault` (meta.profile);
 *   build plugins whose version is known here (meta.kind "plugin") and their dependencies
 *   (`<build><plugins><plugin><dependencies>`) as scope `build`.
 * - `<dependencyManagement>` only fills versions of declared dependencies that have none; a
 *   managed entry that nothing declares is a constraint, not something consumed, and is not listed.
 * - `${property}` references, resolved within this file and its LOCAL parent chain (the parent
 *   at `<relativePath>`, default `../pom.xml`, when its coordinates match — as Maven does; no
 *   repository is contacted): `<properties>` (the child's win), `project.version`,
 *   `project.groupId`, `project.artifactId`, `project.parent.*` (and the old `pom.*` / bare
 *   `version` forms), recursively, with cycles detected. Anything unresolvable (for example a
 *   property defined in a parent pom from a repository) gives version "" and a warning: the
 *   version is unknown, never guessed.
 * - Dependencies and managed versions of local parents are inherited (meta.inheritedFrom, with
 *   the parent file's path and line as location) unless the child declares the same module.
 * - Version ranges (`[1.0,2.0)`) are kept as written with a warning: nothing is pinned. An exact
 *   requirement `[1.2.3]` is the version 1.2.3.
 *
 * Maven scope → Intake scope:
 *   compile (default), runtime, system → prod · provided → build (the runtime container supplies
 *   it, the build compiles against it) · test → test · import (BOMs in dependencyManagement) → not a
 *   package. `<optional>true</optional>` adds `optional`. The Maven scope is kept in meta.scope.
 *
 * Every declared dependency is direct. Lines are those of each `<dependency>` element (from the
 * XML parser's node positions).
 */

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const ARRAYS = new Set(["dependency", "profile", "plugin"]);

const xml = new XMLParser({
  captureMetaData: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name: string) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isObject(v) && typeof v["#text"] === "string") return (v["#text"] as string).trim();
  return undefined;
}

function child(node: unknown, name: string): Node | undefined {
  if (!isObject(node)) return undefined;
  const v = node[name];
  return isObject(v) ? v : undefined;
}

function list(node: unknown, name: string): Node[] {
  if (!isObject(node)) return [];
  const v = node[name];
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** `${x}` resolver over the file's own properties. */
class Properties {
  private readonly values = new Map<string, string>();
  set(key: string, value: string | undefined): void {
    if (value !== undefined && !this.values.has(key)) this.values.set(key, value);
  }
  /** The interpolated string and the names that could not be resolved. */
  resolve(input: string): { value: string; missing: string[] } {
    const missing: string[] = [];
    const value = this.expand(input, 0, new Set(), missing);
    return { value, missing };
  }
  private expand(input: string, depth: number, seen: Set<string>, missing: string[]): string {
    if (!input.includes("${")) return input;
    return input.replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
      const raw = this.values.get(key);
      if (raw === undefined || seen.has(key) || depth > 20) {
        missing.push(key);
        return whole;
      }
      const next = new Set(seen);
      next.add(key);
      return this.expand(raw, depth + 1, next, missing);
    });
  }
}

function mavenScope(scope: string | undefined): Scope[] {
  switch (scope) {
    case "test":
      return ["test"];
    case "provided":
      return ["build"];
    default:
      return ["prod"];
  }
}

/** One pom read from disk: its <project> node and a line finder for its nodes. */
interface Model {
  file: InputFile;
  project: Node;
  lineOf(node: Node): number | undefined;
}

function readModel(file: InputFile): Model {
  const doc = parseXmlInput(file, xml);
  if (!isObject(doc) || !("project" in doc)) {
    throw new InventoryError("wrong-format", "not a Maven pom: the root element is not <project>", {
      file: file.path,
    });
  }
  const project = isObject(doc.project) ? doc.project : {};
  const lines = new LineIndex(file.text);
  return {
    file,
    project,
    lineOf(node: Node): number | undefined {
      const m = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
      return m?.startIndex === undefined ? undefined : lines.lineOfOffset(m.startIndex);
    },
  };
}

const MAX_PARENTS = 5;

/**
 * The local parent chain: Maven looks for the parent at `<relativePath>` (default `../pom.xml`)
 * and uses it when its coordinates match; otherwise the parent comes from a repository, which we
 * do not contact. Unreadable or mismatching files end the chain quietly.
 */
async function localParents(start: Model, ctx: ParseContext | undefined): Promise<Model[]> {
  const out: Model[] = [];
  if (!ctx) return out;
  let current = start;
  let dir = ".";
  for (let depth = 0; depth < MAX_PARENTS; depth++) {
    const parent = child(current.project, "parent");
    if (!parent) break;
    let rel = text(parent.relativePath);
    if (rel === "") break; // an explicitly empty relativePath means: look in repositories only
    rel ??= "../pom.xml";
    if (!rel.endsWith(".xml")) rel = posix.join(rel, "pom.xml");
    const target = posix.normalize(posix.join(dir, rel));
    let file: InputFile | undefined;
    try {
      file = await ctx.readRelative(target);
    } catch {
      break;
    }
    if (!file) break;
    let model: Model;
    try {
      model = readModel(file);
    } catch {
      break;
    }
    const p = model.project;
    const group = text(p.groupId) ?? text(child(p, "parent")?.groupId);
    if (text(p.artifactId) !== text(parent.artifactId) || group !== text(parent.groupId)) break;
    out.push(model);
    current = model;
    dir = posix.dirname(target);
  }
  return out;
}

export async function parsePomXml(file: InputFile, ctx?: ParseContext): Promise<ParseOutput> {
  const model = readModel(file);
  const project = model.project;
  const parents = await localParents(model, ctx);
  const chain = [model, ...parents];
  const warnings: ErrorInfo[] = [];

  // Properties: each file's own <properties>, the child's winning, then the built-in coordinates.
  const props = new Properties();
  for (const m of chain) {
    const propsNode = child(m.project, "properties");
    if (propsNode) for (const [k, v] of Object.entries(propsNode)) props.set(k, text(v));
  }
  const parent = child(project, "parent");
  const coords: [string, string | undefined][] = [
    ["groupId", text(project.groupId) ?? text(parent?.groupId)],
    ["artifactId", text(project.artifactId)],
    ["version", text(project.version) ?? text(parent?.version)],
  ];
  for (const [k, v] of coords) {
    props.set(`project.${k}`, v);
    props.set(`pom.${k}`, v);
    props.set(k, v);
  }
  for (const k of ["groupId", "artifactId", "version"]) {
    props.set(`project.parent.${k}`, text(parent?.[k]));
    props.set(`parent.${k}`, text(parent?.[k]));
  }
  const where = parents.length > 0 ? "in this file or its local parent poms" : "in this file";

  const interpolate = (raw: string | undefined, what: string, line: number | undefined) => {
    if (raw === undefined) return undefined;
    const r = props.resolve(raw);
    if (r.missing.length > 0) {
      warnings.push({
        code: "unresolved-property",
        message: `${what}: \${${r.missing[0]}} is not defined ${where} (a parent pom from a repository may define it)`,
        ...(line ? { line } : {}),
      });
      return undefined;
    }
    return r.value;
  };

  // Managed versions (groupId:artifactId → version), filled in for declarations without one.
  const managed = new Map<string, string>();
  for (const m of chain) {
    const own = m === model;
    for (const dep of list(child(child(m.project, "dependencyManagement"), "dependencies"), "dependency")) {
      const line = own ? m.lineOf(dep) : undefined;
      const suffix = own ? "" : ` (in ${m.file.path})`;
      const g = interpolate(text(dep.groupId), `managed dependency groupId${suffix}`, line);
      const a = interpolate(text(dep.artifactId), `managed dependency artifactId${suffix}`, line);
      const v = interpolate(text(dep.version), `managed version of ${g}:${a}${suffix}`, line);
      if (g && a && v !== undefined && !managed.has(`${g}:${a}`)) managed.set(`${g}:${a}`, v);
    }
  }

  const declared: {
    dep: Node;
    origin: "project" | "profile" | "plugin" | "parent";
    from: Model;
    profile?: string;
  }[] = [];
  for (const dep of list(child(project, "dependencies"), "dependency"))
    declared.push({ dep, origin: "project", from: model });
  for (const profile of list(child(project, "profiles"), "profile")) {
    const active = text(child(profile, "activation")?.activeByDefault) === "true";
    if (!active) continue;
    const id = text(profile.id) ?? "";
    for (const dep of list(child(profile, "dependencies"), "dependency"))
      declared.push({ dep, origin: "profile", from: model, profile: id });
  }
  for (const plugin of list(child(child(project, "build"), "plugins"), "plugin")) {
    for (const dep of list(child(plugin, "dependencies"), "dependency"))
      declared.push({ dep, origin: "plugin", from: model });
  }
  // Dependencies declared in local parents are inherited, unless the child declares the same module.
  const own = new Set<string>();
  for (const d of declared) own.add(`${text(d.dep.groupId)}:${text(d.dep.artifactId)}`);
  for (const m of parents) {
    for (const dep of list(child(m.project, "dependencies"), "dependency")) {
      const key = `${text(dep.groupId)}:${text(dep.artifactId)}`;
      if (own.has(key)) continue;
      own.add(key);
      declared.push({ dep, origin: "parent", from: m });
    }
  }

  const packages: Package[] = [];
  const seen = new Set<string>();
  for (const { dep, origin, from, profile } of declared) {
    const inOwnFile = from === model;
    const line = from.lineOf(dep);
    const warnLine = inOwnFile ? line : undefined;
    const suffix = inOwnFile ? "" : ` (in ${from.file.path})`;
    const group = interpolate(text(dep.groupId), `dependency groupId${suffix}`, warnLine);
    const artifact = interpolate(text(dep.artifactId), `dependency artifactId${suffix}`, warnLine);
    if (!group || !artifact) {
      warnings.push({
        code: "incomplete-dependency",
        message: `a <dependency> without a usable groupId and artifactId was skipped${suffix}`,
        ...(warnLine ? { line: warnLine } : {}),
      });
      continue;
    }
    const name = `${group}:${artifact}`;
    const rawVersion = text(dep.version);
    let version: string | undefined;
    if (rawVersion !== undefined && rawVersion !== "")
      version = interpolate(rawVersion, `version of ${name}${suffix}`, warnLine);
    else {
      version = managed.get(name);
      if (version === undefined) {
        warnings.push({
          code: "unresolved-version",
          message: `${name} has no version ${where}, nor in <dependencyManagement> (a parent pom or BOM from a repository sets it)`,
          ...(warnLine ? { line: warnLine } : {}),
        });
      }
    }
    version ??= "";
    // `[1.2.3]` is Maven's hard requirement for exactly that version: pinned, not a range.
    const exact = /^\[\s*([^,[\]()\s]+)\s*\]$/.exec(version);
    if (exact) version = exact[1];
    else if (/^[[(]/.test(version) || /[\])]$/.test(version) || version.includes(",")) {
      warnings.push({
        code: "version-range",
        message: `${name} is declared with the range ${version}: not pinned, the resolved version is unknown`,
        ...(warnLine ? { line: warnLine } : {}),
      });
    }
    const mScope = text(dep.scope) ?? "compile";
    const scopes: Scope[] = origin === "plugin" ? ["build"] : mavenScope(mScope);
    if (text(dep.optional) === "true") scopes.push("optional");
    const classifier = text(dep.classifier);
    const type = text(dep.type);
    const key = `${name}\u0000${version}\u0000${classifier ?? ""}\u0000${type ?? ""}\u0000${origin === "plugin"}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const qualifiers: Record<string, string> = {};
    if (classifier) qualifiers.classifier = classifier;
    if (type && type !== "jar") qualifiers.type = type;
    const purl =
      Object.keys(qualifiers).length > 0
        ? buildPurl("Maven", name, version, qualifiers)
        : quickPurl("maven", "Maven", group, artifact, version);
    const meta: Record<string, string> = { scope: origin === "plugin" ? "plugin" : mScope };
    if (classifier) meta.classifier = classifier;
    if (type) meta.type = type;
    if (profile !== undefined) meta.profile = profile;
    if (origin === "parent") meta.inheritedFrom = from.file.path;
    if (rawVersion !== undefined && rawVersion !== version) meta.versionAsWritten = rawVersion;
    if (!rawVersion && version) meta.versionFrom = "dependencyManagement";
    packages.push({
      ecosystem: "Maven",
      name,
      version,
      purl,
      normalizedName: name,
      direct: true,
      scopes,
      locations: [line === undefined ? { path: from.file.path } : { path: from.file.path, line }],
      source: "registry",
      meta,
    });
  }

  // Build plugins run during the build: packages of scope build, when their version is known here
  // (from <version> or <pluginManagement>, own file or local parents). A plugin without one gets
  // Maven's default binding version, which is not in the file: it is left out, without a warning
  // (nearly every pom has such plugins).
  const managedPlugins = new Map<string, string>();
  for (const m of chain) {
    for (const plugin of list(
      child(child(child(m.project, "build"), "pluginManagement"), "plugins"),
      "plugin",
    )) {
      const g = props.resolve(text(plugin.groupId) ?? "org.apache.maven.plugins");
      const a = props.resolve(text(plugin.artifactId) ?? "");
      const v = props.resolve(text(plugin.version) ?? "");
      if (g.missing.length || a.missing.length || v.missing.length || !a.value || !v.value) continue;
      if (!managedPlugins.has(`${g.value}:${a.value}`)) managedPlugins.set(`${g.value}:${a.value}`, v.value);
    }
  }
  const seenPlugins = new Set<string>();
  for (const m of chain) {
    for (const plugin of list(child(child(m.project, "build"), "plugins"), "plugin")) {
      const g = props.resolve(text(plugin.groupId) ?? "org.apache.maven.plugins");
      const a = props.resolve(text(plugin.artifactId) ?? "");
      if (g.missing.length || a.missing.length || !a.value) continue;
      const name = `${g.value}:${a.value}`;
      if (seenPlugins.has(name)) continue;
      seenPlugins.add(name);
      const raw = text(plugin.version);
      const v = raw ? props.resolve(raw) : undefined;
      const version = v && v.missing.length === 0 ? v.value : raw ? undefined : managedPlugins.get(name);
      if (!version) continue;
      const line = m.lineOf(plugin);
      const meta: Record<string, string> = { kind: "plugin" };
      if (m !== model) meta.inheritedFrom = m.file.path;
      if (raw && raw !== version) meta.versionAsWritten = raw;
      if (!raw) meta.versionFrom = "pluginManagement";
      packages.push({
        ecosystem: "Maven",
        name,
        version,
        purl: quickPurl("maven", "Maven", g.value, a.value, version),
        normalizedName: name,
        direct: true,
        scopes: ["build"],
        locations: [line === undefined ? { path: m.file.path } : { path: m.file.path, line }],
        source: "registry",
        meta,
      });
    }
  }
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

export const pomXmlParser: InventoryParser = {
  id: "pom.xml",
  description:
    "Maven pom.xml: declared dependencies with properties, managed versions and scopes resolved within the file",
  ecosystem: "Maven",
  matches: (path: string) => fileName(path) === "pom.xml",
  parse: parsePomXml,
};
