import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { type Signer, type TrustMaterial, toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { buildPurl } from "../../core/package.ts";
import { normalizeRepositoryUrl } from "../registry-metadata/model.ts";
import { SignalsError } from "../types.ts";

/**
 * A builder identity we accept: the OIDC issuer of the signing certificate and a pattern for
 * its subject (the workflow that ran). Hosted CI only: a laptop cannot get such a certificate.
 */
export interface BuilderRule {
  name: string;
  issuer: string;
  subject: RegExp;
  /** The SLSA build level a verified provenance from this builder supports. */
  slsaBuildLevel: number;
}

export const DEFAULT_BUILDERS: BuilderRule[] = [
  {
    // Reusable workflows of the SLSA GitHub generator isolate signing from the build: level 3.
    name: "slsa-github-generator",
    issuer: "https://token.actions.githubusercontent.com",
    subject:
      /^https:\/\/github\.com\/slsa-framework\/slsa-github-generator\/\.github\/workflows\/.+@refs\/tags\/v\d/,
    slsaBuildLevel: 3,
  },
  {
    name: "GitHub Actions",
    issuer: "https://token.actions.githubusercontent.com",
    subject: /^https:\/\/github\.com\/[^/]+\/[^/]+\/\.github\/workflows\/[^@]+@refs\//,
    slsaBuildLevel: 2,
  },
  {
    name: "GitLab CI",
    issuer: "https://gitlab.com",
    subject: /^https:\/\/gitlab\.com\/.+\/\/.+@refs\//,
    slsaBuildLevel: 2,
  },
];

const SLSA_PREDICATES = new Set(["https://slsa.dev/provenance/v1", "https://slsa.dev/provenance/v0.2"]);

let shippedRoot: TrustMaterial | undefined;

/** Where `intake signals trusted-root` installs a newer root (inside the cache folder). */
export function installedRootPath(cacheDir: string): string {
  return join(cacheDir, "sigstore", "trusted_root.json");
}

/**
 * Parse a Sigstore `trusted_root.json` into trust material, checking that it has what verification
 * needs (a certificate authority and a transparency log). Throws `config-invalid` naming the file.
 */
export function trustMaterialFromFile(path: string | URL): TrustMaterial {
  const shown = String(path);
  let doc: { certificateAuthorities?: unknown[]; tlogs?: unknown[] };
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SignalsError("config-invalid", `not a JSON trusted root: ${(e as Error).message}`, {
      file: shown,
    });
  }
  if (!Array.isArray(doc?.certificateAuthorities) || doc.certificateAuthorities.length === 0)
    throw new SignalsError("config-invalid", "the trusted root lists no certificate authority", {
      file: shown,
    });
  if (!Array.isArray(doc.tlogs) || doc.tlogs.length === 0)
    throw new SignalsError("config-invalid", "the trusted root lists no transparency log", { file: shown });
  try {
    return toTrustMaterial(TrustedRoot.fromJSON(doc));
  } catch (e) {
    throw new SignalsError("config-invalid", `not a Sigstore trusted root: ${(e as Error).message}`, {
      file: shown,
    });
  }
}

/**
 * Trust material, in order: an explicit `trusted_root.json` path, one installed in the cache
 * folder with `intake signals trusted-root`, else the one shipped with Intake (Sigstore's
 * public-good instance, copied from its TUF repository; see src/signals/provenance/README.md).
 */
export function loadTrustMaterial(path?: string, cacheDir?: string): TrustMaterial {
  if (path) return trustMaterialFromFile(path);
  if (cacheDir && existsSync(installedRootPath(cacheDir)))
    return trustMaterialFromFile(installedRootPath(cacheDir));
  shippedRoot ??= trustMaterialFromFile(new URL("./trusted-root.json", import.meta.url));
  return shippedRoot;
}

export type CheckName =
  | "bundle"
  | "signature"
  | "predicate"
  | "subject"
  | "digest"
  | "identity"
  | "repository";

export interface ProvenanceReport {
  verified: boolean;
  /** The first check that failed, with why. */
  failed?: { check: CheckName; reason: string };
  /** Every check and its result (`ok`, `failed`, `skipped: why`). */
  checks: Partial<Record<CheckName, string>>;
  predicateType?: string;
  builder?: string;
  builderId?: string;
  /** The certificate's subject (the workflow that signed). */
  signer?: string;
  issuer?: string;
  sourceRepository?: string;
  sourceCommit?: string;
  /** SLSA build level the verified provenance supports (0 when not verified). */
  slsaBuildLevel: number;
  tlogIndex?: string;
}

export interface VerifyInput {
  /** The Sigstore bundle (JSON as served). */
  bundle: unknown;
  ecosystem: "npm";
  name: string;
  version: string;
  /** SRI integrity of the artifact (sha512-…); the subject digest must equal it. */
  integrity?: string;
  /** The package's declared repository; the provenance's source must match it. */
  repository?: string;
  trust?: TrustMaterial;
  builders?: BuilderRule[];
}

function sriToHex(sri: string | undefined, alg: string): string | undefined {
  if (!sri) return undefined;
  for (const part of sri.trim().split(/\s+/)) {
    const i = part.indexOf("-");
    if (i > 0 && part.slice(0, i) === alg) return Buffer.from(part.slice(i + 1), "base64").toString("hex");
  }
  return undefined;
}

type Json = Record<string, unknown>;
function obj(v: unknown): Json | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

/**
 * Verify an npm provenance bundle offline: Sigstore signature, certificate chain and
 * transparency-log inclusion against the trusted root; the in-toto statement is SLSA provenance
 * for this package and version; its subject digest equals the artifact's integrity; the signing
 * identity is an allowed hosted builder; the source repository is the package's own.
 * Never throws: every failure is reported as the check that failed.
 */
export function verifyProvenance(input: VerifyInput): ProvenanceReport {
  const report: ProvenanceReport = { verified: false, checks: {}, slsaBuildLevel: 0 };
  const fail = (check: CheckName, reason: string): ProvenanceReport => {
    report.checks[check] = `failed: ${reason}`;
    report.failed = { check, reason };
    report.slsaBuildLevel = 0;
    return report;
  };
  let entity: ReturnType<typeof toSignedEntity>;
  let envelopePayload: Buffer;
  try {
    const b = bundleFromJSON(input.bundle);
    if (b.content?.$case !== "dsseEnvelope") return fail("bundle", "the bundle holds no DSSE envelope");
    envelopePayload = Buffer.from(b.content.dsseEnvelope.payload);
    entity = toSignedEntity(b);
    report.checks.bundle = "ok";
    const tl = b.verificationMaterial.tlogEntries[0];
    if (tl) report.tlogIndex = String(tl.logIndex);
  } catch (e) {
    return fail("bundle", `not a valid Sigstore bundle: ${(e as Error).message}`);
  }
  let signer: Signer;
  try {
    const verifier = new Verifier(input.trust ?? loadTrustMaterial(), {
      tlogThreshold: 1,
      ctlogThreshold: 1,
    });
    signer = verifier.verify(entity);
    report.checks.signature = "ok (signature, certificate chain, transparency log)";
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return fail("signature", `${err.code ? `${err.code}: ` : ""}${err.message ?? String(e)}`);
  }
  report.signer = signer.identity?.subjectAlternativeName;
  report.issuer = signer.identity?.extensions?.issuer;
  let statement: Json | undefined;
  try {
    statement = obj(JSON.parse(envelopePayload.toString("utf8")));
  } catch {
    statement = undefined;
  }
  if (!statement) return fail("predicate", "the signed payload is not an in-toto statement");
  const predicateType = typeof statement.predicateType === "string" ? statement.predicateType : "";
  report.predicateType = predicateType;
  if (!SLSA_PREDICATES.has(predicateType))
    return fail("predicate", `not SLSA provenance (${predicateType || "none"})`);
  report.checks.predicate = "ok";
  const predicate = obj(statement.predicate) ?? {};
  const build = obj(predicate.buildDefinition);
  const workflow = obj(obj(build?.externalParameters)?.workflow);
  const runBuilder = obj(obj(predicate.runDetails)?.builder);
  report.builderId =
    (runBuilder?.id as string | undefined) ?? (obj(predicate.builder)?.id as string | undefined);
  const repo =
    (workflow?.repository as string | undefined) ??
    (obj(obj(predicate.invocation)?.configSource)?.uri as string | undefined);
  if (repo) report.sourceRepository = normalizeRepositoryUrl(repo.replace(/@.*$/, ""));
  const deps = Array.isArray(build?.resolvedDependencies) ? (build.resolvedDependencies as Json[]) : [];
  const commit = obj(deps[0]?.digest)?.gitCommit;
  if (typeof commit === "string") report.sourceCommit = commit;

  const subjects = Array.isArray(statement.subject) ? (statement.subject as Json[]) : [];
  const want = buildPurl(input.ecosystem, input.name, input.version);
  const subject = subjects.find((s) => decodeURIComponent(String(s.name)) === decodeURIComponent(want));
  if (!subject)
    return fail(
      "subject",
      `the provenance is for ${subjects.map((s) => s.name).join(", ") || "nothing"}, not ${want}`,
    );
  report.checks.subject = "ok";
  const digest = obj(subject.digest)?.sha512;
  const expected = sriToHex(input.integrity, "sha512");
  if (!expected) report.checks.digest = "skipped: no sha512 integrity known for the artifact";
  else if (digest !== expected)
    return fail("digest", "the attested sha512 differs from the artifact's integrity");
  else report.checks.digest = "ok";

  const rule = (input.builders ?? DEFAULT_BUILDERS).find(
    (r) => r.issuer === report.issuer && r.subject.test(report.signer ?? ""),
  );
  if (!rule)
    return fail(
      "identity",
      `signer ${report.signer ?? "?"} (issuer ${report.issuer ?? "?"}) is not an allowed builder`,
    );
  report.builder = rule.name;
  report.checks.identity = "ok";

  const declared = input.repository ? normalizeRepositoryUrl(input.repository) : undefined;
  if (!declared) report.checks.repository = "skipped: the package declares no repository";
  else if (!report.sourceRepository) return fail("repository", "the provenance names no source repository");
  else if (declared !== report.sourceRepository)
    return fail("repository", `built from ${report.sourceRepository}, but the package declares ${declared}`);
  else report.checks.repository = "ok";
  // The signer's workflow must live in the attested repository too (reusable builders excepted).
  if (rule.slsaBuildLevel < 3 && report.sourceRepository && report.signer) {
    const signerRepo = normalizeRepositoryUrl(
      report.signer.replace(/\/\.github\/workflows\/.*$/, "").replace(/\/\/\.gitlab-ci.*$/, ""),
    );
    if (signerRepo && signerRepo !== report.sourceRepository)
      return fail("identity", `signed by a workflow of ${signerRepo}, not of ${report.sourceRepository}`);
  }
  report.verified = report.checks.digest === "ok";
  if (!report.verified) {
    report.failed = {
      check: "digest",
      reason: "the artifact's integrity is unknown, so the subject cannot be matched",
    };
    return report;
  }
  report.slsaBuildLevel = rule.slsaBuildLevel;
  return report;
}
