"""The national division table (GB/T 2260) of provinces and prefectures, vendored in ``data/gbt2260.csv``.

The scenario loader names the province and prefecture of a county it creates from this
table when the scenario does not name them; a code the table lacks is refused, asking
for its name in the scenario, never guessed.
"""

import csv
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TABLE = Path(__file__).resolve().parent / "data" / "gbt2260.csv"


@cache
def division_names() -> dict[str, str]:
    """Code -> name of every province (2 digits) and prefecture-level division (4 digits) in the table."""
    with TABLE.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {row["code"]: row["name"] for row in rows}


def division_name(code: str) -> str | None:
    return division_names().get(code)


def name_for(code: str, given: str = "") -> str:
    """The name of division ``code``: ``given`` if any, else the table's; refused (``division_unknown``) if neither."""
    name = given or division_name(code)
    if not name:
        raise ValidationError(
            _("国家行政区划表中没有代码“%(code)s”：请在情景文件中写明它的名称。"),
            code="division_unknown",
            params={"code": code},
        )
    return name
