"""A small county with records in every app and the demo's personas on it, for the crawling tests.

``test_links`` (no link leads to a refusal) and ``test_translations`` (no Chinese on English
pages) walk it as each persona.
"""

import datetime as dt
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model

from pairing import services as pairing_services
from pairing.models import PairingKind
from scenarios.demo import demo_accounts_ensure
from scenarios.loader import SMALL, load_scenario, read_scenario
from supervision import services as supervision_services
from supervision.models import ContactPoint
from xianfeng.tests import factories as f

# A small county with some of every record (the SMALL scenario builds the foundation only).
FIGURES = {
    "leadership_groups": 2,
    "five_good_items": 23,
    "five_lead_items": 19,
    "demonstration_sites": 3,
    "model_members": 4,
    "contact_points": 4,
    "posting_batches": 1,
    "cadres_posted": 3,
    "villages_with_posted_cadres": 2,
    "departments_paired": 2,
    "villages_paired_with_departments": 2,
    "civilized_units_paired": 1,
    "villages_paired_with_civilized_units": 1,
    "development_plans": 1,
    "development_projects": 1,
    "development_funds_yuan": 100000,
    "enterprises_paired": 1,
    "villages_paired_with_enterprises": 1,
    "service_centres": 2,
    "love_supermarkets": 1,
    "mobile_service_stations": 1,
    "entrepreneurship_bases": 2,
    "supported_projects": 1,
    "posts_claimed": 30,
    "households_paired": 20,
    "mutual_aid_groups": 3,
}
PERSONAS = [
    "county",
    "township",
    "village",
    "leader",
    "partner",
    "member",
    "supervisor",
    "sysadmin",
    "secadmin",
    "auditor",
]


@pytest.fixture
def world(settings) -> dict[str, object]:
    """The demo's personas on a small county; the leader has a contact point and the partner's unit a pairing."""
    settings.DEMO_ACCOUNTS = True
    scenario = read_scenario(SMALL)
    load_scenario(replace(scenario, figures={**scenario.figures, **FIGURES}))
    demo_accounts_ensure()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    leader = users["leader"].roles.get().person
    village = users["village"].roles.get().organization
    unit = users["partner"].roles.get().unit
    assert leader is not None and village is not None and village.parent is not None and unit is not None
    if not ContactPoint.objects.filter(leader=leader).exists():
        township = village.parent
        supervision_services.contact_point_create(leader=leader, target=township, start=dt.date(2010, 1, 1))
    if not unit.pairings.exists():
        pairing_services.pairing_create(
            kind=PairingKind.DEPARTMENT, village=village, unit=unit, start=dt.date(2010, 1, 1)
        )
    root = f.superuser("root")
    return {**{name: users[name] for name in PERSONAS}, "superuser": root, "anonymous": None}


@pytest.fixture
def fixture_world(county, personas) -> dict[str, object]:
    """The ``personas`` of conftest, and a partner, a linked leader and a village supervisor, with a few records."""
    from people import services as people_services
    from people.models import Post
    from village_affairs import services as affairs
    from village_affairs.models import Category, Direction, DisclosureKind

    a1, day = county.village_a1, dt.date(2010, 3, 1)
    secretary = f.member(a1, county.group_a1, name="陈支书", phone="13900001111")
    people_services.appointment_create(person=secretary, organization=a1, post=Post.VILLAGE_SECRETARY, start=day)
    people_services.household_set(
        head=f.person(a1, name="王困难"), village=a1, size=3, cause="illness", status="in_difficulty"
    )
    affairs.ledger_entry_create(
        village=a1,
        date=day,
        direction=Direction.EXPENSE,
        category=Category.ADMINISTRATION,
        amount="120.00",
        voucher="记-001",
        description="办公用品",
    )
    affairs.decision_create(village=a1, title="修建村道", raised_by_name="村民代表")
    affairs.disclosure_create(
        village=a1, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1, title="一季度村务", content="修路"
    )
    from organizations import services as org_services
    from organizations.models import UnitKind, UnitLevel

    unit = org_services.outside_unit_create(
        home=county.county, kind=UnitKind.ENTERPRISE, name="政和茶业公司", level=UnitLevel.COUNTY
    )
    pairing_services.pairing_create(kind=PairingKind.ENTERPRISE, village=a1, unit=unit, start=dt.date(2010, 1, 1))
    person = f.person(None, name="张镇长")
    people_services.cadre_set(person=person, organization=county.township_a, rank="section", position="副镇长")
    supervision_services.contact_point_create(leader=person, target=a1, start=dt.date(2010, 1, 1))
    return {
        "county_admin": personas.county_admin,
        "township_admin_a": personas.township_admin_a,
        "village_admin_b": personas.village_admin_b,
        "member": personas.member,
        "partner": f.user("partner_tea", "partner", unit=unit),
        "leader": f.user("leader_zhang", "linked_leader", person=person),
        "supervisor": f.user("supervisor_a1", "village_supervisor", organization=a1),
        "anonymous": None,
    }
