"""A person's own data export (PIPL art. 45): the person, or an admin who may see them unmasked, downloads it all."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.personal_data import PERSONAL_SHEETS
from people import services
from practice.models import VolunteerEntry
from village_affairs.models import RewardPenalty
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


def _sheets(response) -> dict[str, list[tuple]]:
    book = load_workbook(BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


@pytest.fixture
def member(county, personas):
    person = personas.member_person
    services.appointment_create(
        person=person, organization=county.village_a1, post="village_director", start=dt.date(2009, 1, 1)
    )
    services.household_set(head=person, village=county.village_a1, size=4, cause="illness", status="in_difficulty")
    return person


def _url(person) -> str:
    return reverse("people:person_data_export", args=[person.pk])


def test_the_member_downloads_everything_held_about_them(client, personas, member):
    client.force_login(personas.member)
    account = client.get(reverse("accounts:my_account")).content.decode()
    assert _url(member) in account
    response = client.get(_url(member))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheets = _sheets(response)
    assert len(sheets) == len(PERSONAL_SHEETS)
    person_rows = sheets["人员"]
    assert person_rows[0][:5] == ("姓名", "性别", "出生日期", "身份证号", "电话")
    assert person_rows[1][0] == member.name and person_rows[1][3] == member.id_number
    assert person_rows[1][4] == member.phone and person_rows[1][2].date() == member.birth_date
    assert sheets["党员"][1][0] == "正式党员"
    assert sheets["任职"][1][1] == "村委会主任"
    assert sheets["困难户"][1][1] == 4
    for title in (str(VolunteerEntry._meta.verbose_name_plural), str(RewardPenalty._meta.verbose_name_plural)):
        assert title in sheets and len(sheets[title]) == 1  # the header: nothing of that kind is held


def test_in_english_the_sheets_and_headers_are_english(client, personas, member):
    client.force_login(personas.member)
    client.cookies["django_language"] = "en"
    sheets = _sheets(client.get(_url(member)))
    assert "Person" in sheets or "People" in sheets
    first = next(iter(sheets.values()))
    assert first[0][0] == "Name" and first[1][0] == member.name


def test_the_county_admin_exports_it_for_the_person(client, personas, member):
    client.force_login(personas.county_admin)
    assert _url(member) in client.get(reverse("people:person_detail", args=[member.pk])).content.decode()
    assert _sheets(client.get(_url(member)))["人员"][1][3] == member.id_number


@pytest.mark.parametrize("who", ["township_admin_a", "village_admin_b", "anonymous", "other_member"])
def test_nobody_else_may_export_it(client, county, personas, member, who):
    if who == "other_member":
        client.force_login(f.user("other", "member", person=f.member(county.village_a1)))
    elif who != "anonymous":
        client.force_login(getattr(personas, who))
    response = client.get(_url(member))
    assert response.status_code in (404, 302)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if who == "township_admin_a":  # sees the person masked: no button either
        detail = client.get(reverse("people:person_detail", args=[member.pk])).content.decode()
        assert _url(member) not in detail
