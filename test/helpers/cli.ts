import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./shared-data.ts";

/**
 * Tests never touch the internet: unless a test says otherwise, the OSV API and export URLs point at
 * a closed loopback port and the advisory store at a file that does not exist, so a scan without
 * --offline fails fast instead of calling out (and never reads the developer's own store).
 */
export const NO_NETWORK_ENV: Record<string, string> = {
  INTAKE_OSV_API_URL: "http://127.0.0.1:9",
  INTAKE_OSV_BASE_URL: "http://127.0.0.1:9",
  INTAKE_DB: join(PROJECT_ROOT, ".no-such-dir", "intake-test.db"),
};

/** Run the real CLI in a child process (same Node as the test runner). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, "bin/intake.js"), ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: "1", INTAKE_DEBUG: "", ...NO_NETWORK_ENV, ...options.env },
    input: options.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? 127, stdout: r.stdout, stderr: r.stderr };
}
