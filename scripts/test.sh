#!/usr/bin/env bash
# Sets up a virtual environment (once) with the test extras and PyTorch for the reference
# tests, then runs the test suite. Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${NEURALGRAD_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test]"
# PyTorch is the reference for parity tests; they skip cleanly if it cannot be installed.
"$VENV/bin/python" -m pip install --quiet "torch==2.13.0" \
  || echo "note: torch==2.13.0 not installed; PyTorch parity tests will be skipped"
# one BLAS thread per test worker: two workers on two cores, no oversubscription
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec "$VENV/bin/python" -m pytest -n 2 "$@"
