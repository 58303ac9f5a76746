"""Every refusal is written once: a message sentence appears in one module of the code that writes.

Services, bulk paths, models, forms, importers and check modules refuse bad input; when two
of them need the same refusal, they call one check (``common.checks`` or the app's
``checks.py``) instead of writing the message again, so the page, the import, the scenario
loader and the API refuse alike. Labels (no full stop) and page messages are not refusals.
"""

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITING_MODULES = {"services.py", "bulk.py", "models.py", "forms.py", "checks.py"}
MESSAGE = re.compile(r'_\(\s*"((?:[^"\\]|\\.)+[。！])"')


def _writing_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var"} or "tests" in parts or "migrations" in parts:
            continue
        packages = {"services", "models", "importers", "common"}
        if path.name in WRITING_MODULES or packages & set(parts[:-1]):
            found.append(path)
    return found


def test_no_refusal_message_is_written_twice() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for path in _writing_modules():
        for message in MESSAGE.findall(path.read_text(encoding="utf-8")):
            where[message].add(str(path.relative_to(ROOT)))
    twice = {message: sorted(paths) for message, paths in where.items() if len(paths) > 1}
    assert twice == {}
