import pytest
from django.urls import reverse

from common.figures import FIGURES


def test_figures_page_lists_every_figure_for_the_users_unit(client, county, personas, settings):
    settings.XIANFENG_TODAY = "2010-06-30"  # no period on record: the campaign's today gives the year
    client.force_login(personas.county_admin)
    response = client.get(reverse("reports:figures"))
    assert response.status_code == 200
    assert response.context["org"] == county.county
    assert response.context["year"] == 2010
    keys = [row["figure"].key for row in response.context["rows"]]
    assert keys == list(FIGURES)
    values = {row["figure"].key: row["value"] for row in response.context["rows"]}
    assert values["administrative_villages"] == 3
    assert values["party_groups"] == 2


def test_township_admin_figures_count_own_township(client, county, personas):
    client.force_login(personas.township_admin_a)
    response = client.get(reverse("reports:figures"), {"year": "2011"})
    assert response.context["org"] == county.township_a
    assert response.context["year"] == 2011
    values = {row["figure"].key: row["value"] for row in response.context["rows"]}
    assert values["administrative_villages"] == 2


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("county_admin", "township_b", 200),
        ("township_admin_a", "village_a1", 200),
        ("township_admin_a", "township_b", 404),
        ("township_admin_a", "county", 404),
        ("village_admin_b", "village_a1", 404),
        ("member", "village_a1", 404),
    ],
)
def test_figures_for_a_unit_outside_scope_is_404(client, county, personas, persona, unit, status):
    client.force_login(getattr(personas, persona))
    code = getattr(county, unit).code
    assert client.get(reverse("reports:figures"), {"org": code}).status_code == status


def test_member_without_units_gets_an_empty_page(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("reports:figures"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_figures_anonymous_goes_to_login(client, db):
    response = client.get(reverse("reports:figures"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_bad_year_falls_back_to_the_campaign_year(client, personas, settings):
    settings.XIANFENG_TODAY = "2010-06-30"
    client.force_login(personas.county_admin)
    assert client.get(reverse("reports:figures"), {"year": "abc"}).context["year"] == 2010
