#!/usr/bin/env bash
# Every check CI runs: lint, types, migrations, and the unit, integration and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

export PUENTE_ENVIRONMENT=test
if [ -n "${CI:-}" ]; then
  # In CI PostgreSQL must be there: its tests fail rather than skip when it cannot be reached.
  export PUENTE_TEST_POSTGRES_URL="${PUENTE_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
fi

echo "== ruff"
.venv/bin/ruff check puente tests bench
.venv/bin/ruff format --check puente tests bench
echo "== mypy --strict"
.venv/bin/mypy puente
echo "== pytest"
.venv/bin/pytest tests -n 2 --dist loadgroup -q "$@"
