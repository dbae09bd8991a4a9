#!/usr/bin/env bash
# The main job in one command on a fresh machine: sets up a virtual environment (once) with the
# command line's extras (pandas, scikit-learn, matplotlib, tqdm), then runs
# `neuralgrad train digits`: an MLP on the shipped 8x8 digits from the recipe's defaults, with
# progress, the test accuracy and a run directory (recipe.json, run.json, model.ng,
# preprocessing.ng, history, curves.png) that `neuralgrad evaluate/predict/summary/resume` read.
# Usage: bash scripts/train.sh [--out runs/digits] [--quick] [any `neuralgrad train` option]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_install cli
exec "$PY" -m neuralgrad train digits "$@"
