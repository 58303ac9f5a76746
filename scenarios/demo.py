"""Demo accounts: one per role of requirements.md "Who uses it", bound to records of the loaded county,
and the three administrators (system, security, audit), bound to nothing.

Each account is bound to records that give it work on the campaign's today (the demo date,
``common.clock``), chosen from what the scenario built rather than made up: the village (and
its supervisor, township and township admin) whose assessment or disclosures lag most; the
linked leader with the most reviews due or overdue; the partner unit with most waiting on its pairings;
a plain member of that village with a post, commitments still to report, volunteer hours and
a training. Without such records the first of each kind is taken, as before.

The published password breaks the password rules, so the accounts are made through
``accounts.services.demo_user_ensure``, which skips them and marks the accounts as demo: exempt
from the forced change and expiry, and their published two-factor secret accepted, only while
``DEMO_ACCOUNTS`` is on (`make run`). Idempotent: a second run finds every account and role in
place and changes nothing (passwords included, so a demo user who changed theirs keeps it).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import Role, RoleAssignment
from accounts.services import demo_user_ensure
from accounts.two_factor import DEMO_TOTP_KEY, TWO_FACTOR_ROLES
from organizations import services as org_services
from organizations.models import Organization, OutsideUnit, UnitKind, UnitLevel
from people.models import Appointment, Person, Post

from . import demo_records as records

DEMO_PASSWORD = "xianfeng2010"  # noqa: S105 - a published demo password, stated in the command's output
DEMO_COUNTY = "350725"
DEMO_TOWNSHIP = "350725100"  # 熊山镇


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    bound_to: str
    created: bool


class DemoError(Exception):
    """The database lacks what a demo account must be bound to."""


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the missing demo accounts and roles; return all of them in role order."""
    county = Organization.objects.counties().filter(code=DEMO_COUNTY).first() or Organization.objects.counties().first()
    if county is None:
        raise DemoError(gettext("数据库中还没有县：请先加载场景。"))
    village = records.village_with_work(county) or _first_village(county)
    township = village.parent if village is not None else None
    if township is None or village is None:
        raise DemoError(gettext("%(county)s 没有乡镇或行政村。") % {"county": county.name})
    minister = records.leader_with_work(county) or _holder(county, Post.ORGANIZATION_MINISTER)
    member = records.member_with_work(village) or _plain_member(village)
    if minister is None or member is None:
        raise DemoError(gettext("%(county)s 缺少组织部部长或村党员：请用场景加载的县。") % {"county": county.name})
    unit = records.unit_with_work(county, township) or _department(county)
    # The county's province and prefecture (the loader creates them): an admin of each, when on record.
    above: list[tuple[str, str, dict[str, object]]] = [
        (username, role, {"organization": unit})
        for username, role, unit in (
            ("province", Role.PROVINCE_ADMIN, Organization.objects.provinces().filter(code=county.code[:2]).first()),
            (
                "prefecture",
                Role.PREFECTURE_ADMIN,
                Organization.objects.prefectures().filter(code=county.code[:4]).first(),
            ),
        )
        if unit is not None
    ]
    wanted: list[tuple[str, str, dict[str, object]]] = [
        *above,
        ("county", Role.COUNTY_ADMIN, {"organization": county}),
        ("township", Role.TOWNSHIP_ADMIN, {"organization": township}),
        ("village", Role.VILLAGE_ADMIN, {"organization": village}),
        ("leader", Role.LINKED_LEADER, {"person": minister}),
        ("partner", Role.PARTNER, {"unit": unit}),
        ("member", Role.MEMBER, {"person": member}),
        ("supervisor", Role.VILLAGE_SUPERVISOR, {"organization": village}),
        ("sysadmin", Role.SYSTEM_ADMIN, {}),
        ("secadmin", Role.SECURITY_ADMIN, {}),
        ("auditor", Role.AUDIT_ADMIN, {}),
    ]
    return [_ensure(username, role, binding) for username, role, binding in wanted]


def _ensure(username: str, role: str, binding: dict[str, object]) -> DemoAccount:
    # Who must use two-factor gets a device with the published demo secret (`manage.py demo_totp`).
    totp_key = DEMO_TOTP_KEY if role in TWO_FACTOR_ROLES else None
    user, created = demo_user_ensure(username=username, password=DEMO_PASSWORD, totp_key=totp_key)
    lookup = {"organization": None, "unit": None, "person": None, **binding}
    # An account that already holds its role keeps its binding: run on another day, the records
    # with the most work could differ, and a demo account bound twice would confuse its user.
    held = RoleAssignment.objects.filter(user=user, role=role).first()
    if held is not None:
        binding = {key: getattr(held, key) for key in binding}
    else:
        assignment = RoleAssignment(user=user, role=role, **lookup)
        assignment.full_clean()
        assignment.save()
        created = True
    target = next(iter(binding.values()), "")
    code = getattr(target, "code", "")
    return DemoAccount(username, str(Role(role).label), f"{target} {code}".strip() or "—", created)


def _first_village(county: Organization) -> Organization | None:
    township = (
        Organization.objects.townships().filter(code=DEMO_TOWNSHIP).first()
        or Organization.objects.townships().within(county.code).first()
    )
    return Organization.objects.villages().within(township.code).select_related("parent").first() if township else None


def _holder(organization: Organization, post: str) -> Person | None:
    appointment = (
        Appointment.objects.filter(organization=organization, post=post)
        .select_related("person")
        .order_by("-start")
        .first()
    )
    return appointment.person if appointment else None


def _plain_member(village: Organization) -> Person | None:
    """Return the village's first member who holds no post, so the member persona is just a member."""
    members = Person.objects.filter(membership__branch=village).order_by("id")
    return members.exclude(appointments__isnull=False).first() or members.first()


def _department(county: Organization) -> OutsideUnit:
    name = f"{county.name}农业局"
    unit = OutsideUnit.objects.filter(home=county, kind=UnitKind.DEPARTMENT, name=name).first()
    return unit or org_services.outside_unit_create(
        home=county,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.COUNTY,
        name=name,
        name_en=f"{county.name_en.removesuffix(' County')} County Agriculture Bureau" if county.name_en else "",
        party_organization=f"{name}党支部",
    )
