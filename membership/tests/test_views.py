import datetime as dt
import re

import pytest
from django.urls import reverse

from membership import services
from membership.models import Reach, Recruit, StepEvent, Transfer
from membership.tests.walk import walk
from people.models import PartyMembership
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


@pytest.fixture
def world(county):
    a1 = walk(county.village_a1, county.group_a1, until="training")
    b1 = walk(county.village_b1, county.group_b1, until="pre_review")
    mover = f.member(county.village_a1, county.group_a1, name="调动甲")
    inside = services.transfer_issue(
        membership=mover.membership,
        to_branch=county.village_b1,
        reach=Reach.COUNTY,
        on=dt.date(2010, 11, 1),
        letter_number="政组转2010-0101",
        dues_paid_to=dt.date(2010, 10, 31),
    )
    leaver = f.member(county.village_a2, name="外迁乙")
    outward = services.transfer_issue(
        membership=leaver.membership,
        to_branch=None,
        outside="浙江省庆元县某社区党支部",
        reach=Reach.BEYOND,
        on=dt.date(2010, 10, 1),
        letter_number="政组转2010-0102",
        dues_paid_to=dt.date(2010, 9, 30),
    )
    return {"a1": a1, "b1": b1, "inside": inside, "outward": outward}


def _names(html: str) -> set[str]:
    return set(re.findall(r'/membership/\d+/">([^<]+)<', html))


@pytest.mark.parametrize(
    ("persona", "sees_a1", "sees_b1"),
    [("county_admin", True, True), ("township_admin_a", True, False), ("village_admin_b", False, True)],
)
def test_each_persona_sees_the_files_of_its_branches_only(client, personas, world, persona, sees_a1, sees_b1):
    client.force_login(getattr(personas, persona))
    html = client.get(reverse("membership:recruit_list")).content.decode()
    assert (world["a1"].person.name in _names(html), world["b1"].person.name in _names(html)) == (sees_a1, sees_b1)
    for key, sees in (("a1", sees_a1), ("b1", sees_b1)):
        response = client.get(reverse("membership:recruit_detail", args=[world[key].pk]))
        assert response.status_code == (200 if sees else 404)


def test_the_member_and_the_anonymous_see_no_files(client, personas, world):
    assert client.get(reverse("membership:recruit_list")).status_code == 302
    client.force_login(personas.member)
    html = client.get(reverse("membership:recruit_list")).content.decode()
    assert not _names(html)
    assert client.get(reverse("membership:recruit_detail", args=[world["a1"].pk])).status_code == 404


def test_sending_and_receiving_branches_each_see_their_side(client, personas, world):
    client.force_login(personas.village_admin_b)
    html = client.get(reverse("membership:transfer_list")).content.decode()
    assert "政组转2010-0101" in html and "政组转2010-0102" not in html  # the receiving side of the first only
    assert client.get(reverse("membership:transfer_letter", args=[world["outward"].pk])).status_code == 404
    client.force_login(personas.township_admin_a)
    html = client.get(reverse("membership:transfer_list")).content.decode()
    assert "政组转2010-0101" in html and "政组转2010-0102" in html
    html = client.get(reverse("membership:transfer_list") + "?direction=in").content.decode()
    assert "政组转2010-0101" not in html


def test_the_receiving_branch_records_the_receipt_and_places_the_member(client, personas, world, county):
    client.force_login(personas.township_admin_a)  # the sending side may read the letter, not sign its receipt
    url = reverse("membership:transfer_letter", args=[world["inside"].pk])
    assert client.post(url, {"received_on": "2010-11-05", "receipt_by": "x"}).status_code == 403
    client.force_login(personas.village_admin_b)
    html = client.get(url).content.decode()
    assert "调动甲" in html and "党费已交到 2010-10-31" in html
    response = client.post(
        url, {"received_on": "2010-11-05", "receipt_by": "东平村支书", "party_group": county.group_b1.pk}
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(pk=world["inside"].pk)
    assert transfer.received_on == dt.date(2010, 11, 5)
    assert PartyMembership.objects.get(person__name="调动甲").party_group == county.group_b1


def test_the_village_records_a_step_and_an_irreversible_one_asks_first(client, personas, world):
    client.force_login(personas.village_admin_b)
    recruit = world["b1"]
    url = reverse("membership:recruit_detail", args=[recruit.pk])
    assert client.post(url, {"step": "form", "on": "2009-08-15", "basis": "入党志愿书"}).status_code == 302
    before = StepEvent.objects.count()
    asked = client.post(url, {"step": "assembly", "on": "2009-08-25", "basis": "支部大会记录"})
    assert asked.status_code == 200 and 'name="confirm"' in asked.content.decode()
    assert StepEvent.objects.count() == before
    done = client.post(url, {"step": "assembly", "on": "2009-08-25", "basis": "支部大会记录", "confirm": "1"})
    assert done.status_code == 302
    assert Recruit.objects.get(pk=recruit.pk).latest == 15


def test_a_step_out_of_order_is_refused_on_the_page_and_changes_nothing(client, personas, world):
    client.force_login(personas.village_admin_b)
    recruit = world["b1"]
    before = StepEvent.objects.count()
    response = client.post(
        reverse("membership:recruit_detail", args=[recruit.pk]),
        {"step": "approval", "on": "2009-09-01", "basis": "x", "confirm": "1"},
    )
    assert response.status_code == 200  # the choice is not offered: the form refuses it
    assert StepEvent.objects.count() == before


def test_another_branch_cannot_record_a_step(client, personas, world):
    client.force_login(personas.village_admin_b)
    url = reverse("membership:recruit_detail", args=[world["a1"].pk])
    assert client.post(url, {"step": "committee_review", "on": "2009-08-01", "basis": "x"}).status_code == 404


def test_the_pages_speak_english(client, personas, world):
    client.force_login(personas.village_admin_b)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("membership:recruit_list")).content.decode()
    assert "Admission as probationary member" in html and "Pre-review by the higher committee" in html
    html = client.get(reverse("membership:recruit_detail", args=[world["b1"].pk])).content.decode()
    assert "Record the next step" in html and "Admission form filled in" in html
    html = client.get(reverse("membership:transfer_letter", args=[world["inside"].pk])).content.decode()
    assert "Dues paid up to 2010-10-31." in html


def test_lists_do_not_query_per_row(client, personas, county, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    walk(county.village_a1, until="talk")
    client.get(reverse("membership:recruit_list"))
    for _n in range(4):
        walk(county.village_a1, until="candidate")
        walk(county.village_b1, until="apply")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("membership:recruit_list")).status_code == 200
    for n in range(6):
        person = f.member(county.village_a1)
        services.transfer_issue(
            membership=person.membership,
            to_branch=county.village_b1,
            reach=Reach.COUNTY,
            on=dt.date(2010, 5, 1),
            letter_number=f"L{n}",
            dues_paid_to=dt.date(2010, 4, 30),
        )
    with django_assert_max_num_queries(16):
        assert client.get(reverse("membership:transfer_list")).status_code == 200


def test_a_published_step_is_on_the_public_page_for_its_days_then_leaves(client, county, settings):
    recruit = walk(county.village_a1, until="pre_review")  # published on 2009-08-10 for five days
    url = reverse("portal:village", args=[county.village_a1.code])
    settings.XIANFENG_TODAY = "2009-08-12"
    html = client.get(url).content.decode()
    assert recruit.person.name in html and "上级党委预审" in html
    settings.XIANFENG_TODAY = "2009-08-16"
    assert recruit.person.name not in client.get(url).content.decode()


def test_the_county_admin_sets_the_time_rules_and_others_cannot(client, personas, county):
    from membership.config import rules_for
    from membership.forms import RulesForm

    data = {name: rules_for(county.county).__dict__[name] for name in RulesForm.Meta.fields}
    client.force_login(personas.township_admin_a)
    assert client.get(reverse("membership:rules")).status_code == 403
    client.force_login(personas.county_admin)
    assert client.post(reverse("membership:rules"), {**data, "talk_months": 2}).status_code == 302
    assert rules_for(county.village_a1).talk_months == 2
    refused = client.post(reverse("membership:rules"), {**data, "extension_min_months": 13})
    assert refused.status_code == 200 and rules_for(county.county).extension_min_months == 6


def test_the_branch_has_its_due_steps_and_awaited_receipts_as_todos(personas, world, county):
    from accounts.scope import scope_for_user
    from common.todos import todos_for

    user = personas.village_admin_b
    items = todos_for(scope_for_user(user), user, dt.date(2010, 12, 20))
    kinds = {(t.kind, t.overdue) for t in items}
    # b1's file waits for its branch assembly since 2009-09-10; the letter from a1 awaits b1's receipt.
    assert ("membership.step", True) in kinds and ("membership.receipt", False) in kinds
    assert all(t.where == county.village_b1.display_name for t in items if t.kind.startswith("membership"))
    assert not [
        t for t in todos_for(scope_for_user(personas.county_admin), personas.county_admin) if "membership" in t.kind
    ]
