"""The floors equal the application where the benchmark says they do: every registered figure, for the county and
for a township (PostgreSQL only: the floors are PostgreSQL statements). A floor that drifted from the figures would
make every ratio of make bench compare unlike work."""

from decimal import Decimal

import pytest
from django.db import connection

from bench.floors import dashboard_floor, figures_floor
from common.figures import FIGURES, compute_figures
from xianfeng.tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL statements"),
]


def _differences(app: dict, floor: dict) -> list[str]:
    """The figures the floor gives that differ from the application's (figures registered after the floor was
    written are not in it: it claims only the ones it gives)."""
    return [
        f"{key}: app {value} floor {floor[key]}"
        for key, value in app.items()
        if key in floor and Decimal(str(value)) != Decimal(str(floor[key]))
    ]


@pytest.mark.parametrize("floor", [figures_floor, dashboard_floor])
def test_the_floor_gives_every_figure_the_application_gives(county, floor):
    f.member(county.village_a1, county.group_a1, name="一名党员")
    for unit in (county.county, county.township_a):
        app = compute_figures(unit, 2010, headline=None)
        assert set(app) == set(FIGURES)
        found = floor(unit.code, 2010)
        assert len(set(app) & set(found)) >= 30  # the floor gives the figures it was written for
        assert any(app[key] for key in found if key in app)  # the world has records: zeros alone prove nothing
        assert _differences(app, found) == []
