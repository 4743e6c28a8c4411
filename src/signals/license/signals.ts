import { baseEcosystem } from "../../core/ecosystem.ts";
import type { Package } from "../../core/package.ts";
import { REGISTRY_ECOSYSTEMS, releaseView } from "../registry-metadata/lookup.ts";
import {
  answer,
  outcomeFromError,
  type Signal,
  type SignalContext,
  type SignalDefinition,
  type SignalOutcome,
  unknown,
} from "../types.ts";
import { CATEGORY_LABELS } from "./categories.ts";
import { analyzeLicense, type LicenseInfo } from "./license.ts";

const FAMILY = "license";

/**
 * The declared licence: the input's own (SBOM `license`) first, else the registry record of the
 * consumed version (cache only when offline).
 */
async function declaredLicense(
  pkg: Package,
  ctx: SignalContext,
): Promise<{ text?: string; from: string; failure?: SignalOutcome }> {
  if (pkg.license?.trim()) return { text: pkg.license, from: "input" };
  const eco = baseEcosystem(pkg.ecosystem);
  if (!eco || !REGISTRY_ECOSYSTEMS.includes(eco) || !pkg.version)
    return {
      from: "none",
      failure: unknown("the input declares no licence and the registry cannot be asked"),
    };
  try {
    const view = await releaseView(pkg, ctx, true);
    if (!view.release)
      return { from: "registry", failure: unknown(`the registry does not list version ${pkg.version}`) };
    return { text: view.release.license, from: "registry" };
  } catch (e) {
    const o = outcomeFromError(e);
    return { from: "registry", failure: { ...o, reason: `the input declares no licence; ${o.reason}` } };
  }
}

function licenseEvidence(info: LicenseInfo, from: string): Record<string, unknown> {
  const ev: Record<string, unknown> = {
    license: info.declared,
    from,
    category: info.category,
    categoryLabel: CATEGORY_LABELS[info.category],
  };
  if (info.expression) ev.expression = info.expression;
  if (info.corrected) ev.corrected = true;
  if (info.ambiguous) ev.ambiguousCorrection = info.ambiguous;
  if (info.seeFile) ev.seeFile = info.seeFile;
  if (info.ids.length) ev.ids = info.ids;
  return ev;
}

type Def = Omit<SignalDefinition, "family">;

function licenseSignal(def: Def, fn: (info: LicenseInfo) => SignalOutcome): Signal {
  return {
    definition: { ...def, family: FAMILY },
    async collect(pkg, ctx) {
      const d = await declaredLicense(pkg, ctx);
      if (d.failure) return d.failure;
      if (!d.text) return fn(analyzeLicense(""));
      const info = analyzeLicense(d.text);
      const out = fn(info);
      return { ...out, evidence: { ...licenseEvidence(info, d.from), ...out.evidence } };
    },
  };
}

export const hasLicense = licenseSignal(
  {
    id: "hasLicense",
    title: "Declares a licence",
    description:
      "The package states which licence it is under. Without a licence nobody has been granted the right to use, " +
      "change or ship the code, whatever its source page suggests.",
    risk: "medium",
    riskyAnswer: "no",
    remediation:
      "Ask the authors to add a licence, or get written permission; until then treat it as proprietary.",
    threats: ["license-risk"],
  },
  (info) => {
    if (!info.declared.trim()) return answer(false, { license: null });
    return answer(!info.none, {});
  },
);

function categorySignal(def: Def, test: (info: LicenseInfo) => boolean): Signal {
  return licenseSignal(def, (info) => {
    if (!info.declared.trim()) return unknown("no licence declared", { license: null });
    if (info.category === "unknown") return unknown("the licence could not be categorized", {});
    return answer(test(info), {});
  });
}

export const isCopyleft = categorySignal(
  {
    id: "isCopyleft",
    title: "Copyleft licence",
    description:
      "The licence (after choosing the most permissive option of an OR) is weak, strong or network copyleft: shipping " +
      "the package, or in the strong case anything built with it, brings duties to publish source code.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation:
      "Check the use against your licence policy (linking, distribution, SaaS); replace it if it conflicts.",
    threats: ["license-risk"],
  },
  (info) => ["weak-copyleft", "strong-copyleft", "network-copyleft"].includes(info.category),
);

export const isNetworkCopyleft = categorySignal(
  {
    id: "isNetworkCopyleft",
    title: "Network copyleft licence (AGPL and similar)",
    description:
      "The licence treats letting users reach the software over a network as distribution, so a hosted service built " +
      "with it must offer its source to those users.",
    risk: "high",
    riskyAnswer: "yes",
    remediation:
      "Keep it out of network-facing services unless your legal team has approved it; replace it otherwise.",
    threats: ["license-risk"],
  },
  (info) => info.category === "network-copyleft",
);

export const isSourceAvailableOnly = categorySignal(
  {
    id: "isSourceAvailableOnly",
    title: "Non-commercial or source-available licence",
    description:
      "The licence lets you read the code but restricts its use (no commercial use, no competing service, a delayed " +
      "open-source date) or grants nothing at all (npm's UNLICENSED). It is not open source.",
    risk: "high",
    riskyAnswer: "yes",
    remediation: "Buy a commercial licence or replace the package.",
    threats: ["license-risk"],
  },
  (info) => info.category === "source-available",
);

export const licenseNotSpdx = licenseSignal(
  {
    id: "licenseNotSpdx",
    title: "Licence is not a valid SPDX expression",
    description:
      "The declared licence is free text rather than an SPDX expression. Some texts can be read safely (e.g. " +
      "`Apache 2.0`); others are guesses (`BSD` could be two or three clauses) or point to a file that must be read by a person.",
    risk: "low",
    riskyAnswer: "yes",
    remediation: "Read the package's licence file and record the SPDX id in a waiver or override.",
    threats: ["license-risk"],
  },
  (info) => {
    if (!info.declared.trim()) return unknown("no licence declared", { license: null });
    return answer(!info.valid && !info.none, {});
  },
);

export const licenseChanged: Signal = {
  definition: {
    id: "licenseChanged",
    title: "Licence changed since the previous version",
    description:
      "The consumed version is under a different licence than the version before it. Relicensing to a source-available " +
      "or copyleft licence often arrives in a minor release that automated updates take without notice.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation:
      "Review the new licence before upgrading; stay on the last version under the old terms if it conflicts.",
    threats: ["license-risk"],
    family: FAMILY,
    network: true,
    ecosystems: REGISTRY_ECOSYSTEMS.filter((e) => e !== "Go"),
  },
  async collect(pkg, ctx) {
    if (!pkg.version) return unknown("no version recorded for this package");
    try {
      const view = await releaseView(pkg, ctx, true);
      if (!view.doc.exists) return unknown("the registry does not know this package");
      if (!view.release) return unknown(`the registry does not list version ${pkg.version}`);
      if (!view.previous) return answer(false, { note: "first release: nothing to compare with" });
      const cur = view.release.license;
      const prev = view.previous.license;
      if (!cur || !prev)
        return unknown("the registry does not give a licence for both versions", {
          license: cur,
          previousLicense: prev,
        });
      const a = analyzeLicense(cur);
      const b = analyzeLicense(prev);
      const same = (a.expression ?? cur).toLowerCase() === (b.expression ?? prev).toLowerCase();
      return answer(!same, {
        license: cur,
        previousLicense: prev,
        previousVersion: view.previous.version,
        category: a.category,
        previousCategory: b.category,
      });
    } catch (e) {
      return outcomeFromError(e);
    }
  },
};

export const LICENSE_SIGNALS: Signal[] = [
  hasLicense,
  isCopyleft,
  isNetworkCopyleft,
  isSourceAvailableOnly,
  licenseNotSpdx,
  licenseChanged,
];
