#!/usr/bin/env bash
# Validates gitops-guard's SARIF with GitHub's ingestion rules: the Microsoft SARIF multitool's
# `Gh` rule kind (GH1001..GH2012, what code scanning rejects or degrades), installed from the
# npm registry into a temporary folder (about 100 MB with its bundled .NET runtime, so it is not
# a devDependency). The OASIS schema is checked by test/cli/sarif-schema.test.ts.
# Run after `npm run build`; fails on any error-level result.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
bin="$checkout/dist/bin/gitops-guard.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && timeout 600 npm install --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0 >/dev/null) || { echo "cannot install @microsoft/sarif-multitool from npm"; exit 1; }
# Its postinstall only marks the bundled binary executable; npm 11 skips dependency scripts.
chmod u+x "$work"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

# The SARIF files: a scan from the top, a scan from a subfolder (URIs from the git top level),
# a diff with repository checks and policy findings.
cd "$checkout"
node "$bin" scan examples --format sarif > "$work/scan.sarif" || [ $? = 1 ]
(cd examples && node "$bin" scan . --format sarif > "$work/scan-subfolder.sarif") || [ $? = 1 ]
repo="$work/repo"
git init -q -b main "$repo"
mkdir -p "$repo/.github" && printf '/docs/ @org/docs\n' > "$repo/.github/CODEOWNERS"
git -C "$repo" add .github && git -C "$repo" -c user.email=ci@example.com -c user.name=ci -c commit.gpgsign=false commit -q -m base
cp -r examples/. "$repo/"
# A Kyverno rule with an API-call context cannot be evaluated offline: a policy-not-evaluated finding.
cat > "$repo/policy.yaml" <<'YAML'
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: needs-context}
spec:
  validationFailureAction: Enforce
  rules:
    - name: lookup
      match: {any: [{resources: {kinds: [Pod]}}]}
      context:
        - name: cm
          apiCall: {urlPath: /api/v1/namespaces/default/configmaps}
      validate:
        message: x
        deny: {}
YAML
(cd "$repo" && node "$bin" diff --base HEAD --repo-checks --format sarif > "$work/diff.sarif") || [ $? = 1 ]

status=0
for file in "$work"/*.sarif; do
  timeout 300 npx --prefix "$work" sarif-multitool validate "$file" --rule-kind Gh -o "$file.out" >/dev/null
  node -e '
    const fs = require("fs");
    const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const results = log.runs.flatMap((r) => r.results ?? []).filter((r) => (r.level ?? "warning") === "error");
    const name = process.argv[2].split("/").pop();
    for (const r of results) console.log(`${name}: ${r.ruleId} ${r.message.id ?? ""} ${(r.message.arguments ?? []).join(" ")}`);
    const ours = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).runs[0];
    console.log(`${name}: ${results.length} GitHub ingestion error(s), ${ours.results.length} results of rules ${[...new Set(ours.results.map((r) => r.ruleId))].filter((id) => !/^(pss|workload|rbac|network|secrets|argocd|flux)-/.test(id)).join(", ")} and others`);
    process.exit(results.length ? 1 : 0);
  ' "$file.out" "$file" || status=1
done
exit $status
