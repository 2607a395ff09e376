#!/usr/bin/env bash
# Installs everything Puente needs on a fresh machine; --test adds what the test suite needs
# (Debian's chromium for the browser tests, a running PostgreSQL server).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
# The test suite also runs the identity model on Spark (docs/identity.md, "Spark"): the spark
# extra (pyspark, ~40 s to fetch and build when not cached) and a Java 17 runtime.
extras=()
[ "${1:-}" = "--test" ] && extras=(--extra spark)
# Bytecode is compiled once here: with PYTHONDONTWRITEBYTECODE set, every process would otherwise
# recompile pandas, statsmodels and the rest on each import.
uv sync --frozen --quiet --compile-bytecode "${extras[@]}"
.venv/bin/python -m compileall -q -j 0 puente tests

if [ "${1:-}" = "--test" ]; then
  apt_packages=()
  [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
  command -v java >/dev/null 2>&1 || apt_packages+=(openjdk-17-jre-headless)
  if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "Installing ${apt_packages[*]} (browser tests, Spark tests)…"
    apt_prefix=""
    [ "$(id -u)" -ne 0 ] && apt_prefix="sudo"
    $apt_prefix apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $apt_prefix apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
