import { parse as parseToml } from "smol-toml";

/**
 * The modules a Gradle build script declares, for marking direct dependencies in its lockfile.
 * Build scripts are Groovy or Kotlin programs and are not run: this finds the literal forms
 * nearly every build uses and nothing else —
 *
 *   implementation "group:artifact:1.0"          implementation("group:artifact")
 *   testImplementation group: "g", name: "a"     classpath 'g:a:1.0' (buildscript)
 *   implementation(libs.some.library)            (a version-catalog accessor, resolved through
 *                                                 gradle/libs.versions.toml when it is readable)
 *
 * Returns `group:artifact` strings.
 */
export function declaredModules(script: string, catalog?: string): Set<string> {
  const out = new Set<string>();
  const text = script.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  for (const m of text.matchAll(
    /\b[a-zA-Z]+\s*\(?\s*(?:platform\s*\(\s*|enforcedPlatform\s*\(\s*)?["']([^"':\s]+):([^"':\s]+)(?::[^"'\s]*)?["']/g,
  )) {
    out.add(`${m[1]}:${m[2]}`);
  }
  for (const m of text.matchAll(/\bgroup\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']/g)) {
    out.add(`${m[1]}:${m[2]}`);
  }
  if (catalog) {
    for (const [alias, module] of catalogLibraries(catalog)) {
      const accessor = alias.replace(/[-_]/g, ".");
      const re = new RegExp(`\\blibs\\.${accessor.replace(/\./g, "\\.")}\\b(?!\\.)`);
      if (re.test(text)) out.add(module);
    }
  }
  return out;
}

/** `[libraries]` of a version catalog: alias → `group:artifact`. Unreadable catalogs give none. */
function catalogLibraries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let data: unknown;
  try {
    data = parseToml(text);
  } catch {
    return out;
  }
  const libs = (data as { libraries?: unknown }).libraries;
  if (typeof libs !== "object" || libs === null) return out;
  for (const [alias, v] of Object.entries(libs as Record<string, unknown>)) {
    if (typeof v === "string") {
      const [g, a] = v.split(":");
      if (g && a) out.set(alias, `${g}:${a}`);
    } else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.module === "string") {
        const [g, a] = o.module.split(":");
        if (g && a) out.set(alias, `${g}:${a}`);
      } else if (typeof o.group === "string" && typeof o.name === "string")
        out.set(alias, `${o.group}:${o.name}`);
    }
  }
  return out;
}
