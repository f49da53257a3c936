# Shared by scripts/serve and scripts/test: make .venv if missing and install the project into it.
# Usage: . scripts/_venv.sh EXTRAS   (EXTRAS like "embedded" or "test")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Newsroom CMS needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
    exit 1
fi
if [ ! -x "$ROOT/.venv/bin/python" ]; then
    echo "Creating $ROOT/.venv"
    "$PYTHON" -m venv "$ROOT/.venv"
fi
VENV_PY="$ROOT/.venv/bin/python"
# Reinstall only when pyproject.toml changed since the last install into this .venv.
STAMP="$ROOT/.venv/.cms-installed-$1"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
    echo "Installing the project with [$1] into .venv"
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT[$1]"
    touch "$STAMP"
fi
