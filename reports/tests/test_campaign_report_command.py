"""campaign_report --format json: its shape, and that its figures are counts of records."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from organizations import services as org_services
from organizations.models import Organization
from people import services as people_services
from people.id_numbers import make_id_number
from people.models import MembershipStatus, Sex
from scenarios.loader import SMALL, load_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> Organization:
    return load_scenario(SMALL).county


def report(scope: str = "350799", *extra: str) -> dict:
    out = io.StringIO()
    call_command("campaign_report", "--scope", scope, "--period", "2010", "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_json_report_has_scope_period_and_figures(county):
    data = report()

    assert set(data) == {"scope", "period", "figures"}
    assert data["scope"] == {"code": "350799", "name": "试点县", "kind": "county"}
    assert data["period"] == 2010
    assert data["figures"]["administrative_villages"] == 5
    assert data["figures"]["party_groups"] == 9
    assert data["figures"]["rural_party_members"] == 60


def test_township_scope_counts_only_its_subtree(county):
    data = report("350799200")

    assert data["scope"]["kind"] == "township"
    assert data["figures"]["administrative_villages"] == 2


def test_one_more_village_changes_the_village_figure(county):
    township = Organization.objects.get(code="350799200")
    org_services.village_create(township=township, code="350799200300", name="新建村")

    assert report()["figures"]["administrative_villages"] == 6


def test_one_more_member_in_a_group_changes_the_member_figure(county):
    group = Organization.objects.party_groups().first()
    born = dt.date(1980, 3, 3)
    person = people_services.person_create(
        name="新党员", sex=Sex.FEMALE, birth_date=born, id_number=make_id_number("350799", born, 321, Sex.FEMALE)
    )
    people_services.membership_set(
        person=person,
        status=MembershipStatus.FULL,
        joined_on=dt.date(2005, 7, 1),
        branch=group.parent,
        party_group=group,
    )

    assert report()["figures"]["rural_party_members"] == 61


def test_english_report_uses_english_names(county):
    assert report("350799", "--lang", "en")["scope"]["name"] == "Pilot County"


def test_unknown_scope_is_refused(county):
    with pytest.raises(CommandError, match="999999"):
        report("999999")
