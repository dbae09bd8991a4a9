#!/usr/bin/env bash
# The main job in one command on a fresh machine: sets up a virtual environment (once) with the
# training extras (matplotlib, tqdm), trains an MLP on the shipped 8x8 digits with progress,
# prints the test accuracy and writes model.ng, history.csv/json and curves.png into the run
# directory. Usage: bash scripts/train.sh [--out runs/digits] [--epochs N] [--seed S] [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${NEURALGRAD_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[train]"
exec "$VENV/bin/python" -m neuralgrad.train.digits "$@"
