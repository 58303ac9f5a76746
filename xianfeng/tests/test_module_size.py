"""No module of the application over 600 lines (migrations, tests and the benchmarks aside): a long
module is a sign that it holds two things, and the house style keeps them apart."""

from pathlib import Path

from django.conf import settings

LIMIT = 600
SKIPPED = {".venv", "migrations", "tests", "bench", "node_modules", "var"}


def test_no_module_is_over_the_limit():
    root = Path(settings.BASE_DIR)
    too_long = {}
    for path in root.rglob("*.py"):
        if SKIPPED & set(path.relative_to(root).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            too_long[str(path.relative_to(root))] = lines
    assert too_long == {}, f"modules over {LIMIT} lines: {too_long}"
