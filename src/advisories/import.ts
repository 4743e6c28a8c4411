import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { describeError } from "../core/errors.ts";
import { AdvisoryError } from "./errors.ts";
import type { ImportOptions, ImportStats, OsvStore, RecordInput } from "./osv-store.ts";

const RECORD_EXT = new Set([".json", ".yaml", ".yml"]);
/** Largest single record we read (the biggest real OSV records are a few MB). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Import local OSV data: directories (walked recursively for `.json`, `.yaml`, `.yml`), zip files
 * (an ecosystem's `all.zip` or any zip of records; read entry by entry, never whole), or single
 * record files. Each path is one source and one transaction.
 */
export async function importAdvisories(
  store: OsvStore,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportStats[]> {
  const out: ImportStats[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch (e) {
      throw new AdvisoryError("file-unreadable", `cannot read ${p}: ${describeError(e)}`, {
        file: p,
        cause: e,
      });
    }
    const records = st.isDirectory()
      ? walkDirectory(abs)
      : abs.toLowerCase().endsWith(".zip")
        ? readZip(abs)
        : readSingle(abs);
    out.push(
      await store.importRecords(records, { id: `import:${abs}`, kind: "import", location: abs }, options),
    );
  }
  return out;
}

/** Parse JSON or YAML text into records (a file may hold one record or an array of them). */
export async function parseRecordText(text: string, origin: string): Promise<RecordInput[]> {
  const isYaml = /\.ya?ml$/i.test(origin);
  let value: unknown;
  try {
    if (isYaml) {
      const { parse } = await import("yaml");
      value = parse(text, { maxAliasCount: 100 });
    } else value = JSON.parse(text);
  } catch (e) {
    return [{ origin, error: `not valid ${isYaml ? "YAML" : "JSON"}: ${describeError(e).split("\n")[0]}` }];
  }
  if (Array.isArray(value)) return value.map((v, i) => ({ origin: `${origin}[${i}]`, value: v }));
  return [{ origin, value }];
}

async function* readSingle(path: string): AsyncGenerator<RecordInput> {
  yield* await readRecordFile(path);
}

// Synchronous reads: a record file is small, and for thousands of them one blocking read each is
// several times faster than the four thread-pool round trips of fs/promises.
async function readRecordFile(path: string): Promise<RecordInput[]> {
  try {
    const st = statSync(path);
    if (st.size > MAX_RECORD_BYTES)
      return [{ origin: path, error: `record file is larger than ${MAX_RECORD_BYTES} bytes` }];
    return await parseRecordText(readFileSync(path, "utf8"), path);
  } catch (e) {
    return [{ origin: path, error: `cannot read: ${describeError(e)}` }];
  }
}

async function* walkDirectory(dir: string): AsyncGenerator<RecordInput> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    yield { origin: dir, error: `cannot list folder: ${describeError(e)}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walkDirectory(p);
    else if (e.isFile() && RECORD_EXT.has(extname(e.name).toLowerCase())) yield* await readRecordFile(p);
    // A folder copied from a mirror holds `<Ecosystem>/all.zip`: read those too.
    else if (e.isFile() && e.name.toLowerCase().endsWith(".zip")) {
      try {
        yield* readZip(p);
      } catch (err) {
        yield { origin: p, error: describeError(err) };
      }
    }
  }
}

/**
 * Stream the records of a zip file. yauzl reads the central directory and then one entry at a
 * time from disk, so a 1 GB export never sits in memory.
 */
export async function* readZip(path: string): AsyncGenerator<RecordInput> {
  const yauzl = (await import("yauzl")).default;
  const zip = await new Promise<import("yauzl").ZipFile>((res, rej) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true },
      (err, z) => (err || !z ? rej(err) : res(z)),
    ),
  ).catch((e: unknown) => {
    throw new AdvisoryError("zip-invalid", `${path} is not a readable zip: ${describeError(e)}`, {
      file: path,
      cause: e,
    });
  });
  const queue: (import("yauzl").Entry | null | Error)[] = [];
  let wake: (() => void) | undefined;
  const push = (x: import("yauzl").Entry | null | Error) => {
    queue.push(x);
    wake?.();
  };
  zip.on("entry", (e: import("yauzl").Entry) => push(e));
  zip.on("end", () => push(null));
  zip.on("error", (e: Error) => push(e));
  zip.readEntry();
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const item = queue.shift()!;
      if (item === null) return;
      if (item instanceof Error) {
        yield { origin: path, error: `zip is damaged: ${item.message}` };
        return;
      }
      const name = item.fileName;
      const origin = `${path}!${name}`;
      if (!name.endsWith("/") && RECORD_EXT.has(extname(name).toLowerCase())) {
        if (item.uncompressedSize > MAX_RECORD_BYTES)
          yield { origin, error: "zip entry is too large for a record" };
        else {
          let text: string | undefined;
          let err: string | undefined;
          try {
            text = await readEntry(zip, item);
          } catch (e) {
            err = `cannot read zip entry: ${describeError(e)}`;
          }
          if (err !== undefined) yield { origin, error: err };
          else yield* await parseRecordText(text!, origin);
        }
      }
      zip.readEntry();
    }
  } finally {
    zip.close();
  }
}

function readEntry(zip: import("yauzl").ZipFile, entry: import("yauzl").Entry): Promise<string> {
  return new Promise((res, rej) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return rej(err ?? new Error("no stream"));
      const parts: Buffer[] = [];
      stream.on("data", (c: Buffer) => parts.push(c));
      stream.on("end", () => res(Buffer.concat(parts).toString("utf8")));
      stream.on("error", rej);
    });
  });
}
