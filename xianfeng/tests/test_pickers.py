"""Pickers that scale (common/pickers.py): no form lists more than MAX_OPTIONS choices; the search is the field's own.

The walk builds a county wider than a select can list (tests/data/wide.yaml) and opens
every page a county admin reaches by links; the other tests use the small county with
MAX_OPTIONS lowered, so that its fields are pickers.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from bench.form_pages import walk
from common import pickers
from common.pickers import MAX_OPTIONS
from organizations.models import Organization
from people.models import Person
from practice.models import MutualAidGroup
from scenarios.loader import load_scenario
from xianfeng.tests import factories as f

WIDE = Path(__file__).parent / "data" / "wide.yaml"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_no_form_page_lists_more_than_max_options(client, db):
    load_scenario(str(WIDE))
    county = Organization.objects.get(code="350799")
    assert Person.objects.count() > MAX_OPTIONS and Organization.objects.count() > MAX_OPTIONS
    client.force_login(f.user("wide_admin", "county_admin", organization=county))

    pages = walk(client)

    visited = {p.url for p in pages}
    # Forms that listed every member or party group of the county before pickers.
    assert {"/people/new/", "/practice/groups/new/", "/practice/aid/new/", "/supervision/models/new/"} <= visited
    assert [p.url for p in pages if p.status >= 500] == []
    too_long = {p.url: {**p.selects, **p.checkboxes} for p in pages if p.most_options > MAX_OPTIONS}
    assert too_long == {}
    person_form = client.get("/people/new/").content.decode()
    assert "data-picker" in person_form  # the party group field (210 groups) is searched, not listed


@pytest.fixture
def many(monkeypatch):
    """Every picker over more than one record searches (the small county has few)."""
    monkeypatch.setattr(pickers, "MAX_OPTIONS", 1)


def _group_page() -> str:
    return reverse("practice:group_create")


def _search(client, name: str, text: str):
    return client.get(_group_page(), {"_pick": name, f"{name}__text": text}, **HTMX)


@pytest.fixture
def village_admin(client, county, personas, many):
    client.force_login(personas.village_admin_b)
    return client


def test_the_search_lists_the_fields_own_records_only(village_admin, county, django_assert_max_num_queries):
    mine = f.member(county.village_b1, name="王春花")
    f.member(county.village_b1, name="王春生")
    other_village = f.member(county.village_a1, name="王春来")  # a member the village admin may not pick

    with django_assert_max_num_queries(20):
        response = _search(village_admin, "leader", "王春")

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # the results list, not the page
    assert f'data-pick-value="{mine.pk}"' in html and "王春生" in html
    assert "王春来" not in html and str(other_village.pk) not in html.split("data-pick-value")[0:1][0]
    assert mine.id_number not in html  # names and villages, never an ID number


def test_the_search_finds_an_id_number_only_in_full(village_admin, county):
    person = f.member(county.village_b1, name="赵六")

    assert f'data-pick-value="{person.pk}"' in _search(village_admin, "leader", person.id_number).content.decode()
    assert (
        f'data-pick-value="{person.pk}"' not in _search(village_admin, "leader", person.id_number[:10]).content.decode()
    )


def test_the_search_query_count_does_not_grow_with_the_matches(village_admin, county, django_assert_max_num_queries):
    f.member(county.village_b1, name="孙一")
    _search(village_admin, "leader", "孙")
    with django_assert_max_num_queries(20) as few:
        _search(village_admin, "leader", "孙")
    for n in range(25):
        f.member(county.village_b1, name=f"孙{n}号")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _search(village_admin, "leader", "孙").content.decode()
    assert html.count("data-pick-value") == pickers.PICKER_LIMIT and "picker-note" in html


def test_without_htmx_the_page_is_the_page(village_admin, county):
    response = village_admin.get(_group_page(), {"_pick": "leader", "leader__text": "王"})
    assert "<html" in response.content.decode()


def test_a_picker_renders_no_options_and_a_small_field_stays_a_select(client, county, personas, monkeypatch):
    f.member(county.village_b1)
    f.member(county.village_b1)
    client.force_login(personas.village_admin_b)
    html = client.get(_group_page()).content.decode()
    assert 'name="leader"' in html and "<select" in html  # two members, one village: plain selects

    monkeypatch.setattr(pickers, "MAX_OPTIONS", 1)
    html = client.get(_group_page()).content.decode()
    assert "<option" not in html.split('name="leader"')[1].split("</div>")[0]
    assert 'role="combobox"' in html and 'name="leader__text"' in html and 'name="_pick"' not in html


def _create(client, county, **fields: object):
    data = {"village": county.village_b1.pk, "name": "茶叶互助组", "industry": "茶叶", "founded_on": "2010-05-01"}
    return client.post(_group_page(), {**data, **fields})


def test_a_forged_person_out_of_the_fields_range_is_refused(village_admin, county):
    other_village = f.member(county.village_a1, name="外村党员")

    response = _create(village_admin, county, leader=other_village.pk)

    assert response.status_code == 200
    assert "所选项不在可选范围内。" in response.content.decode()
    assert not MutualAidGroup.objects.exists()


def test_a_forged_pk_is_refused_in_english_too(village_admin, county):
    other_village = f.member(county.village_a1)
    village_admin.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    response = _create(village_admin, county, leader=other_village.pk)

    assert "The chosen item is not among the choices you may pick." in response.content.decode()
    assert not MutualAidGroup.objects.exists()


def test_without_javascript_a_whole_name_picks_the_one_person(village_admin, county):
    leader = f.member(county.village_b1, name="周全")

    response = _create(village_admin, county, leader__text="周全")

    assert response.status_code == 302
    assert MutualAidGroup.objects.get().leader == leader


def test_without_javascript_a_name_two_people_share_is_refused(village_admin, county):
    f.member(county.village_b1, name="吴同")
    f.member(county.village_b1, name="吴同")

    response = _create(village_admin, county, leader__text="吴同")

    assert "“吴同”不止一个" in response.content.decode()
    assert not MutualAidGroup.objects.exists()
    assert 'value="吴同"' in response.content.decode()  # what was typed is shown back


def test_without_javascript_an_unknown_name_is_refused(village_admin, county):
    f.member(county.village_b1, name="郑实")
    response = _create(village_admin, county, leader__text="郑虚")
    assert "没有找到“郑虚”" in response.content.decode()
    assert not MutualAidGroup.objects.exists()


def test_a_multiple_picker_takes_chosen_and_typed_people(county, personas, many):
    from learning.forms import AttendeesForm

    a = f.member(county.village_b1, name="甲")
    b = f.member(county.village_b1, name="乙")
    candidates = Person.objects.filter(membership__branch=county.village_b1)
    form = AttendeesForm({"people": [str(a.pk)], "people__text": "乙"}, candidates=candidates)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["people"]) == {a, b}
    outsider = f.member(county.village_a1)
    form = AttendeesForm({"people": [str(outsider.pk)]}, candidates=candidates)
    assert not form.is_valid() and form.errors["people"][0] == "所选人员不在可登记范围内。"
