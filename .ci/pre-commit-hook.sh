#!/usr/bin/env bash
# Installs the pre-commit hook of this checkout with Debian's pre-commit (`repo:` this folder,
# `rev:` its HEAD commit) into a new repository and checks what it lets through:
# the first commit of a harmless ConfigMap passes although an untracked privileged pod lies next
# to it; staging that pod fails the hook. Bounded in time; needs the npm registry (the hook's
# install runs `npm install` in pre-commit's clone), nothing else from the network.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$checkout" rev-parse HEAD)"
if ! command -v pre-commit >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq pre-commit) >/dev/null || { echo "cannot install pre-commit with apt-get"; exit 1; }
fi
echo "pre-commit $(pre-commit --version | cut -d' ' -f2), hook from $checkout at $rev"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
repo="$work/repo"
git init -q -b main "$repo"
cd "$repo"
git config user.email ci@example.com
git config user.name ci
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: gitops-guard-diff
YAML
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: apps}\ndata:\n  colour: blue\n' > cm.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {privileged: true}\n' > pod.yaml

timeout 900 pre-commit install-hooks || { echo "the hook did not install (log: $PRE_COMMIT_HOME/pre-commit.log)"; cat "$PRE_COMMIT_HOME/pre-commit.log" 2>/dev/null | tail -40; exit 1; }
pre-commit install >/dev/null
git add .pre-commit-config.yaml cm.yaml
timeout 120 git commit -q -m "first commit: a ConfigMap (an untracked pod lies next to it)" || { echo "the first commit was blocked"; exit 1; }
echo "first commit with an untracked privileged pod next to it: passed"
git add pod.yaml
if timeout 120 git commit -q -m "a privileged pod" >"$work/out.txt" 2>&1; then cat "$work/out.txt"; echo "a staged privileged pod was let through"; exit 1; fi
grep -q 'pss-privileged' "$work/out.txt" || { cat "$work/out.txt"; echo "the hook failed for another reason"; exit 1; }
echo "staged privileged pod: blocked (pss-privileged)"
