#!/usr/bin/env bash
# Install what executes examples/notebooks/*.ipynb headless: the tslab TypeScript kernel (npm,
# pinned in tools/notebook/package-lock.json, outside the workspaces: tools/notebook/README.md says
# why), its Jupyter kernel spec, and Python's nbclient + ipykernel + nbformat.
#
# Idempotent: each step checks whether its result exists and says what it did or skipped.
# pip installs from the wheels the machine's pip config points at (ENVIRONMENT.md); nothing is
# downloaded when the tests run.
#
# Env: SKIP_NOTEBOOK_INSTALL=1  do nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[install-notebook-kernel] %s\n' "$*"; }

if [ "${SKIP_NOTEBOOK_INSTALL:-}" = "1" ]; then
  log "SKIP_NOTEBOOK_INSTALL=1: nothing to do"
  exit 0
fi

if [ -x tools/notebook/node_modules/.bin/tslab ]; then
  log "tslab already installed in tools/notebook"
else
  log "npm ci in tools/notebook (tslab)"
  npm ci --prefix tools/notebook --no-audit --no-fund
fi

if python3 -c 'import nbclient, nbformat, ipykernel' 2>/dev/null; then
  log "nbclient, nbformat and ipykernel already importable"
else
  log "pip install nbclient nbformat ipykernel"
  python3 -m pip install --quiet nbclient nbformat ipykernel
fi

if jupyter kernelspec list 2>/dev/null | grep -qE '^\s*tslab\s'; then
  log "tslab kernel spec already installed"
else
  log "installing the tslab kernel spec"
  tools/notebook/node_modules/.bin/tslab install --python=python3
fi
log "done"
