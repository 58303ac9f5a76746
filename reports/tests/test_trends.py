"""Every registered monthly trend adds up, month by month, to the year's figure it names.

The trends belong to the apps whose records they count (``common.figures.TRENDS``); the
dashboard only composes them. Checked on the second county, for the county and each
township, so that a trend that drifts from its figure (another filter, another date
field) fails here.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from common.figures import FIGURES, TRENDS, as_of, compute_figures
from organizations.models import Organization
from scenarios.loader import DATA_DIR, load_scenario

YEAR = 2011
# Hours are summed per month, each rounded to 0.1 h; the year's figure is rounded once.
TOLERANCE = {"volunteer_hours": Decimal("0.05") * 12}


@pytest.fixture(scope="module")
def qinglan(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        county = load_scenario(DATA_DIR / "second.yaml").county
        yield county
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("key", TRENDS.keys())
def test_trend_months_add_up_to_the_years_figure(qinglan, django_db_blocker, key: str) -> None:
    spec = TRENDS[key]
    assert spec.figure in FIGURES and spec.sums, f"trend {key} names no figure to add up to"
    units = [qinglan, *Organization.objects.townships().filter(parent=qinglan)]
    figure_totals = []
    for unit in units:
        series = {s.key: s.values for s in spec.compute(unit, YEAR, as_of(YEAR))}
        months = sum((sum(series[name]) for name in spec.sums), start=Decimal(0))
        figure = compute_figures(unit, YEAR, [spec.figure])[spec.figure]
        figure_totals.append(figure)
        assert abs(Decimal(months) - Decimal(figure)) <= TOLERANCE.get(key, 0), f"{key} in {unit.code}"
    # The scenario holds records for every trend: an empty trend would pass by adding zeros.
    assert figure_totals[0] > 0
    assert sum(figure_totals[1:]) == figure_totals[0] or key == "volunteer_hours"
