#!/usr/bin/env bash
# Install Debian's chromium for the dashboard's browser tests (playwright-core drives it:
# packages/cli/src/serve/dashboard.int.test.ts). No browser is downloaded by npm or Playwright.
#
# Idempotent: if /usr/bin/chromium exists, nothing is done. Needs root (apt-get); without root
# (and no passwordless sudo) it only reports what is missing.
#
# Env:
#   SKIP_CHROMIUM_INSTALL=1  do nothing (the browser tests then skip, or fail under CI=true)
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf '[install-chromium] %s\n' "$*"; }

if [ "${SKIP_CHROMIUM_INSTALL:-}" = "1" ]; then
  log "SKIP_CHROMIUM_INSTALL=1: nothing to do"
  exit 0
fi

if [ -x "$CHROMIUM" ]; then
  log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) already installed at ${CHROMIUM}: nothing to do"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    log "not root and no passwordless sudo: cannot install chromium (apt-get install -y chromium)."
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get install chromium"
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends chromium >/dev/null

if [ -x "$CHROMIUM" ]; then
  log "installed $("$CHROMIUM" --version 2>/dev/null || echo chromium) at ${CHROMIUM}"
else
  log "apt-get finished but ${CHROMIUM} is missing"
  exit 1
fi
