/**
 * Licence categories as data. The grouping is ours, made from what each licence asks of the
 * people who ship software built on it:
 * - permissive: keep the notice; no duty to share source (includes public-domain dedications);
 * - weak-copyleft: changes to the licensed files (or library) must be shared, the rest need not;
 * - strong-copyleft: distributing a combined work means sharing all of its source under the same terms;
 * - network-copyleft: as strong copyleft, and offering the software over a network counts as distributing;
 * - source-available: the source can be read but use is restricted (non-commercial, no competing
 *   service, time-delayed open source, proprietary);
 * - unknown: not in this table, or not a licence we can read.
 */
export type LicenseCategory =
  | "permissive"
  | "weak-copyleft"
  | "strong-copyleft"
  | "network-copyleft"
  | "source-available"
  | "unknown";

/** From least to most restrictive; `unknown` sorts last on its own (see `combine` in license.ts). */
export const CATEGORY_ORDER: LicenseCategory[] = [
  "permissive",
  "weak-copyleft",
  "strong-copyleft",
  "network-copyleft",
  "source-available",
];

export const CATEGORY_LABELS: Record<LicenseCategory, string> = {
  permissive: "permissive",
  "weak-copyleft": "weak copyleft",
  "strong-copyleft": "strong copyleft",
  "network-copyleft": "network copyleft",
  "source-available": "non-commercial / source-available",
  unknown: "unknown",
};

const TABLE: Record<Exclude<LicenseCategory, "unknown">, string[]> = {
  permissive: [
    "0BSD",
    "AFL-1.1",
    "AFL-1.2",
    "AFL-2.0",
    "AFL-2.1",
    "AFL-3.0",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-2.0",
    "Beerware",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "bzip2-1.0.6",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC0-1.0",
    "curl",
    "ECL-2.0",
    "EFL-2.0",
    "FSFAP",
    "HPND",
    "ICU",
    "ISC",
    "JSON",
    "Libpng",
    "libpng-2.0",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MIT-Modern-Variant",
    "MS-PL",
    "MulanPSL-2.0",
    "NCSA",
    "OpenSSL",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Python-2.0.1",
    "Ruby",
    "TCL",
    "Unicode-3.0",
    "Unicode-DFS-2015",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "W3C",
    "W3C-20150513",
    "WTFPL",
    "X11",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-2.0",
    "ZPL-2.1",
    "BSD-Source-Code",
    "Artistic-1.0-Perl",
    "CNRI-Python",
    "OFL-1.1",
    "Vim",
    "AML",
    "MirOS",
    "NTP",
    "Xnet",
    "Zed",
  ],
  "weak-copyleft": [
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LGPL-2.0",
    "LGPL-2.1",
    "LGPL-3.0",
    "LGPL-2.0+",
    "LGPL-2.1+",
    "LGPL-3.0+",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "EPL-1.0",
    "EPL-2.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CPL-1.0",
    "IPL-1.0",
    "MS-RL",
    "APSL-2.0",
    "CECILL-C",
    "LGPLLR",
    "OFL-1.0",
    "Ms-RL",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "ODbL-1.0",
    "Artistic-1.0",
  ],
  "strong-copyleft": [
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "GPL-1.0",
    "GPL-2.0",
    "GPL-3.0",
    "GPL-1.0+",
    "GPL-2.0+",
    "GPL-3.0+",
    "EUPL-1.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "CECILL-2.0",
    "CECILL-2.1",
    "Sleepycat",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "QPL-1.0",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
  ],
  "network-copyleft": [
    "AGPL-1.0",
    "AGPL-1.0-only",
    "AGPL-1.0-or-later",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "AGPL-3.0+",
    "OSL-1.0",
    "OSL-2.0",
    "OSL-2.1",
    "OSL-3.0",
    "RPL-1.1",
    "RPL-1.5",
    "CPAL-1.0",
    "EUPL-1.2+",
  ],
  "source-available": [
    "SSPL-1.0",
    "BUSL-1.1",
    "Elastic-2.0",
    "CC-BY-NC-1.0",
    "CC-BY-NC-2.0",
    "CC-BY-NC-2.5",
    "CC-BY-NC-3.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-1.0",
    "CC-BY-NC-SA-2.0",
    "CC-BY-NC-SA-2.5",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-NC-ND-1.0",
    "CC-BY-NC-ND-2.0",
    "CC-BY-NC-ND-2.5",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
    "PolyForm-Noncommercial-1.0.0",
    "PolyForm-Small-Business-1.0.0",
    "Commons-Clause",
    "CC-BY-ND-4.0",
    "CC-BY-ND-3.0",
  ],
};

/** Exceptions that turn a copyleft licence into a permissive or weak one for linking. */
export const EXCEPTION_CATEGORY: Record<string, LicenseCategory> = {
  "Classpath-exception-2.0": "weak-copyleft",
  "LLVM-exception": "permissive",
  "GCC-exception-3.1": "weak-copyleft",
  "GCC-exception-2.0": "weak-copyleft",
  "Bison-exception-2.2": "permissive",
  "Autoconf-exception-3.0": "permissive",
  "Font-exception-2.0": "weak-copyleft",
  "OpenJDK-assembly-exception-1.0": "weak-copyleft",
  "Linux-syscall-note": "weak-copyleft",
};

const BY_ID = new Map<string, LicenseCategory>();
for (const [cat, ids] of Object.entries(TABLE))
  for (const id of ids) BY_ID.set(id.toLowerCase(), cat as LicenseCategory);

/** The category of one SPDX licence id (case-insensitive); `unknown` when not in the table. */
export function categoryOf(id: string): LicenseCategory {
  return BY_ID.get(id.toLowerCase()) ?? "unknown";
}

/** Every licence id in the table with its category (for docs and policy authors). */
export function licenseTable(): { id: string; category: LicenseCategory }[] {
  return Object.entries(TABLE).flatMap(([category, ids]) =>
    ids.map((id) => ({ id, category: category as LicenseCategory })),
  );
}
