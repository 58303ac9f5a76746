"""Partners and linked leaders see their own pairings and contact points, never the village's records (T-TRUST).

Both roles are bound to something other than an organization (an outside unit, a
person) and are given no read scope over the villages they work with: the people,
members, households, ledger, loans and internal village-affairs pages of the paired
village answer 404 (lists and exports come back empty of it), while their own pairing
or contact point, what it delivered, and the village's public page work.
"""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organizations import services as org_services
from organizations.models import UnitKind, UnitLevel
from pairing import services as pairing_services
from pairing.models import Contribution, Outcome, PairingKind
from people import services as people_services
from people.models import Household, Post
from service_platform import services as loan_services
from supervision import services as supervision_services
from supervision.models import FollowUpAction, Review
from village_affairs import services as affairs
from village_affairs.models import Category, Direction, DisclosureKind
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

DAY = dt.date(2010, 3, 1)


@pytest.fixture
def village(county, personas):
    """Village a1 with what a partner or leader must not read: people, a household, ledger, loan, decision, draft."""
    a1 = county.village_a1
    secretary = f.member(a1, county.group_a1, name="陈支书", phone="13900001111")
    people_services.appointment_create(person=secretary, organization=a1, post=Post.VILLAGE_SECRETARY, start=DAY)
    head = f.person(a1, name="王困难")
    household = people_services.household_set(head=head, village=a1, size=3, cause="illness", status="in_difficulty")
    entry = affairs.ledger_entry_create(
        village=a1,
        date=DAY,
        direction=Direction.EXPENSE,
        category=Category.ADMINISTRATION,
        amount="120.00",
        voucher="记-001",
        description="机密支出",
    )
    loan = loan_services.loan_apply(
        applicant=personas.member_person, purpose="business", amount="20000", lender="种茶贷款农商行", applied_on=DAY
    )
    decision = affairs.decision_create(village=a1, title="内部决策事项", raised_by_name="村民代表")
    draft = affairs.disclosure_create(
        village=a1, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1, title="草稿公开", content="未公开内容"
    )
    return {
        "secretary": secretary,
        "household": household,
        "entry": entry,
        "loan": loan,
        "decision": decision,
        "draft": draft,
    }


@pytest.fixture
def partner(county):
    unit = org_services.outside_unit_create(
        home=county.county, kind=UnitKind.ENTERPRISE, name="政和茶业公司", level=UnitLevel.COUNTY
    )
    pairing = pairing_services.pairing_create(
        kind=PairingKind.ENTERPRISE, village=county.village_a1, unit=unit, start=dt.date(2010, 1, 1)
    )
    return f.user("partner_tea", "partner", unit=unit), pairing


@pytest.fixture
def leader(county):
    person = f.person(None, name="张镇长")
    people_services.cadre_set(person=person, organization=county.township_a, rank="section", position="副镇长")
    point = supervision_services.contact_point_create(
        leader=person, target=county.village_a1, start=dt.date(2010, 1, 1)
    )
    return f.user("leader_zhang", "linked_leader", person=person), point


def _forbidden_urls(county, village, personas) -> list[str]:
    code = county.village_a1.code
    return [
        reverse("organizations:detail", args=[code]),
        reverse("people:person_detail", args=[personas.member_person.pk]),
        reverse("people:person_edit", args=[personas.member_person.pk]),
        reverse("people:person_detail", args=[village["secretary"].pk]),
        reverse("people:household_edit", args=[village["household"].head_id]),
        reverse("history", args=["people", "person", personas.member_person.pk]),
        reverse("history", args=["people", "household", village["household"].pk]),
        reverse("village_affairs:village", args=[code]),
        reverse("village_affairs:ledger_current", args=[code]),
        reverse("village_affairs:ledger", args=[code, 2010, 3]),
        reverse("village_affairs:decision", args=[code, village["decision"].pk]),
        reverse("village_affairs:disclosure", args=[code, village["draft"].pk]),
        reverse("village_affairs:feedback", args=[code]),
        reverse("service_platform:loan_detail", args=[village["loan"].pk]),
    ]


LISTS = [
    "people:person_list",
    "people:member_list",
    "people:household_list",
    "service_platform:loan_list",
    "organizations:tree",
    "village_affairs:home",
    "supervision:site_list",
    "supervision:model_list",
    "pairing:posting_list",
]
SECRETS = ["李党员", "陈支书", "王困难", "机密支出", "种茶贷款", "内部决策事项", "草稿公开", "未公开内容"]


def _rows(response) -> list[tuple]:
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("who", ["partner", "leader"])
def test_village_records_are_out_of_reach(client, county, personas, village, partner, leader, who):
    user, _own = partner if who == "partner" else leader
    client.force_login(user)
    for url in _forbidden_urls(county, village, personas):
        assert client.get(url, follow=True).status_code == 404, url
    for name in LISTS:
        for query in ("", f"?org={county.village_a1.code}"):
            response = client.get(reverse(name) + query)
            assert response.status_code == 200, name
            body = response.content.decode()
            assert not [s for s in SECRETS if s in body], (name, query)
    for name in ("people:person_list", "people:member_list", "people:household_list"):
        response = client.get(reverse(name) + "?format=xlsx")
        # A leader's own person is theirs to read; nobody of the village is.
        assert [row[0] for row in _rows(response)] in ([], ["张镇长"]), name
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("people:person_list")}"' not in home
    assert f'href="{reverse("people:household_list")}"' not in home


def test_the_same_pages_answer_the_village_admins(client, county, personas, village):
    """The 404s above are scope, not broken URLs: a township admin of the village reads them all."""
    client.force_login(personas.township_admin_a)
    for url in _forbidden_urls(county, village, personas):
        assert client.get(url, follow=True).status_code == 200, url


def test_partner_sees_and_records_on_own_pairing_with_the_villages_public_page(client, county, partner):
    user, pairing = partner
    client.force_login(user)
    detail = client.get(reverse("pairing:detail", args=[pairing.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert county.village_a1.name in body and county.township_a.name in body
    assert reverse("portal:village", args=[county.village_a1.code]) in body
    assert "政和茶业公司" in client.get(reverse("pairing:list")).content.decode()
    response = client.post(
        reverse("pairing:contribution_add", args=[pairing.pk]),
        {"date": "2010-03-01", "description": "帮助建立制度", "kinds": ["rules"]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("pairing:outcome_add", args=[pairing.pk]),
        {"date": "2010-03-02", "type": "funds", "title": "捐建茶厂", "amount": "50000"},
    )
    assert response.status_code == 302
    assert (Contribution.objects.get().pairing, Outcome.objects.get().pairing) == (pairing, pairing)
    summary = client.get(reverse("pairing:outcomes")).content.decode()
    assert "捐建茶厂" in summary
    assert client.get(reverse("portal:village", args=[county.village_a1.code])).status_code == 200


def test_partner_does_not_see_other_pairings_of_the_same_village(client, county, partner):
    user, _pairing = partner
    other_unit = org_services.outside_unit_create(
        home=county.county, kind=UnitKind.DEPARTMENT, name="县交通局", level=UnitLevel.COUNTY
    )
    other = pairing_services.pairing_create(
        kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=other_unit, start=dt.date(2010, 1, 1)
    )
    pairing_services.outcome_add(pairing=other, date=DAY, type="plan", title="别家的规划")
    client.force_login(user)
    assert client.get(reverse("pairing:detail", args=[other.pk])).status_code == 404
    assert "县交通局" not in client.get(reverse("pairing:list")).content.decode()
    assert "别家的规划" not in client.get(reverse("pairing:outcomes")).content.decode()


def test_leader_sees_and_reviews_own_contact_point(client, county, village, leader):
    user, point = leader
    client.force_login(user)
    detail = client.get(reverse("supervision:contact_point_detail", args=[point.pk]))
    assert detail.status_code == 200
    assert reverse("portal:village", args=[county.village_a1.code]) in detail.content.decode()
    response = client.post(
        reverse("supervision:review_create", args=[point.pk]),
        {"date": "2010-05-01", "rating": "fair", "findings": "台账不全"},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    response = client.post(
        reverse("supervision:action_create", args=[review.pk]),
        {"description": "补齐台账", "owner": village["secretary"].pk, "deadline": "2010-06-01"},
    )
    assert response.status_code == 302
    assert FollowUpAction.objects.get().owner == village["secretary"]
    assert Household.objects.count() == 1  # nothing else was touched
