import assert from "node:assert/strict";
import type { VersionError, VersionScheme } from "./types.ts";

/** Assert that `versions` are in strictly ascending order under `scheme` (every pair, both ways). */
export function assertAscending(scheme: VersionScheme, versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) {
      const a = versions[i] as string;
      const b = versions[j] as string;
      assert.equal(scheme.compare(a, b), -1, `${scheme.id}: expected ${a} < ${b}`);
      assert.equal(scheme.compare(b, a), 1, `${scheme.id}: expected ${b} > ${a}`);
    }
  }
}

/** Assert that every version in `versions` equals every other under `scheme`. */
export function assertEquivalent(scheme: VersionScheme, versions: string[]): void {
  for (const a of versions) {
    for (const b of versions) assert.equal(scheme.compare(a, b), 0, `${scheme.id}: expected ${a} = ${b}`);
  }
}

/** Assert that each string is rejected: isValid false, compare throws `invalid-version`. */
export function assertInvalid(scheme: VersionScheme, versions: string[], valid = "1"): void {
  for (const v of versions) {
    assert.equal(scheme.isValid(v), false, `${scheme.id}: ${JSON.stringify(v)} should be invalid`);
    assert.throws(
      () => scheme.compare(v, valid),
      (e: VersionError) => e.code === "invalid-version" && e.message.includes(scheme.id),
      `${scheme.id}: compare(${JSON.stringify(v)}) should throw invalid-version`,
    );
  }
}

/** Assert range membership: `inside` all included, `outside` all excluded. */
export function assertRange(scheme: VersionScheme, range: string, inside: string[], outside: string[]): void {
  assert.ok(scheme.parseRange, `${scheme.id} has no range syntax`);
  const r = scheme.parseRange(range);
  assert.equal(r.raw, range);
  for (const v of inside) assert.equal(r.includes(v), true, `${scheme.id}: ${v} should be in ${range}`);
  for (const v of outside) assert.equal(r.includes(v), false, `${scheme.id}: ${v} should not be in ${range}`);
}

/** Assert that a range string is rejected with `invalid-range`. */
export function assertBadRange(scheme: VersionScheme, ranges: string[]): void {
  for (const range of ranges) {
    assert.throws(
      () => scheme.parseRange?.(range),
      (e: VersionError) => e.code === "invalid-range",
      `${scheme.id}: ${JSON.stringify(range)} should be an invalid range`,
    );
  }
}
