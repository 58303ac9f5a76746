#!/usr/bin/env bash
# Install missing Debian packages when running as root; otherwise say what is missing.
#
#   scripts/ensure-system-packages.sh chromium fonts-noto-cjk poppler-utils gettext
#
# Never fails the build by itself: the tests that need a package will say so.
set -uo pipefail

missing=()
for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-system-packages: WARNING: missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 0
fi
echo "ensure-system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "ensure-system-packages: WARNING: could not install ${missing[*]}" >&2
fi
exit 0
