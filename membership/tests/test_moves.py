"""A member received from outside the county, and the end of a membership: on their pages and through the API,
with the services' refusals, the pages' scope, and the counts that follow them."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from membership import counting
from membership.models import MembershipEnd, Transfer
from membership.sections import membership_flow
from people.models import PartyMembership
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


def _incoming(county, person, **changes):
    form = {
        "person": person.pk,
        "to_branch": county.village_a1.pk,
        "party_group": county.group_a1.pk,
        "status": "full",
        "joined_on": "2001-07-01",
        "outside": "浙江省庆元县某村党支部",
        "reach": "beyond",
        "on": "2010-11-10",
        "letter_number": "浙组转2010-77",
        "valid_until": "",
        "dues_paid_to": "2010-10-31",
    }
    return {**form, **changes}


def test_a_member_from_outside_is_received_on_the_page(client, county, personas):
    newcomer = f.person(county.village_a1, name="转入丙")
    client.force_login(personas.township_admin_a)
    page = client.get(reverse("membership:transfer_in"))
    assert page.status_code == 200 and "转入丙" in page.content.decode()
    # The service's refusal on the form, nothing written: received before joining.
    early = client.post(reverse("membership:transfer_in"), _incoming(county, newcomer, joined_on="2010-12-01"))
    assert early.status_code == 200 and "转接日期不能早于入党日期" in early.content.decode()
    assert not PartyMembership.objects.filter(person=newcomer).exists()
    done = client.post(reverse("membership:transfer_in"), _incoming(county, newcomer))
    transfer = Transfer.objects.get(membership__person=newcomer)
    assert done.status_code == 302 and done["Location"] == reverse("membership:transfer_letter", args=[transfer.pk])
    assert transfer.from_branch is None and transfer.to_branch == county.village_a1
    assert transfer.received_on == dt.date(2010, 11, 10)
    assert transfer.valid_until == dt.date(2011, 5, 10)  # across provinces: six months by the default rules
    assert transfer.membership.party_group == county.group_a1
    # Counted in the year's flow as a member transferred in, from the day received.
    flow = counting.flow(county.county.code, dt.date(2010, 1, 1), dt.date(2010, 12, 20))
    assert flow.transferred_in == 1
    # A member already is no longer offered; another township's village is not the caller's to fill.
    again = client.post(reverse("membership:transfer_in"), _incoming(county, newcomer))
    assert again.status_code == 200 and Transfer.objects.count() == 1
    other = f.person(county.village_b1, name="转入丁")
    assert client.post(reverse("membership:transfer_in"), _incoming(county, other, to_branch=county.village_b1.pk))
    assert not PartyMembership.objects.filter(person=other).exists()


def test_the_page_in_english(client, county, personas):
    client.force_login(personas.township_admin_a)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("membership:transfer_in")).content.decode()
    assert "Record a transfer in from outside the county" in html
    assert "Left empty, it follows the county&#x27;s time rules." in html


def test_a_membership_is_ended_once_by_a_keeper_of_its_branch(client, county, personas):
    member = f.member(county.village_a1, county.group_a1, name="老党员")
    client.force_login(personas.township_admin_a)
    person_page = client.get(reverse("people:person_detail", args=[member.pk])).content.decode()
    end_url = reverse("membership:membership_end", args=[member.pk])
    assert end_url in person_page
    future = client.post(end_url, {"on": "2011-01-05", "reason": "died"})
    assert future.status_code == 200 and not MembershipEnd.objects.exists()
    done = client.post(end_url, {"on": "2010-12-01", "reason": "died"})
    assert done.status_code == 302 and MembershipEnd.objects.get().on == dt.date(2010, 12, 1)
    again = client.post(end_url, {"on": "2010-12-02", "reason": "other"})
    assert again.status_code == 200 and "该党员的党籍已终止" in again.content.decode()
    assert MembershipEnd.objects.get().reason == "died"
    person_page = client.get(reverse("people:person_detail", args=[member.pk])).content.decode()
    assert "党籍已终止" in person_page and end_url not in person_page
    # Counted until the day, not after.
    flow = counting.flow(county.county.code, dt.date(2010, 1, 1), dt.date(2010, 12, 20))
    assert (flow.deaths, flow.left) == (1, 0)
    leaver = f.member(county.village_a1, name="出党者")
    client.post(reverse("membership:membership_end", args=[leaver.pk]), {"on": "2010-12-05", "reason": "other"})
    flow = counting.flow(county.county.code, dt.date(2010, 1, 1), dt.date(2010, 12, 20))
    assert (flow.deaths, flow.left) == (1, 1)
    assert flow.start + flow.joins + flow.transferred_in - flow.transferred_out - flow.deaths - flow.left == flow.end
    section = membership_flow(county.county, 2010, dt.date(2010, 12, 20))
    assert "另有1名党员出党或停止党籍" in section["paragraphs"][0]
    assert "出党、停止党籍" in section["tables"][0]["columns"] and len(section["tables"][0]["rows"][0]) == 7
    # Another township's admin: as if missing, and no way to it on the person's page.
    client.force_login(personas.village_admin_b)
    assert client.get(end_url).status_code == 404
    assert client.post(end_url, {"on": "2010-12-01", "reason": "died"}).status_code == 404
