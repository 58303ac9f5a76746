"""The county the crawl test (``test_crawl.py``) walks: records of every kind inside and outside each persona's scope.

Two counties are loaded through the scenario loader (which builds through the services
and bulk paths, and the county's prefecture and province above it): ``second.yaml`` as the
home county (350798, under 南平市 3507 and 福建省 35) and a copy of it under another
province's code (360797, under 赣州市 3607 and 江西省 36), the county no one of the home
county, its prefecture or its province may read. On top of them,
through the services: in village A1 (350798100200), in township B (350798101) and in the
other county, a person with an ID number and a phone (a member, a household head), an
accountability case with a reward, an internal review comment, an assessment's evidence
file, a member's own records, an import job of the village admin and a report job of the county admin; then one user per
role of ``accounts/rights.py``, bound where the roles table says.
"""

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import Role
from evaluation.models import Assessment
from evaluation.services import appeals
from organizations.models import Organization, OrganizationKind
from pairing.models import Pairing
from people import services as people_services
from people.id_numbers import make_id_number
from people.models import Person
from scenarios.loader import DATA_DIR, load_scenario
from scenarios.schema import Scenario, parse_scenario
from supervision.models import ContactPoint
from village_affairs import services as affairs
from village_affairs.models import Decision
from xianfeng.tests import factories as f

HOME = "350798"
OTHER = "360797"  # another province's county: outside the province and prefecture admins' scope too
TOWNSHIP_A = "350798100"
VILLAGE_A1 = "350798100200"
TOWNSHIP_B = "350798101"
DAY = dt.date(2011, 3, 1)

PERSONAS = [
    "province_admin",
    "prefecture_admin",
    "county_admin",
    "township_admin",
    "village_admin",
    "village_supervisor",
    "member",
    "partner",
    "linked_leader",
    "system_admin",
    "security_admin",
    "audit_admin",
    "anonymous",
]


@dataclass
class World:
    """What the fillers of ``crawl.py`` draw on: the areas, the extra people, the personas' users."""

    areas: dict[str, str]  # name -> division code: A1, B (another township), X (another county)
    users: dict[str, User] = field(default_factory=dict)
    extra_people: dict[str, Person] = field(default_factory=dict)  # "<area> <what>" -> person
    own_pairing: Pairing | None = None
    own_contact_point: ContactPoint | None = None
    member_person: Person | None = None


def _other_county() -> Scenario:
    """``second.yaml`` under the code 360797: the same kinds of record in a county of another province."""
    import yaml

    data = yaml.safe_load((DATA_DIR / "second.yaml").read_text(encoding="utf-8"))
    data["scenario"] = "second-elsewhere"
    data["random_seed"] += 1  # other names, phones and birth dates than the home county's
    data["county"]["code"] = OTHER
    data["county"]["name"] = "外县"
    data["county"]["name_en"] = "Elsewhere County"
    for township in data["county"]["townships"]:
        township["code"] = OTHER + township["code"][6:]
        township["name"] = "外" + township["name"]
    return parse_scenario(data, known_figures=set(data["figures"]))


# Distinctive names (not among the scenario's synthetic ones), born on days no other record carries.
EXTRA = [
    ("member", "卜隐甲", dt.date(1961, 4, 23), "13512340001"),
    ("head", "卜隐乙", dt.date(1957, 8, 14), "13512340002"),
]


def _village_of(code: str) -> Organization:
    found = Organization.objects.filter(code__startswith=code, kind=OrganizationKind.VILLAGE).order_by("code").first()
    assert found is not None, code
    return found


def _extra_records(world: World) -> None:
    for area, code in world.areas.items():
        village = _village_of(code)
        group = Organization.objects.filter(parent=village, kind=OrganizationKind.PARTY_GROUP).first()
        for index, (what, name, born, phone) in enumerate(EXTRA):
            name = f"{name}{area}"
            phone = phone[:-2] + f"{index}{len(world.extra_people)}"
            born = born.replace(day=born.day + len(world.extra_people) % 5)
            if what == "member":
                person = f.member(village, group, name=name, born=born, phone=phone)
            else:
                person = f.person(village, name=name, born=born, phone=phone)
                people_services.household_set(
                    head=person, village=village, size=4, cause="illness", status="in_difficulty"
                )
            world.extra_people[f"{area} {what}"] = person
        member = world.extra_people[f"{area} member"]
        case = affairs.accountability_case_open(
            village=village,
            rule="crawl",
            subject=f"crawl-{area}",
            finding_since=DAY,
            finding_text="台账未按月公开",
            directly_responsible=member,
        )
        affairs.accountability_case_decide(case=case, outcome="penalty", decision="通报批评", date=DAY, amount="100")
        decision = Decision.objects.filter(village=village).order_by("pk").first()
        author = f.user(f"crawl_author_{area}", Role.VILLAGE_ADMIN, organization=village)
        affairs.review_comment_add(village=village, text="内部审阅意见", user=author, decision=decision)
        for assessment in Assessment.objects.filter(organization__code__startswith=code).order_by("pk")[:50]:
            try:
                appeals.evidence_add(
                    assessment=assessment,
                    file=SimpleUploadedFile("证明.pdf", b"%PDF-1.4 crawl", content_type="application/pdf"),
                    description="证明材料",
                )
            except ValidationError:
                continue  # approved: no more evidence
            break


def _users(world: World) -> None:
    a1 = Organization.objects.get(code=VILLAGE_A1)
    pairing = Pairing.objects.filter(village__code__startswith=TOWNSHIP_A, unit__isnull=False).order_by("pk").first()
    point = ContactPoint.objects.filter(target__code__startswith=TOWNSHIP_A).order_by("pk").first()
    assert pairing is not None and point is not None, "the scenario built no pairing or contact point in township A"
    world.own_pairing, world.own_contact_point = pairing, point
    world.member_person = world.extra_people["A1 member"]
    u = world.users
    u["province_admin"] = f.user(
        "crawl_province", Role.PROVINCE_ADMIN, organization=Organization.objects.get(code=HOME[:2])
    )
    u["prefecture_admin"] = f.user(
        "crawl_prefecture", Role.PREFECTURE_ADMIN, organization=Organization.objects.get(code=HOME[:4])
    )
    u["county_admin"] = f.user("crawl_county", Role.COUNTY_ADMIN, organization=Organization.objects.get(code=HOME))
    u["township_admin"] = f.user(
        "crawl_township", Role.TOWNSHIP_ADMIN, organization=Organization.objects.get(code=TOWNSHIP_A)
    )
    u["village_admin"] = f.user("crawl_village", Role.VILLAGE_ADMIN, organization=a1)
    u["village_supervisor"] = f.user("crawl_supervisor", Role.VILLAGE_SUPERVISOR, organization=a1)
    u["member"] = f.user("crawl_member", Role.MEMBER, person=world.member_person)
    u["partner"] = f.user("crawl_partner", Role.PARTNER, unit=pairing.unit)
    u["linked_leader"] = f.user("crawl_leader", Role.LINKED_LEADER, person=point.leader)
    u["system_admin"] = f.user("crawl_sysadmin", Role.SYSTEM_ADMIN)
    u["security_admin"] = f.user("crawl_secadmin", Role.SECURITY_ADMIN)
    u["audit_admin"] = f.user("crawl_auditor", Role.AUDIT_ADMIN)


def _import_job(world: World) -> None:
    """An import of the village admin: one new member, one of township B (not theirs), one bad row."""
    b_member = world.extra_people["B member"]
    wb = Workbook()
    sheet = wb.active
    sheet.append(["姓名", "身份证号", "性别", "出生日期", "村代码", "党员类别", "入党日期", "电话"])
    born = dt.date(1966, 6, 6)
    sheet.append(["卜导入丙", make_id_number(HOME, born, 901, "M"), "男", "", VILLAGE_A1, "正式党员", "1990-07-01", ""])
    sheet.append([b_member.name, b_member.id_number, "", "", VILLAGE_A1, "正式党员", "1990-07-01", ""])
    sheet.append(["坏行", "123", "", "", VILLAGE_A1, "正式党员", "1990-07-01", ""])
    buffer = BytesIO()
    wb.save(buffer)
    client = Client()
    client.force_login(world.users["village_admin"])
    upload = SimpleUploadedFile(
        "导入.xlsx", buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = client.post(reverse("exchange:import_start"), {"kind": "members", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]


def _report_job(world: World) -> None:
    """A Word report of township A, asked for by the county admin (written at once: the tests run tasks inline)."""
    from reports.jobs import report_job_request

    org = Organization.objects.get(code=TOWNSHIP_A)
    job = report_job_request(user=world.users["county_admin"], org=org, year=2010, language="zh-hans", fmt="docx")
    job.refresh_from_db()
    assert job.status == "done", job.error


def build_world() -> World:
    load_scenario(DATA_DIR / "second.yaml")
    load_scenario(_other_county())
    world = World(areas={"A1": VILLAGE_A1, "B": TOWNSHIP_B, "X": OTHER})
    _extra_records(world)
    _users(world)
    _branch_life(world)
    _member_records(world)
    _points(world)
    _away(world)
    _import_job(world)
    _report_job(world)
    return world


def _points(world: World) -> None:
    """A love supermarket with one item in each area's village, each county's rules, its points booked."""
    from points import services as points
    from service_platform import services as platform

    for area, code in world.areas.items():
        village = _village_of(code)
        shop = platform.facility_create(
            kind="love_supermarket", name=f"爱心超市{area}", organization=village, opened_on=dt.date(2010, 1, 1)
        )
        points.stock_set(supermarket=shop, name="大米", price=5, quantity=10)
    for county in Organization.objects.filter(kind=OrganizationKind.COUNTY):
        points.rule_set(county=county, fact="meeting", points=5, monthly_cap=None)
        points.points_sync(county=county)
    _redemptions()


def _redemptions() -> None:
    """Each supermarket's first redemption: a bag of rice for the first holder it serves who has the points."""
    from points import selectors as points_read
    from points import services as points
    from service_platform.models import Facility

    for shop in Facility.objects.filter(kind="love_supermarket").order_by("pk"):
        item = points_read.stock_of(shop).first()
        for holder in points_read.holders_for(shop).order_by("pk"):
            if item is not None and points.balance(holder) >= item.price:
                points.redeem(item=item, holder=holder, quantity=1, request_key=f"crawl-{shop.pk}")
                break


def _member_records(world: World) -> None:
    """A post held by each area's extra member (member_records), written with the county's full rights."""
    from common.scope import Scope
    from member_records import services as member_records
    from member_records.kinds import POSTS

    for area in world.areas:
        member = world.extra_people[f"{area} member"]
        member_records.record_save(
            scope=Scope(is_superuser=True),
            kind=POSTS,
            person=member,
            values={
                "title": "村民小组长",
                "organization": f"村民小组{area}",
                "start": dt.date(2008, 1, 1),
                "end": None,
            },
        )


def _branch_life(world: World) -> None:
    """A meeting in each area's village (its extra member present) and a notice of township A's."""
    from branch_life import services as branch_life
    from common import clock

    for area, code in world.areas.items():
        village = _village_of(code)
        member = world.extra_people[f"{area} member"]
        branch_life.meeting_record(
            branch=village,
            kind="theme_day",
            date=min(DAY, clock.today()),
            topic=f"主题党日{area}",
            attendance={member.pk: "present"},
        )
    township = Organization.objects.get(code=TOWNSHIP_A)
    branch_life.notice_send(
        origin=township,
        target=township,
        title="关于开展主题党日的通知",
        body="请各村按时开展。",
        deadline=clock.today(),
        sender=world.users["township_admin"],
    )


def _away(world: World) -> None:
    """Each area's extra member away, their own phone as the contact (masked like theirs), out of contact since."""
    from common import clock
    from membership import services as membership

    for area in world.areas:
        member = world.extra_people[f"{area} member"]
        day = min(DAY, clock.today())
        away = membership.away_record(
            person=member,
            since=day,
            place="浙江省温州市",
            contact=member.phone,
            receiving=f"温州市流动党员党支部{area}",
        )
        membership.away_lose_contact(away=away, since=day)
