import datetime as dt
from decimal import Decimal

from common.figures import compute_figures
from pairing import services
from pairing.models import OutcomeType, PairingKind

from .conftest import START, make_cadre

KEYS = [
    "posting_batches",
    "cadres_posted",
    "villages_with_posted_cadres",
    "departments_paired",
    "villages_paired_with_departments",
    "civilized_units_paired",
    "villages_paired_with_civilized_units",
    "enterprises_paired",
    "villages_paired_with_enterprises",
    "development_plans",
    "development_projects",
    "development_funds_yuan",
]


def _small_county(county, units, batch, cadre):
    services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    services.posting_create(batch=batch, cadre=make_cadre(county, name="李干部"), village=county.village_b1)
    services.pairing_create(kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=units.department, start=START)
    services.pairing_create(kind=PairingKind.DEPARTMENT, village=county.village_a2, unit=units.department, start=START)
    services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a2, unit=units.other_department, start=START
    )
    civ = services.pairing_create(
        kind=PairingKind.CIVILIZED_UNIT, village=county.village_b1, unit=units.civilized, start=START
    )
    services.pairing_create(
        kind=PairingKind.ENTERPRISE,
        village=county.village_b1,
        unit=units.enterprise,
        start=START,
        end=dt.date(2010, 6, 30),
    )
    services.outcome_add(pairing=civ, date=dt.date(2010, 3, 1), type=OutcomeType.PLAN, title="村发展规划")
    services.outcome_add(pairing=civ, date=dt.date(2010, 4, 1), type=OutcomeType.PROJECT, title="茶园改造")
    services.outcome_add(
        pairing=civ, date=dt.date(2010, 4, 2), type=OutcomeType.FUNDS, title="资金", amount=Decimal("1000.25")
    )
    services.outcome_add(pairing=civ, date=dt.date(2010, 5, 2), type=OutcomeType.FUNDS, title="资金", amount="2000")
    # Outside the period: counted in 2009, not 2010.
    services.outcome_add(pairing=civ, date=dt.date(2009, 12, 31), type=OutcomeType.FUNDS, title="旧", amount="7")
    return civ


def test_figures_count_records_in_scope(county, units, batch, cadre):
    _small_county(county, units, batch, cadre)
    assert compute_figures(county.county, 2010, KEYS) == {
        "posting_batches": 1,
        "cadres_posted": 2,
        "villages_with_posted_cadres": 2,
        "departments_paired": 2,
        "villages_paired_with_departments": 2,
        "civilized_units_paired": 1,
        "villages_paired_with_civilized_units": 1,
        "enterprises_paired": 1,
        "villages_paired_with_enterprises": 1,
        "development_plans": 1,
        "development_projects": 1,
        "development_funds_yuan": Decimal("3000.25"),
    }
    township_a = compute_figures(county.township_a, 2010, KEYS)
    assert township_a["cadres_posted"] == 1 and township_a["departments_paired"] == 2
    assert township_a["civilized_units_paired"] == 0 and township_a["development_funds_yuan"] == Decimal("0.00")


def test_pairings_count_only_in_years_they_were_active(county, units, batch, cadre):
    _small_county(county, units, batch, cadre)
    figures_2011 = compute_figures(county.county, 2011, KEYS)
    assert figures_2011["enterprises_paired"] == 0  # ended 2010-06-30
    assert figures_2011["departments_paired"] == 2  # open-ended
    assert figures_2011["posting_batches"] == 0  # the batch ended 2010-12-31
    assert compute_figures(county.county, 2009, ["development_funds_yuan"]) == {
        "development_funds_yuan": Decimal("7.00")
    }


def test_adding_one_record_changes_the_figure(county, units, batch, cadre):
    civ = _small_county(county, units, batch, cadre)
    before = compute_figures(county.county, 2010, KEYS)
    services.outcome_add(pairing=civ, date=dt.date(2010, 8, 1), type=OutcomeType.FUNDS, title="追加", amount="0.75")
    services.pairing_create(kind=PairingKind.ENTERPRISE, village=county.village_a1, unit=units.enterprise, start=START)
    services.posting_create(batch=batch, cadre=make_cadre(county, name="王干部"), village=county.village_a2)
    after = compute_figures(county.county, 2010, KEYS)
    assert after["development_funds_yuan"] == before["development_funds_yuan"] + Decimal("0.75")
    assert after["villages_paired_with_enterprises"] == before["villages_paired_with_enterprises"] + 1
    assert after["enterprises_paired"] == before["enterprises_paired"]  # the same enterprise
    assert after["cadres_posted"] == before["cadres_posted"] + 1
    assert after["villages_with_posted_cadres"] == before["villages_with_posted_cadres"] + 1


def test_each_figure_is_one_query(county, units, batch, cadre, django_assert_num_queries):
    _small_county(county, units, batch, cadre)
    with django_assert_num_queries(len(KEYS)):
        compute_figures(county.county, 2010, KEYS)
