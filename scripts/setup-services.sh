#!/usr/bin/env bash
# Installs/builds the local services used by the integration tests:
#   - python3, make, g++ (Debian packages)     -> what `npm install` needs to build better-sqlite3
#   - redis-server (Debian package)            -> on PATH
#   - FerretDB v1.24.2 (MongoDB wire protocol) -> .cache/bin/ferretdb
#   - chromium (Debian package), only with --with-chromium
# Idempotent: every step is skipped when its result already exists.
# Set MONGODB_URI to skip the FerretDB build (tests then use that server).
set -euo pipefail

FERRETDB_VERSION="v1.24.2"
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="${ROOT_DIR}/.cache/bin"
FERRETDB_BIN="${BIN_DIR}/ferretdb"

WITH_CHROMIUM=0
for arg in "$@"; do
  case "$arg" in
    --with-chromium) WITH_CHROMIUM=1 ;;
    -h|--help)
      echo "usage: bash scripts/setup-services.sh [--with-chromium]"
      exit 0 ;;
    *) echo "setup-services: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "setup-services: $*"; }
die() { echo "setup-services: ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* manually"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
      || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  local apt_log
  apt_log="$(mktemp "${TMPDIR:-/tmp}/apt-install.XXXXXX")"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    rm -f "$apt_log"
    die "apt-get install $* failed"
  fi
  rm -f "$apt_log"
}

# --- compiler for the embedded store's native module (better-sqlite3) -----
missing_tools=()
for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool"); done
if [ "${#missing_tools[@]}" -gt 0 ]; then
  apt_install python3 make g++
fi

# --- redis ---------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server
  command -v redis-server >/dev/null 2>&1 || die "redis-server still not on PATH after install"
  # The Debian package may auto-start a system instance on 6379; tests use their own ports.
fi

# --- FerretDB ------------------------------------------------------------
if [ -n "${MONGODB_URI:-}" ]; then
  log "MONGODB_URI is set; skipping FerretDB build"
elif [ ! -x "$FERRETDB_BIN" ]; then
  command -v go >/dev/null 2>&1 || die "go toolchain not found; needed to build FerretDB (or set MONGODB_URI)"
  log "building FerretDB ${FERRETDB_VERSION} into ${FERRETDB_BIN} (takes ~1-2 min)"
  TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
  trap 'rm -rf "$TMP_DIR"' EXIT
  (
    cd "$TMP_DIR"
    go mod init tmp >/dev/null 2>&1
    # `go install ...@version` fails against the available proxy; `go get` inside a module works.
    go get "github.com/FerretDB/FerretDB/cmd/ferretdb@${FERRETDB_VERSION}" >"$TMP_DIR/go-get.log" 2>&1 \
      || { tail -n 20 "$TMP_DIR/go-get.log" >&2; exit 1; }
  ) || die "go get github.com/FerretDB/FerretDB@${FERRETDB_VERSION} failed"
  MOD_DIR="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@${FERRETDB_VERSION}"
  [ -d "$MOD_DIR" ] || die "FerretDB module not found at $MOD_DIR"
  SRC_DIR="$TMP_DIR/src"
  cp -R "$MOD_DIR" "$SRC_DIR"
  chmod -R u+w "$SRC_DIR"
  # version.txt is not part of the published module; the binary panics without it.
  mkdir -p "$SRC_DIR/build/version"
  printf '%s\n' "$FERRETDB_VERSION" >"$SRC_DIR/build/version/version.txt"
  mkdir -p "$BIN_DIR"
  (
    cd "$SRC_DIR"
    GOFLAGS="${GOFLAGS:-} -mod=mod" go build -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb >"$TMP_DIR/build.log" 2>&1 \
      || { tail -n 30 "$TMP_DIR/build.log" >&2; exit 1; }
  ) || { rm -f "$FERRETDB_BIN.tmp"; die "go build of FerretDB failed"; }
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  "$FERRETDB_BIN" --version >/dev/null 2>&1 || die "built $FERRETDB_BIN but it does not run (--version failed)"
  log "built $FERRETDB_BIN"
fi

# --- chromium (optional) -------------------------------------------------
if [ "$WITH_CHROMIUM" -eq 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after install"
fi

exit 0
