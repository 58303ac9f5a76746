#!/usr/bin/env python3
"""Extract the Chinese source strings and report what still needs an English translation.

Usage (from the repository root):

    .venv/bin/python scripts/i18n_check.py              # makemessages, then check
    .venv/bin/python scripts/i18n_check.py --no-extract # only check the .po as it is

Step 1 runs ``manage.py makemessages -l en`` with the project's options (the same
ones every time, so the file does not churn):

    --ignore=.venv --ignore=var --ignore=node_modules --no-location --no-obsolete

which adds every new msgid to ``locale/en/LC_MESSAGES/django.po`` (and drops strings
no longer in the code). Step 2 parses that file and lists, one per line,

    untranslated  an entry whose msgstr (or any msgstr[n]) is empty
    fuzzy         an entry flagged ``#, fuzzy`` (a guess by msgmerge: check, then
                  remove the flag)
    chinese       a msgstr that still contains Chinese characters (copied source)
    placeholders  a msgstr whose %(name)s placeholders differ from its msgid's

The exit status is 0 when the file is clean and 1 otherwise, so the script can gate
CI. Translate the listed entries in the .po, then ``make messages`` (or
``manage.py compilemessages -l en --ignore=.venv``) compiles the .mo.

``parse_po`` is also used by ``xianfeng/tests/test_translations.py``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    "en",
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=node_modules",
    "--no-location",
    "--no-obsolete",
]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NAMED_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    """One message of a .po file (msgctxt/msgid/msgid_plural and its msgstr values)."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def untranslated(self) -> bool:
        return not self.msgstrs or any(s == "" for s in self.msgstrs)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _unquote(literal: str) -> str:
    body = literal.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError(f"not a quoted .po string: {literal!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body[1:-1])


def parse_po(path: Path = PO_PATH) -> list[Entry]:
    """Parse a .po file into entries (the header included, as the first entry)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which field a continuation line extends

    def finish() -> None:
        nonlocal entry, target
        if entry is not None and (entry.msgid or entry.msgstrs or entry.msgctxt is not None):
            entries.append(entry)
        entry, target = None, None

    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#"):
            if entry is not None and target is not None and target[0] == "msgstr":
                finish()  # a comment after a msgstr starts the next entry
            if entry is None:
                entry = Entry()
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        match = keyword.match(line)
        if match:
            name, literal = match.group(1), _unquote(match.group(3))
            if name in ("msgctxt", "msgid") and entry is not None and target is not None and target[0] == "msgstr":
                finish()
            if entry is None:
                entry = Entry()
            entry.obsolete = entry.obsolete or obsolete
            if name == "msgstr":
                entry.msgstrs.append(literal)
                target = ("msgstr", len(entry.msgstrs) - 1)
            else:
                setattr(entry, name, literal)
                target = (name, 0)
            continue
        if line.startswith('"') and entry is not None and target is not None:
            text = _unquote(line)
            if target[0] == "msgstr":
                entry.msgstrs[target[1]] += text
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + text)
            continue
        raise ValueError(f"{path}: cannot parse line {raw!r}")
    finish()
    return entries


def problems(entries: list[Entry]) -> list[tuple[str, Entry]]:
    """(kind, entry) for every live entry that is not a finished translation."""
    found: list[tuple[str, Entry]] = []
    for entry in entries:
        if entry.is_header or entry.obsolete:
            continue
        if entry.untranslated:
            found.append(("untranslated", entry))
            continue
        if entry.fuzzy:
            found.append(("fuzzy", entry))
        if any(CJK.search(s) for s in entry.msgstrs):
            found.append(("chinese", entry))
        wanted = set(NAMED_PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is not None:
            wanted |= set(NAMED_PLACEHOLDER.findall(entry.msgid_plural))
        # A plural's singular form may leave out the count, so compare the union.
        got = set().union(*(NAMED_PLACEHOLDER.findall(s) for s in entry.msgstrs))
        if got != wanted:
            found.append(("placeholders", entry))
    return found


def extract() -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *MAKEMESSAGES_ARGS], cwd=ROOT, check=True)  # noqa: S603 (fixed argv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-extract", action="store_true", help="skip makemessages; only check the .po")
    args = parser.parse_args(argv)
    if not args.no_extract:
        extract()
    if not PO_PATH.exists():
        print(f"i18n_check: {PO_PATH.relative_to(ROOT)} does not exist", file=sys.stderr)
        return 1
    entries = parse_po(PO_PATH)
    live = [e for e in entries if not e.is_header and not e.obsolete]
    found = problems(entries)
    for kind, entry in found:
        shown = entry.msgid if entry.msgid_plural is None else f"{entry.msgid} | {entry.msgid_plural}"
        print(f"{kind:<13} {shown!r}")
    kinds = sorted({kind for kind, _ in found})
    summary = ", ".join(f"{sum(1 for k, _ in found if k == kind)} {kind}" for kind in kinds)
    print(f"i18n_check: {len(live)} messages in {PO_PATH.relative_to(ROOT)}; " + (summary or "all translated"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
