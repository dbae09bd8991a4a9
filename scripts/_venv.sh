# Sourced by the scripts here: creates the virtual environment once and installs the package
# with the given extras into it. Usage: venv_install EXTRAS   (sets $PY to its python)
venv_install() {
  local venv="${NEURALGRAD_VENV:-.venv}"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  PY="$venv/bin/python"
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet -e ".[$1]"
}
