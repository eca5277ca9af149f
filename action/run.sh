#!/usr/bin/env bash
# The work of action.yml, kept in a script so that test/cli/action.test.ts runs it as GitHub does.
# In: GG_BIN (dist/bin/gitops-guard.js), GG_BASE (a commit, or empty: scan only), GG_THRESHOLD, GG_SARIF,
# and GitHub's GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP. Out: exit-code, report, sarif.
# It always exits 0 so that the SARIF upload runs; the Verdict step fails the job.
set -uo pipefail
out="${RUNNER_TEMP:-$(mktemp -d)}"
threshold=()
[ -n "${GG_THRESHOLD:-}" ] && threshold=(--severity-threshold "$GG_THRESHOLD")
report="$out/gitops-guard.md"

if [ -n "${GG_BASE:-}" ]; then
  # A shallow checkout (actions/checkout's default) lacks the base commit: fetch that one commit.
  if ! git cat-file -e "${GG_BASE}^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin "$GG_BASE" || echo "::warning::gitops-guard: could not fetch the base commit $GG_BASE"
  fi
  node "$GG_BIN" diff --base "$GG_BASE" --head HEAD --format markdown "${threshold[@]}" > "$report"
  code=$?
else
  echo "gitops-guard: no pull request and no base given: scanning the repository only." >&2
  node "$GG_BIN" scan . --format text "${threshold[@]}" > "$out/gitops-guard.txt"
  code=$?
  # Without a change there is nothing introduced: existing findings are reported, not failed on.
  [ "$code" = 1 ] && code=0
  { echo '## gitops-guard scan'; echo; echo '```'; cat "$out/gitops-guard.txt"; echo '```'; } > "$report"
fi
[ "$code" = 2 ] && echo "::error::gitops-guard failed with a usage or configuration error (exit 2); see the log."
cat "$report" >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
cat "$report"

sarif=''
if [ "${GG_SARIF:-false}" = true ]; then
  # The SARIF of a scan of the whole head, never of diff: code scanning closes the alerts a run omits.
  sarif="$out/gitops-guard.sarif"
  node "$GG_BIN" scan . --format sarif > "$sarif"
  [ $? -le 1 ] || { echo "::error::gitops-guard: the SARIF scan failed"; sarif=''; [ "$code" = 0 ] && code=2; }
fi
{ echo "exit-code=$code"; echo "report=$report"; echo "sarif=$sarif"; } >> "${GITHUB_OUTPUT:-/dev/null}"
exit 0
