/**
 * Intake's public library API. Explicit named exports only; the CLI, server and proxy are thin
 * layers over these.
 */

export { AdvisoryError, type AdvisoryErrorCode } from "./advisories/errors.ts";
export { importAdvisories } from "./advisories/import.ts";
export {
  type CandidateSource,
  ecosystemApplies,
  type MatchOutput,
  matchCandidates,
  matchPackages,
} from "./advisories/matcher.ts";
export {
  DEFAULT_OSV_API_URL,
  type OnlineResult,
  type OsvApiOptions,
  queryOsvApi,
} from "./advisories/online.ts";
export { type OsvRecord, parseOsvRecord } from "./advisories/osv-model.ts";
export { type ImportStats, OsvStore, openStore, type StoreStatus } from "./advisories/osv-store.ts";
export { type AdvisoryStageOptions, findVulnerabilities } from "./advisories/scan-stage.ts";
export { cvss3BaseScore, cvss4BaseScore, loadCvss4, ratingForScore } from "./advisories/severity.ts";
export {
  DEFAULT_OSV_BASE_URL,
  type SyncOptions,
  type SyncResult,
  syncAdvisories,
} from "./advisories/sync.ts";
export {
  baseEcosystem,
  ECOSYSTEMS,
  type Ecosystem,
  ecosystemForPurlType,
  isEcosystem,
} from "./core/ecosystem.ts";
export { describeError, IntakeError, isIntakeError, UsageError } from "./core/errors.ts";
export {
  buildPurl,
  type Location,
  makePackage,
  normalizeName,
  type Package,
  type PackageRef,
  type Scope,
} from "./core/package.ts";
export {
  canonicalPurl,
  identityFromPurl,
  type PurlIdentity,
  parsePurl,
  tryParsePurl,
} from "./core/purl.ts";
export type {
  Decision,
  Finding,
  Outcome,
  ScanResult,
  ScanSummary,
  Severity,
  SignalResult,
  SourceInfo,
} from "./core/result.ts";
export { SCHEMA_VERSION } from "./core/result.ts";
export { INTAKE_VERSION } from "./core/version.ts";
export { DbError, type IntakeDb, openDatabase, resolveDbLocation } from "./db/index.ts";
export { bunLockParser, parseBunLock } from "./inventory/bun-lock/index.ts";
export { cargoLockParser } from "./inventory/cargo-lock/index.ts";
export { type CycloneDxOptions, cyclonedxParser, parseCycloneDx } from "./inventory/cyclonedx/index.ts";
export { discoverInputs } from "./inventory/discover.ts";
export { goModParser, goSumParser } from "./inventory/go-mod/index.ts";
export { buildInventory, type Inventory, parseSource } from "./inventory/inventory.ts";
export { packageJsonParser, parsePackageJson } from "./inventory/package-json/index.ts";
export { packageLockParser, parsePackageLock } from "./inventory/package-lock/index.ts";
export { pdmLockParser } from "./inventory/pdm-lock/index.ts";
export { pipfileLockParser } from "./inventory/pipfile-lock/index.ts";
export { parsePnpmLock, pnpmLockParser } from "./inventory/pnpm-lock/index.ts";
export { poetryLockParser } from "./inventory/poetry-lock/index.ts";
export { pylockParser } from "./inventory/pylock-toml/index.ts";
export { PARSERS, parserById, parserForPath } from "./inventory/registry.ts";
export { requirementsTxtParser } from "./inventory/requirements-txt/index.ts";
export { parseSpdx, spdxParser } from "./inventory/spdx/index.ts";
export { InventoryError, type InventoryParser } from "./inventory/types.ts";
export { uvLockParser } from "./inventory/uv-lock/index.ts";
export { parseYarnLock, yarnLockParser } from "./inventory/yarn-lock/index.ts";
export { runScan, type ScanOptions } from "./pipeline/scan.ts";
export { PolicyError, type PolicyErrorCode, type PolicyProblem } from "./policy/errors.ts";
export { evaluatePolicy, type PolicyEvaluation, type PolicyInput } from "./policy/evaluate.ts";
export { explainPackages, type PackageExplanation, packageSelector } from "./policy/explain.ts";
export { defaultPolicy, loadPolicy, loadWaiversFile, PRESETS, parsePolicyText } from "./policy/load.ts";
export { findPolicyTestFiles, type PolicyTestCaseResult, runPolicyTestFile } from "./policy/policy-test.ts";
export { policyJsonSchema } from "./policy/schema.ts";
export { buildPolicySet, type PolicyStageOptions, runPolicyStage } from "./policy/stage.ts";
export type { CompiledPolicy, CompiledRule, PolicySet, Waiver } from "./policy/types.ts";
export { applyVex, parseVex, readVexFile, type VexDocument, type VexStatement } from "./policy/vex.ts";
export { cyclonedxReporter, renderCycloneDx } from "./report/cyclonedx/index.ts";
export { REPORTERS, reporterById } from "./report/registry.ts";
export { renderSpdx, spdxReporter } from "./report/spdx/index.ts";
export type { RenderOptions, Reporter } from "./report/types.ts";
export {
  collectSignals,
  DEFAULT_SETTINGS as DEFAULT_SIGNAL_SETTINGS,
  type SignalsOptions,
  selectSignals,
} from "./signals/collect.ts";
export { HttpClient, type HttpClientOptions } from "./signals/http/http.ts";
export { CATEGORY_LABELS, type LicenseCategory, licenseTable } from "./signals/license/categories.ts";
export { analyzeLicense, type LicenseInfo } from "./signals/license/license.ts";
export { type ProvenanceReport, verifyProvenance } from "./signals/provenance/verify.ts";
export { SIGNALS, signalById } from "./signals/registry.ts";
export { loadRegistryConfig, type RegistryConfig } from "./signals/registry-config.ts";
export { parseScorecardResult, type ScorecardResult } from "./signals/scorecard/result.ts";
export {
  type Signal,
  type SignalContext,
  type SignalDefinition,
  type SignalOutcome,
  type SignalSettings,
  SignalsError,
} from "./signals/types.ts";
export {
  compareVersions,
  isValidVersion,
  parseRange,
  satisfies,
  schemeFor,
  VersionError,
  type VersionErrorCode,
  type VersionRange,
  type VersionScheme,
} from "./versions/index.ts";
