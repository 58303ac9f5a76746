"""The layers of docs/architecture.md hold: apps import downwards only, and reports reads no domain models.

Read from the source (the import statements), not from what happens to be loaded, so a
late import inside a function counts as much as one at the top. Tests and migrations are
outside the layers: tests may use any app's factories.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Bottom first. An app may import the apps before it, never one after it.
LAYERS = [
    "common",
    "security",
    "organizations",
    "people",
    "membership",  # recruitment, transfers, members counted on a date: reads people and organizations
    "accounts",
    "exchange",
    "evaluation",
    "leadership",
    "supervision",
    "pairing",
    "learning",
    "service_platform",
    "village_affairs",
    "practice",
    "branch_life",
    "member_records",  # the national system's member records: reads branch_life and membership through selectors
    "points",  # the points ledger (积分): earned from practice and branch_life records, spent at love supermarkets
    "member_page",  # the mobile member page: reads branch_life, practice and the to-dos through their selectors
    "notifications",  # reads each user's to-dos through common.todos only; builds their scope (accounts)
    "rules",
    "portal",
    "reports",
    "api",  # the REST API: composes every domain app's services and selectors, and the registries
    "scenarios",
    "xianfeng",
    "bench",
    "mutation",  # the mutation-testing driver (make mutation); it imports no app
]
RANK = {app: i for i, app in enumerate(LAYERS)}
# The domain apps whose models reports must not read: it composes their registries instead.
DOMAIN_APPS = {
    "people",
    "membership",
    "evaluation",
    "leadership",
    "supervision",
    "pairing",
    "learning",
    "service_platform",
    "village_affairs",
    "practice",
    "branch_life",
    "member_records",
    "points",  # the points ledger (积分): earned from practice and branch_life records, spent at love supermarkets
}


def _modules(app: str) -> list[Path]:
    return [
        p
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts and "tests" not in p.parts and ".venv" not in p.parts
    ]


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def test_every_app_of_the_project_has_a_layer() -> None:
    apps = {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != ".venv"}
    assert apps <= set(LAYERS), f"place these apps in LAYERS: {sorted(apps - set(LAYERS))}"


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_lower_layers(app: str) -> None:
    upward = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(app)
        for module in _imports(path)
        if (top := module.split(".")[0]) in RANK and top != app and RANK[top] > RANK[app]
    ]
    assert upward == []


def test_common_imports_no_app() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules("common")
        for module in _imports(path)
        if module.split(".")[0] in RANK and module.split(".")[0] != "common"
    ]
    assert found == []


def test_reports_reads_no_domain_models() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules("reports")
        for module in _imports(path)
        if module.split(".")[0] in DOMAIN_APPS and module.split(".")[-1] == "models"
    ]
    assert found == []
