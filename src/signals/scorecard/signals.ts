import { PackageURL } from "packageurl-js";
import { baseEcosystem } from "../../core/ecosystem.ts";
import type { Package } from "../../core/package.ts";
import { redactUrl } from "../http/http.ts";
import { REGISTRY_ECOSYSTEMS, releaseView } from "../registry-metadata/lookup.ts";
import { normalizeRepositoryUrl } from "../registry-metadata/model.ts";
import {
  answer,
  outcomeFromError,
  type Signal,
  type SignalContext,
  type SignalDefinition,
  type SignalOutcome,
  SignalsError,
  unknown,
} from "../types.ts";
import {
  aggregateScore,
  loadScorecardDir,
  parseScorecardResult,
  repoKey,
  type ScorecardResult,
} from "./result.ts";

const FAMILY = "scorecard";
const DAY = 86_400_000;

/** deps.dev's system names. */
const DEPS_DEV_SYSTEM: Record<string, string> = {
  npm: "npm",
  PyPI: "pypi",
  Go: "go",
  Maven: "maven",
  "crates.io": "cargo",
  NuGet: "nuget",
  RubyGems: "rubygems",
};

/** Hosts Scorecard can score. */
function scorable(repo: string | undefined): string | undefined {
  if (!repo) return undefined;
  const key = repoKey(repo);
  return /^(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/.test(key) ? key : undefined;
}

function fromPurl(purl: string): string | undefined {
  try {
    const q = PackageURL.fromString(purl).qualifiers;
    return q?.vcs_url ? normalizeRepositoryUrl(q.vcs_url) : undefined;
  } catch {
    return undefined;
  }
}

async function fromDepsDev(pkg: Package, ctx: SignalContext): Promise<string | undefined> {
  const eco = baseEcosystem(pkg.ecosystem);
  const system = eco ? DEPS_DEV_SYSTEM[eco] : undefined;
  if (!system || !pkg.version) return undefined;
  const base = ctx.settings.depsDevUrl.replace(/\/+$/, "");
  const url = `${base}/systems/${system}/packages/${encodeURIComponent(pkg.name)}/versions/${encodeURIComponent(pkg.version)}`;
  const res = await ctx.http.getJson(url);
  if (res.status === 404) return undefined;
  const rel = (res.data as { relatedProjects?: unknown })?.relatedProjects;
  if (rel !== undefined && !Array.isArray(rel))
    throw new SignalsError("malformed-response", `${redactUrl(base)}: relatedProjects is not a list`);
  for (const p of (rel as { projectKey?: { id?: unknown }; relationType?: unknown }[] | undefined) ?? []) {
    if (p?.relationType === "SOURCE_REPO" && typeof p.projectKey?.id === "string") return p.projectKey.id;
  }
  return undefined;
}

/**
 * The package's source repository, from (in order) the input (SBOM), the purl's vcs_url, the
 * registry record, then deps.dev. Returns how it was found.
 */
export async function resolveRepository(
  pkg: Package,
  ctx: SignalContext,
): Promise<{ repo?: string; via?: string; tried: string[] }> {
  const tried: string[] = [];
  const direct = scorable(pkg.repository ? normalizeRepositoryUrl(pkg.repository) : undefined);
  if (direct) return { repo: direct, via: "input", tried };
  tried.push("input");
  const purl = scorable(fromPurl(pkg.purl));
  if (purl) return { repo: purl, via: "purl vcs_url", tried };
  tried.push("purl");
  const eco = baseEcosystem(pkg.ecosystem);
  if (eco && REGISTRY_ECOSYSTEMS.includes(eco) && pkg.version) {
    try {
      const view = await releaseView(pkg, ctx);
      const r = scorable(view.release?.repository ?? view.doc.repository);
      if (r) return { repo: r, via: "registry", tried };
    } catch {
      // fall through to deps.dev
    }
    tried.push("registry");
  }
  try {
    const r = scorable(await ctx.memo(`depsdev:${pkg.purl}`, () => fromDepsDev(pkg, ctx)));
    if (r) return { repo: r, via: "deps.dev", tried };
  } catch (e) {
    tried.push(`deps.dev (${(e as Error).message})`);
    return { tried };
  }
  tried.push("deps.dev");
  return { tried };
}

/** The Scorecard result for a repository: local results first, then the API. */
export async function scorecardFor(repo: string, ctx: SignalContext): Promise<ScorecardResult | undefined> {
  const dir = ctx.settings.scorecardResultsDir;
  if (dir) {
    const local = await ctx.memo(`scorecard-dir:${dir}`, () => loadScorecardDir(dir));
    const hit = local.byRepo.get(repo);
    if (hit) return hit;
  }
  return ctx.memo(`scorecard:${repo}`, async () => {
    const base = ctx.settings.scorecardApiUrl.replace(/\/+$/, "");
    if (!base) return undefined;
    const res = await ctx.http.getJson(`${base}/projects/${repo}`);
    if (res.status === 404) return undefined;
    return parseScorecardResult(res.data, redactUrl(base));
  });
}

function checksEvidence(r: ScorecardResult, ctx: SignalContext): Record<string, unknown> {
  const checks: Record<string, number> = {};
  for (const c of r.checks) checks[c.name] = c.score;
  const ev: Record<string, unknown> = { repo: r.repo, source: r.source, checks };
  const agg = aggregateScore(r);
  if (agg !== undefined) {
    ev.score = agg;
    ev.aggregateScore = agg;
  }
  if (r.date) {
    ev.date = r.date;
    const age = (ctx.now.getTime() - Date.parse(r.date)) / DAY;
    if (Number.isFinite(age)) {
      ev.ageDays = Math.round(age);
      if (age > ctx.settings.scorecardStaleDays) ev.stale = true;
    }
  }
  if (r.commit) ev.commit = r.commit;
  if (r.scorecardVersion) ev.scorecardVersion = r.scorecardVersion;
  return ev;
}

function scorecardSignal(
  def: Omit<SignalDefinition, "family" | "network">,
  fn: (r: ScorecardResult, ctx: SignalContext, ev: Record<string, unknown>) => SignalOutcome,
): Signal {
  return {
    definition: { ...def, family: FAMILY, network: true },
    async collect(pkg, ctx) {
      try {
        const found = await resolveRepository(pkg, ctx);
        if (!found.repo)
          return unknown("no GitHub or GitLab source repository could be found for the package", {
            tried: found.tried,
          });
        const r = await scorecardFor(found.repo, ctx);
        if (!r)
          return unknown(`no Scorecard result for ${found.repo}`, { repo: found.repo, repoVia: found.via });
        const ev = { ...checksEvidence(r, ctx), repoVia: found.via };
        const out = fn(r, ctx, ev);
        return { ...out, evidence: { ...ev, ...out.evidence } };
      } catch (e) {
        return outcomeFromError(e);
      }
    },
  };
}

export const hasLowScorecard = scorecardSignal(
  {
    id: "hasLowScorecard",
    title: "Low OpenSSF Scorecard score",
    description:
      "The source repository's OpenSSF Scorecard aggregate is below the threshold (default 4 of 10): few of the " +
      "practices that make a hijack or a bad release less likely (reviews, branch protection, pinned CI, signed " +
      "releases) are in place. Results older than the staleness limit are marked stale.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation:
      "Look at the failing checks; prefer a better-run alternative for critical uses, or contribute the fixes upstream.",
    threats: ["unmaintained", "compromised-build", "account-takeover"],
  },
  (r, ctx) => {
    const agg = aggregateScore(r);
    if (agg === undefined) return unknown("the Scorecard result has no aggregate score (probe-only result)");
    return answer(agg < ctx.settings.scorecardThreshold, { threshold: ctx.settings.scorecardThreshold });
  },
);

export const isUnmaintained = scorecardSignal(
  {
    id: "isUnmaintained",
    title: "Unmaintained (Scorecard Maintained check at 0)",
    description:
      "Scorecard's Maintained check scored 0: no commits or issue activity by maintainers in the last 90 days (or " +
      "the repository is archived). Vulnerabilities found now may never be fixed.",
    risk: "medium",
    riskyAnswer: "yes",
    remediation: "Plan a replacement or a fork you can maintain; watch for advisories without fixes.",
    threats: ["unmaintained", "abandoned-then-revived"],
  },
  (r) => {
    const m = r.checks.find((c) => c.name.toLowerCase() === "maintained");
    if (!m) return unknown("the Scorecard result has no Maintained check");
    if (m.score < 0) return unknown(`the Maintained check was inconclusive: ${m.reason ?? "no reason"}`);
    return answer(m.score <= 0, { maintained: m.score, maintainedReason: m.reason });
  },
);

export const SCORECARD_SIGNALS: Signal[] = [hasLowScorecard, isUnmaintained];
