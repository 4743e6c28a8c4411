/** The commented starter file `intake policy init` writes. */
export function starterPolicy(preset: string): string {
  return `# Intake consumption policy. Reference: docs/policy.md
# Editor completion: point your YAML extension at schemas/intake.policy.schema.json, e.g.
# yaml-language-server: $schema=./node_modules/intake/schemas/intake.policy.schema.json
version: 1
name: my-organization

# Presets: baseline, standard, strict (S2C2F levels 1-3), small-team, enterprise, regulated, individual.
# Your rules below replace inherited rules with the same id.
extends: ${preset}

# What a signal that could not be answered (unknown or error) means for rules below that read it:
# match (the rule fires), no-match (it does not), warn (it fires as a warning).
defaults:
  onUnknown: no-match

rules:
  # Conditions are CEL over: pkg (ecosystem, name, version, purl, direct, scopes, dev), vulns
  # (id, aliases, severity, score, hasScore, fixed, hasFix, kind), malicious, signals
  # (id -> "yes" | "no" | "unknown" | "error"), license (expression, category), scorecard, provenance.
  - id: no-install-scripts-in-production
    description: A production dependency runs code when it is installed
    action: warn
    when: signals.hasInstallScript == "yes" && !pkg.dev
    onUnknown: no-match
    scope:
      ecosystems: [npm]
    threats: [install-script]
    s2c2f: [SCA-5]

# Inherited rules you do not want:
# disable: [copyleft-license]

# Accepted risks. Every waiver needs a reason, an owner and an expiry date; an expired waiver
# stops applying and is reported. Waivers can also live in intake.waivers.yaml next to this file.
waivers: []
#  - id: lodash-template
#    package: pkg:npm/lodash@4.17.20
#    finding: GHSA-35jh-r3h4-6jhm
#    reason: we never pass user input to _.template
#    owner: web-team
#    expires: 2026-12-31
`;
}
