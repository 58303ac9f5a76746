"""P2 figures count records in the scope's subtree; facilities that existed during the year, projects active in it."""

import datetime as dt

from common.figures import compute_figures
from service_platform import services
from service_platform.models import FacilityKind, FacilityStatus

from .conftest import make_facility

KEYS = [
    "service_centres",
    "love_supermarkets",
    "mobile_service_stations",
    "entrepreneurship_bases",
    "supported_projects",
]


def _small_county(county):
    make_facility(county.township_a, FacilityKind.SERVICE_CENTRE, "熊山中心")
    make_facility(county.township_b, FacilityKind.SERVICE_CENTRE, "东平中心", status=FacilityStatus.SUSPENDED)
    make_facility(county.village_a1, FacilityKind.LOVE_SUPERMARKET)
    make_facility(county.village_b1, FacilityKind.MOBILE_STATION)
    make_facility(county.village_a2, FacilityKind.ENTREPRENEURSHIP_BASE, "石门基地")
    make_facility(county.village_b1, FacilityKind.ENTREPRENEURSHIP_BASE, "东平基地")
    # Closed in 2009: counts for 2009, not 2010.
    make_facility(
        county.village_a1,
        FacilityKind.ENTREPRENEURSHIP_BASE,
        "旧基地",
        opened_on=dt.date(2008, 1, 1),
        status=FacilityStatus.CLOSED,
        closed_on=dt.date(2009, 12, 31),
    )
    # Opened in 2010: not in 2009.
    make_facility(county.village_a2, FacilityKind.LOVE_SUPERMARKET, "新超市", opened_on=dt.date(2010, 9, 1))
    for name, org, start, end, status in [
        ("茶园", county.village_a1, dt.date(2010, 2, 1), None, "ongoing"),
        ("竹业", county.township_b, dt.date(2008, 1, 1), dt.date(2010, 1, 1), "completed"),
        ("旧项目", county.village_b1, dt.date(2007, 1, 1), dt.date(2009, 6, 30), "completed"),
    ]:
        services.supported_project_create(
            name=name, organization=org, industry="农业", start=start, end=end, status=status
        )


def test_figures_count_records_in_scope(county):
    _small_county(county)
    assert compute_figures(county.county, 2010, KEYS) == {
        "service_centres": 2,
        "love_supermarkets": 2,
        "mobile_service_stations": 1,
        "entrepreneurship_bases": 2,
        "supported_projects": 2,
    }
    assert compute_figures(county.township_a, 2010, KEYS) == {
        "service_centres": 1,
        "love_supermarkets": 2,
        "mobile_service_stations": 0,
        "entrepreneurship_bases": 1,
        "supported_projects": 1,
    }
    assert compute_figures(county.county, 2009, KEYS) == {
        "service_centres": 2,
        "love_supermarkets": 1,
        "mobile_service_stations": 1,
        "entrepreneurship_bases": 3,
        "supported_projects": 2,
    }


def test_adding_one_record_changes_the_figure(county):
    _small_county(county)
    make_facility(county.village_b1, FacilityKind.LOVE_SUPERMARKET, "东平超市")
    services.supported_project_create(
        name="养蜂", organization=county.village_b1, industry="养殖", start=dt.date(2010, 5, 1)
    )
    figures = compute_figures(county.county, 2010, KEYS)
    assert figures["love_supermarkets"] == 3 and figures["supported_projects"] == 3
