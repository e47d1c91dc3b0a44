#!/usr/bin/env bash
# Fails when the committed dist/ bundle differs from a fresh `npm run bundle`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run bundle' and commit the result. Changed files:" >&2
  git status --porcelain -- dist >&2
  git --no-pager diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ is up to date"
