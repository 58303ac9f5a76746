#!/usr/bin/env bash
# Compile the .po translations into .mo files, if the project has any.
#
# Needs gettext's msgfmt. As root it is installed when missing; otherwise the step is
# skipped with a warning (the pages then show the Chinese source strings).
set -euo pipefail
cd "$(dirname "$0")/.."

po=$(find . -path ./.venv -prune -o -path ./var -prune -o -path '*/locale/*' -name '*.po' -print -quit)
[ -z "$po" ] && exit 0

if ! command -v msgfmt >/dev/null 2>&1; then
    scripts/ensure-system-packages.sh gettext
fi
if ! command -v msgfmt >/dev/null 2>&1; then
    echo "compile-messages: WARNING: msgfmt (gettext) not found; translations not compiled" >&2
    exit 0
fi
"${VENV:-.venv}/bin/python" manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v 0
