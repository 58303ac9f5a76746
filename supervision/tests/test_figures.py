"""M3 figures count records in scope for the period year."""

import datetime as dt

import pytest

from common.figures import compute_figures
from supervision import services

pytestmark = pytest.mark.django_db

KEYS = ["demonstration_sites", "model_members", "contact_points"]


def test_figures_count_records_in_scope_and_year(county, linked, personas):
    services.demonstration_site_create(organization=county.village_a1, year=2010, reason="甲")
    services.demonstration_site_create(organization=county.group_b1, year=2010, reason="乙")
    services.demonstration_site_create(organization=county.village_a1, year=2011, reason="次年")
    services.model_member_create(person=personas.member_person, year=2010, deeds="带头")
    services.contact_point_end(contact_point=linked.point_b1, end=dt.date(2010, 3, 31))

    assert compute_figures(county.county, 2010, KEYS) == {
        "demonstration_sites": 2,
        "model_members": 1,
        "contact_points": 3,
    }
    assert compute_figures(county.township_a, 2010, KEYS) == {
        "demonstration_sites": 1,
        "model_members": 1,
        "contact_points": 2,
    }
    # b1's point ended in March 2010: it is not a contact point in 2011.
    assert compute_figures(county.county, 2011, KEYS) == {
        "demonstration_sites": 1,
        "model_members": 0,
        "contact_points": 2,
    }


def test_adding_a_record_changes_the_figure(county):
    before = compute_figures(county.county, 2010, ["demonstration_sites"])["demonstration_sites"]
    services.demonstration_site_create(organization=county.township_b, year=2010, reason="乡镇示范")
    assert compute_figures(county.county, 2010, ["demonstration_sites"])["demonstration_sites"] == before + 1
