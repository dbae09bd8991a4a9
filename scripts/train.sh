#!/usr/bin/env bash
# The main job in one command on a fresh machine: sets up a virtual environment (once) with the
# training extras (matplotlib, tqdm), trains an MLP on the shipped 8x8 digits with progress,
# prints the test accuracy and writes model.ng, history.csv/json and curves.png into the run
# directory. Usage: bash scripts/train.sh [--out runs/digits] [--epochs N] [--seed S] [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_install train
exec "$PY" -m neuralgrad.train.digits "$@"
