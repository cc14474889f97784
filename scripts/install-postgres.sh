#!/usr/bin/env bash
# Install PostgreSQL 15 (Debian bookworm) + pgvector 0.8 built from Debian trixie's source package.
#
# Idempotent: every step checks whether its result already exists and says what it did or skipped.
# Needs root (apt-get, make install); without root it only reports what is missing.
# The system's apt sources are never modified: the trixie deb-src line lives in a private apt
# config under a temp dir, and its URI is derived from /etc/apt/sources.list.d/debian.sources.
#
# Env:
#   PG_MAJOR            PostgreSQL major version (default 15)
#   PGVECTOR_SUITE      Debian suite providing the pgvector source package (default trixie)
#   SKIP_POSTGRES_INSTALL=1  do nothing (e.g. CI runners that bring their own DATABASE_URL)
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
PGVECTOR_SUITE="${PGVECTOR_SUITE:-trixie}"
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
PG_CONFIG="${PG_BIN}/pg_config"

log() { printf '[install-postgres] %s\n' "$*"; }

if [ "${SKIP_POSTGRES_INSTALL:-}" = "1" ]; then
  log "SKIP_POSTGRES_INSTALL=1: nothing to do"
  exit 0
fi

vector_installed() {
  [ -x "$PG_CONFIG" ] || return 1
  local pkglibdir sharedir
  pkglibdir="$("$PG_CONFIG" --pkglibdir)"
  sharedir="$("$PG_CONFIG" --sharedir)"
  [ -f "${pkglibdir}/vector.so" ] && [ -f "${sharedir}/extension/vector.control" ]
}

installed_vector_version() {
  local sharedir
  sharedir="$("$PG_CONFIG" --sharedir)"
  sed -n "s/^default_version *= *'\(.*\)'/\1/p" "${sharedir}/extension/vector.control"
}

if [ -x "${PG_BIN}/initdb" ] && vector_installed; then
  log "PostgreSQL ${PG_MAJOR} and pgvector $(installed_vector_version) already installed: nothing to do"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  SUDO=""
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    log "not root and no passwordless sudo: cannot install PostgreSQL ${PG_MAJOR} + pgvector."
    log "Run this script as root, or point the tests at your own server with DATABASE_URL."
    exit 1
  fi
else
  SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive

# 1. Debian packages from the machine's normal sources.
need_pkgs=()
for pkg in "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" dpkg-dev make gcc; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    log "package ${pkg}: already installed"
  else
    need_pkgs+=("$pkg")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "apt-get install ${need_pkgs[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  log "installed ${need_pkgs[*]}"
fi

if vector_installed; then
  log "pgvector $(installed_vector_version) already installed for PostgreSQL ${PG_MAJOR}"
  exit 0
fi

# 2. pgvector source from ${PGVECTOR_SUITE}, via a private apt config.
sources_file=/etc/apt/sources.list.d/debian.sources
uri=""
if [ -f "$sources_file" ]; then
  uri="$(awk '/^URIs:/ { print $2; exit }' "$sources_file")"
fi
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|ftp):/) { print $i; exit } }' /etc/apt/sources.list)"
fi
if [ -z "$uri" ]; then
  log "could not derive a Debian mirror URI from ${sources_file} or /etc/apt/sources.list"
  exit 1
fi
log "using Debian mirror ${uri} (suite ${PGVECTOR_SUITE}) for the pgvector source package"

work="$(mktemp -d /tmp/install-pgvector.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/src"
printf 'deb-src %s %s main\n' "$uri" "$PGVECTOR_SUITE" >"$work/sources.list"
apt_private=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists"
)
log "apt-get update (private source list: deb-src ${PGVECTOR_SUITE} only)"
apt-get "${apt_private[@]}" update -qq
(
  cd "$work/src"
  log "apt-get source pgvector"
  apt-get "${apt_private[@]}" source -qq pgvector >/dev/null 2>&1 || apt-get "${apt_private[@]}" source pgvector
)
src_dir="$(find "$work/src" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
if [ -z "$src_dir" ]; then
  log "apt-get source pgvector produced no pgvector-* directory"
  exit 1
fi
log "building $(basename "$src_dir") against ${PG_CONFIG} (OPTFLAGS=\"\", no -march=native)"
make -s -C "$src_dir" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
$SUDO make -s -C "$src_dir" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install >/dev/null

if vector_installed; then
  log "installed pgvector $(installed_vector_version) into $("$PG_CONFIG" --pkglibdir)"
else
  log "pgvector build finished but vector.so / vector.control are missing"
  exit 1
fi
