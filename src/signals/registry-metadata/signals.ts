import type { Package } from "../../core/package.ts";
import {
  answer,
  no,
  outcomeFromError,
  type Signal,
  type SignalContext,
  type SignalDefinition,
  type SignalOutcome,
  unknown,
  yes,
} from "../types.ts";
import { docEvidence, REGISTRY_ECOSYSTEMS, type ReleaseView, releaseView } from "./lookup.ts";
import { releasesBefore } from "./model.ts";

const FAMILY = "registry-metadata";

type Def = Omit<SignalDefinition, "family" | "network" | "ecosystems"> & { ecosystems?: string[] };

/**
 * A signal answered from the consumed release's registry record. The wrapper turns a missing
 * package or release into `unknown` (isRemovedUpstream answers those itself) and failures into
 * `unknown`/`error` with the reason.
 */
function registrySignal(
  def: Def,
  fn: (
    view: ReleaseView & { release: NonNullable<ReleaseView["release"]> },
    pkg: Package,
    ctx: SignalContext,
  ) => SignalOutcome,
  options: { details?: boolean } = {},
): Signal {
  return {
    definition: { ...def, family: FAMILY, network: true, ecosystems: def.ecosystems ?? REGISTRY_ECOSYSTEMS },
    async collect(pkg, ctx) {
      if (!pkg.version) return unknown("no version recorded for this package");
      let view: ReleaseView;
      try {
        view = await releaseView(pkg, ctx, options.details);
      } catch (e) {
        return outcomeFromError(e);
      }
      const ev = docEvidence(view);
      if (!view.doc.exists) return unknown("the registry does not know this package", ev);
      if (!view.release) return unknown(`the registry does not list version ${pkg.version}`, ev);
      const out = fn({ ...view, release: view.release }, pkg, ctx);
      return { ...out, evidence: { ...ev, ...out.evidence } };
    },
  };
}

const DAY = 86_400_000;

export const publishedWithinDays = registrySignal(
  {
    id: "publishedWithinDays",
    title: "Released very recently",
    description:
      "The consumed version was published fewer days ago than the cool-down window (default 7 days). " +
      "Most hijacked or malicious releases are found and pulled within days, so waiting lets others find them first.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Wait until the release is older than the window, or pin the previous version until then.",
    threats: ["account-takeover", "malicious-package", "compromised-build"],
  },
  ({ release }, _pkg, ctx) => {
    if (!release.published) return unknown("the registry gives no publication time for this version");
    const ageDays = (ctx.now.getTime() - Date.parse(release.published)) / DAY;
    return answer(ageDays < ctx.settings.windowDays, {
      publishedAt: release.published,
      ageDays: Math.round(ageDays * 10) / 10,
      windowDays: ctx.settings.windowDays,
    });
  },
);

export const hasInstallScript: Signal = (() => {
  const s = registrySignal(
    {
      id: "hasInstallScript",
      title: "Runs code at install time",
      description:
        "Installing the package runs its own code: npm preinstall/install/postinstall scripts or a node-gyp build " +
        "(binding.gyp), a Python release with no wheel (the build runs on the installing machine), Composer scripts. " +
        "Install-time code runs with the developer's or CI's rights before anyone reviews it.",
      risk: "high",
      riskyAnswer: "yes",
      remediation:
        "Review what the script does; install with scripts disabled (npm --ignore-scripts) and allow-list the packages that need them.",
      threats: ["install-script", "malicious-package"],
      ecosystems: ["npm", "PyPI", "crates.io", "Packagist"],
    },
    ({ release }) => {
      if (!release.installScripts)
        return unknown("the registry does not say whether this release has install hooks");
      return answer(release.installScripts.length > 0, { hooks: release.installScripts });
    },
  );
  return {
    definition: s.definition,
    async collect(pkg, ctx) {
      // The lockfile already says so for npm v2+ lockfiles: no need to ask the registry.
      if (pkg.meta?.hasInstallScript === true) return yes({ from: "lockfile", hooks: ["hasInstallScript"] });
      return s.collect(pkg, ctx);
    },
  };
})();

export const isDeprecated = registrySignal(
  {
    id: "isDeprecated",
    title: "Deprecated or yanked",
    description:
      "The publisher has marked the consumed version deprecated (npm, NuGet), abandoned (Packagist) or yanked it " +
      "(PyPI, crates.io): they no longer want it used, often because it is broken, insecure or superseded.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Move to the version or package the deprecation message names.",
    threats: ["unmaintained", "package-removal"],
    ecosystems: ["npm", "PyPI", "crates.io", "Packagist", "NuGet"],
  },
  ({ release }) => {
    if (release.deprecated) return yes({ deprecated: release.deprecated });
    if (release.yanked) return yes({ yanked: release.yanked });
    return no();
  },
);

export const hasSingleMaintainer = registrySignal(
  {
    id: "hasSingleMaintainer",
    title: "Only one maintainer",
    description:
      "Exactly one account can publish the package. One stolen password or one person walking away decides the fate " +
      "of everything that depends on it.",
    risk: "low",
    riskyAnswer: "yes",
    remediation:
      "Prefer well-staffed alternatives for critical dependencies, or pin and review updates closely.",
    threats: ["account-takeover", "unmaintained"],
    ecosystems: ["npm", "NuGet"],
  },
  ({ release, doc }) => {
    const m = release.maintainers ?? doc.maintainers;
    if (!m) return unknown("the registry does not list maintainers");
    return answer(new Set(m).size === 1, { maintainers: m });
  },
);

export const maintainersChanged = registrySignal(
  {
    id: "maintainersChanged",
    title: "New maintainer or publisher in this version",
    description:
      "The consumed version lists a maintainer the previous version did not, or was published by an account that " +
      "did not publish or maintain the previous one. Takeovers and hand-overs to strangers show up exactly like this.",
    risk: "high",
    riskyAnswer: "yes",
    remediation: "Check who the new maintainer is and why they were added before taking the version.",
    threats: ["maintainer-change", "account-takeover"],
    ecosystems: ["npm", "crates.io"],
  },
  ({ release, previous }) => {
    if (!previous) return no({ note: "first release: nothing to compare with" });
    const before = new Set([
      ...(previous.maintainers ?? []),
      ...(previous.publisher ? [previous.publisher] : []),
    ]);
    if (before.size === 0 && !release.maintainers && !release.publisher)
      return unknown("the registry does not list maintainers or publishers");
    const added = (release.maintainers ?? []).filter((m) => !(previous.maintainers ?? []).includes(m));
    const removed = (previous.maintainers ?? []).filter((m) => !(release.maintainers ?? []).includes(m));
    const newPublisher =
      release.publisher && before.size > 0 && !before.has(release.publisher) ? release.publisher : undefined;
    const changed = (previous.maintainers !== undefined && added.length > 0) || newPublisher !== undefined;
    return answer(changed, {
      previousVersion: previous.version,
      added,
      removed,
      publisher: release.publisher,
      previousPublisher: previous.publisher,
    });
  },
);

export const hasRepositoryLink = registrySignal(
  {
    id: "hasRepositoryLink",
    title: "Links to its source repository",
    description:
      "The registry record names a source repository. Without one, nobody can compare the published code with its " +
      "source, look up its Scorecard, or check its provenance against it.",
    risk: "low",
    riskyAnswer: "no",
    remediation:
      "Ask the maintainers to add the repository field; prefer packages whose source can be inspected.",
    threats: ["malicious-package", "tampered-artifact"],
  },
  ({ release, doc }, pkg) => {
    const repo = release.repository ?? doc.repository ?? pkg.repository;
    return answer(Boolean(repo), repo ? { repository: repo } : {});
  },
);

export const repositoryChanged = registrySignal(
  {
    id: "repositoryChanged",
    title: "Repository differs from the previous version or the SBOM",
    description:
      "The source repository named by the consumed version is not the one the previous version named, or not the one " +
      "the SBOM records. A package that suddenly points somewhere else may have changed hands or be impersonating another.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Confirm the move with the project's announcements before consuming the version.",
    threats: ["account-takeover", "malicious-package", "maintainer-change"],
  },
  ({ release, previous }, pkg) => {
    const cur = release.repository;
    if (!cur) return unknown("the consumed version names no repository");
    const ev: Record<string, unknown> = { repository: cur };
    let changed = false;
    if (previous?.repository && previous.repository !== cur) {
      changed = true;
      ev.previousRepository = previous.repository;
      ev.previousVersion = previous.version;
    }
    if (pkg.repository) {
      const declared = pkg.repository
        .toLowerCase()
        .replace(/^git\+/, "")
        .replace(/\.git$/, "");
      if (!declared.includes(cur.replace(/^https:\/\//, ""))) {
        changed = true;
        ev.sbomRepository = pkg.repository;
      }
    }
    return answer(changed, ev);
  },
  { details: true },
);

export const lostProvenance = registrySignal(
  {
    id: "lostProvenance",
    title: "Published without provenance where earlier versions had it",
    description:
      "Earlier versions came with build provenance attestations but the consumed one does not. A release pushed " +
      "from a laptop with a stolen token, bypassing the project's CI, looks exactly like this.",
    risk: "high",
    riskyAnswer: "yes",
    remediation:
      "Do not take the version until the maintainers explain the missing attestation; stay on the previous one.",
    threats: ["compromised-build", "account-takeover"],
    ecosystems: ["npm"],
  },
  ({ release, doc }) => {
    if (release.attestationsUrl) return no({ attestations: true });
    const earlier = releasesBefore(doc, release.version).filter((r) => r.attestationsUrl);
    if (earlier.length === 0) return no({ attestations: false, earlierWithAttestations: 0 });
    const last = earlier.sort((a, b) => (a.published! < b.published! ? 1 : -1))[0];
    return yes({
      attestations: false,
      earlierWithAttestations: earlier.length,
      lastWithAttestations: last.version,
    });
  },
);

export const isRemovedUpstream: Signal = {
  definition: {
    id: "isRemovedUpstream",
    title: "Removed from the registry",
    description:
      "The registry no longer has the package or the consumed version (deleted, unpublished or taken down). " +
      "Registries remove malware this way, and a removed package can also be re-registered by someone else.",
    risk: "high",
    riskyAnswer: "yes",
    remediation: "Find out why it was removed (check for a malware advisory) and replace it.",
    threats: ["package-removal", "malicious-package"],
    family: FAMILY,
    network: true,
    ecosystems: REGISTRY_ECOSYSTEMS,
  },
  async collect(pkg, ctx) {
    if (!pkg.version) return unknown("no version recorded for this package");
    let view: ReleaseView;
    try {
      view = await releaseView(pkg, ctx);
    } catch (e) {
      return outcomeFromError(e);
    }
    const ev = docEvidence(view);
    if (!view.doc.exists)
      return yes({
        ...ev,
        removed: "package",
        ...(view.doc.unpublished ? { unpublished: view.doc.unpublished } : {}),
      });
    if (!view.release) return yes({ ...ev, removed: "version", version: pkg.version });
    return no(ev);
  },
};

export const isRevivedAfterDormancy = registrySignal(
  {
    id: "isRevivedAfterDormancy",
    title: "First release after a long silence",
    description:
      "The consumed version came out after the package had published nothing for a long time (default two years). " +
      "Dormant packages that suddenly ship again are a favourite target: new owners, expired maintainer e-mail " +
      "domains and forgotten tokens all end this way.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation:
      "Check who published the release and what changed before taking it; compare with the last active version.",
    threats: ["abandoned-then-revived", "account-takeover", "maintainer-change"],
  },
  ({ release, doc }, _pkg, ctx) => {
    if (!release.published) return unknown("the registry gives no publication time for this version");
    const before = releasesBefore(doc, release.version);
    if (before.length === 0) return no({ note: "first release: nothing to compare with" });
    const last = before.reduce((a, b) => (a.published! > b.published! ? a : b));
    const gapDays = (Date.parse(release.published) - Date.parse(last.published!)) / DAY;
    return answer(gapDays >= ctx.settings.dormancyDays, {
      gapDays: Math.round(gapDays),
      previousRelease: last.version,
      previousPublishedAt: last.published,
      dormancyDays: ctx.settings.dormancyDays,
    });
  },
);

export const REGISTRY_SIGNALS: Signal[] = [
  publishedWithinDays,
  hasInstallScript,
  isDeprecated,
  hasSingleMaintainer,
  maintainersChanged,
  hasRepositoryLink,
  repositoryChanged,
  lostProvenance,
  isRemovedUpstream,
  isRevivedAfterDormancy,
];
