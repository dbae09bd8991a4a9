#!/usr/bin/env bash
# Builds the documentation site into site/ with warnings as errors (the tutorials' notebooks are
# executed on the way). Usage: bash scripts/docs.sh [mkdocs build args...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_install docs
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec "$PY" -m mkdocs build --strict "$@"
