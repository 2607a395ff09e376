#!/usr/bin/env bash
# Installs everything Puente needs on a fresh machine; --test adds what the test suite needs
# (Debian's chromium for the browser tests, a running PostgreSQL server).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
# Bytecode is compiled once here: with PYTHONDONTWRITEBYTECODE set, every process would otherwise
# recompile pandas, statsmodels and the rest on each import.
uv sync --frozen --quiet --compile-bytecode
.venv/bin/python -m compileall -q -j 0 puente tests

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests…"
    apt_prefix=""
    [ "$(id -u)" -ne 0 ] && apt_prefix="sudo"
    $apt_prefix apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $apt_prefix apt-get install -y -qq chromium >/dev/null
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
