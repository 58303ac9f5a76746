#!/usr/bin/env bash
# Create .venv if missing and install a requirements file only when it changed.
#
#   scripts/ensure-venv.sh runtime   # requirements.txt      -> .venv/.installed-runtime
#   scripts/ensure-venv.sh dev       # requirements-dev.txt  -> .venv/.installed-dev
#
# The stamp holds a hash of the requirement files, so a second run costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-runtime}
case "$kind" in
    runtime) files="requirements.txt" ;;
    dev) files="requirements.txt requirements-dev.txt" ;;
    *) echo "usage: $0 runtime|dev" >&2; exit 2 ;;
esac
top=$(echo "$files" | awk '{print $NF}')
venv=${VENV:-.venv}
stamp="$venv/.installed-$kind"

if [ ! -x "$venv/bin/python" ]; then
    if command -v python3.11 >/dev/null 2>&1; then
        python=python3.11
    else
        python=python3
    fi
    echo "ensure-venv: creating $venv with $($python --version 2>&1)"
    "$python" -m venv "$venv"
fi

want=$(cat $files | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
echo "ensure-venv: installing $top into $venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$top"
echo "$want" >"$stamp"
if [ "$kind" = dev ]; then
    # requirements-dev.txt includes requirements.txt: the runtime set is installed too.
    cat requirements.txt | sha256sum | cut -d' ' -f1 >"$venv/.installed-runtime"
fi
