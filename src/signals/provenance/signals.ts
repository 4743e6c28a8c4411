import { redactUrl } from "../http/http.ts";
import { npmAuthorizationFor } from "../registry-config.ts";
import { releaseView } from "../registry-metadata/lookup.ts";
import { errorOutcome, no, outcomeFromError, type Signal, SignalsError, unknown, yes } from "../types.ts";
import { loadTrustMaterial, type ProvenanceReport, verifyProvenance } from "./verify.ts";

const SLSA = new Set(["https://slsa.dev/provenance/v1", "https://slsa.dev/provenance/v0.2"]);

function reportEvidence(r: ProvenanceReport): Record<string, unknown> {
  const ev: Record<string, unknown> = { checks: r.checks, slsaBuildLevel: r.slsaBuildLevel };
  for (const k of [
    "builder",
    "builderId",
    "signer",
    "issuer",
    "sourceRepository",
    "sourceCommit",
    "predicateType",
    "tlogIndex",
  ] as const)
    if (r[k] !== undefined) ev[k] = r[k];
  return ev;
}

export const hasVerifiedProvenance: Signal = {
  definition: {
    id: "hasVerifiedProvenance",
    title: "Verified build provenance",
    description:
      "The release carries a SLSA provenance attestation that verifies offline against Sigstore's trusted root: valid " +
      "signature and transparency-log entry, signed by an allowed hosted CI builder, for exactly this artifact (digest " +
      "equal to its integrity), built from the package's own repository. No attestation answers no; an attestation " +
      "that fails any check is an error, which deserves more attention than a missing one.",
    risk: "medium",
    riskyAnswer: "no",
    remediation:
      "Prefer releases published with provenance (npm publish --provenance); treat a failed verification as a possible " +
      "tampered or hijacked release and stop to investigate.",
    threats: ["compromised-build", "tampered-artifact", "account-takeover"],
    ecosystems: ["npm"],
    family: "provenance",
    network: true,
  },
  async collect(pkg, ctx) {
    if (!pkg.version) return unknown("no version recorded for this package");
    try {
      const view = await releaseView(pkg, ctx);
      if (!view.doc.exists) return unknown("the registry does not know this package");
      const rel = view.release;
      if (!rel) return unknown(`the registry does not list version ${pkg.version}`);
      if (!rel.attestationsUrl) return no({ attestations: false });
      const url = rel.attestationsUrl;
      const res = await ctx.http.getJson(url, {
        authorization: npmAuthorizationFor(ctx.registries.npm, url),
      });
      if (res.status === 404)
        return errorOutcome("the registry lists attestations but serves none", { url: redactUrl(url) });
      const list = (res.data as { attestations?: unknown })?.attestations;
      if (!Array.isArray(list))
        throw new SignalsError("malformed-response", `${redactUrl(url)}: attestations is not a list`);
      const slsa = list.find((a) => SLSA.has((a as { predicateType?: string })?.predicateType ?? ""));
      if (!slsa)
        return no({
          attestations: true,
          provenance: false,
          predicateTypes: list.map((a) => a?.predicateType),
        });
      const report = verifyProvenance({
        bundle: (slsa as { bundle?: unknown }).bundle,
        ecosystem: "npm",
        name: pkg.name,
        version: pkg.version,
        integrity: pkg.integrity?.startsWith("sha512-") ? pkg.integrity : rel.integrity,
        repository: rel.repository ?? view.doc.repository ?? pkg.repository,
        trust: loadTrustMaterial(ctx.settings.sigstoreTrustedRoot, ctx.http.cacheDir),
      });
      const ev = reportEvidence(report);
      if (report.verified) return yes(ev);
      return errorOutcome(
        `provenance verification failed at ${report.failed?.check}: ${report.failed?.reason}`,
        ev,
      );
    } catch (e) {
      return outcomeFromError(e);
    }
  },
};

export const PROVENANCE_SIGNALS: Signal[] = [hasVerifiedProvenance];
