#!/usr/bin/env bash
# Sets up a virtual environment (once) with the test extras and PyTorch for the reference
# tests, then runs the test suite. Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_install test
# PyTorch is the reference for parity tests; they skip cleanly if it cannot be installed.
"$PY" -m pip install --quiet "torch==2.13.0" \
  || echo "note: torch==2.13.0 not installed; PyTorch parity tests will be skipped"
# one BLAS thread per test worker: two workers on two cores, no oversubscription
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec "$PY" -m pytest -n 2 "$@"
