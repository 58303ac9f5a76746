"""A year of recruitment and transfers (issue 15): files for the members admitted during the year, the
applicants, activists and candidates still on their way at its end, transfers within the county, in from
outside and out of it, the deaths of the year, and members away from home (recorded, returned and flagged out
of contact through ``membership.services``) — at plausible rates, deterministic from the seed.

The year-end count stays the scenario's: the admitted are the members the members builder made with a
joining date in the year (their files are written backwards from the branch assembly, which is the joining
date); those transferred out or who died are extra memberships (outside any party group) present at the
year's start and gone by its end. Written with bulk inserts: the dates are built to satisfy every rule
``membership.services`` enforces.
"""

import datetime as dt
import random

from django.utils.translation import gettext

from common import clock
from membership import services as membership_services
from membership.config import rules_for
from membership.models import EndReason, MembershipEnd, Reach, Recruit, StepEvent, Transfer, months_after
from membership.steps import BY_CODE, STEPS
from people.bulk import MemberRow, members_upsert
from people.models import Appointment, MembershipStatus, PartyMembership, Person, Sex, adult_on, id_number_hash

from .. import synthetic as syn
from . import BuildContext, BuildError, builder

# Days from the application to each step, for a file admitted on day ADMITTED (the branch assembly).
OFFSETS = {
    "apply": 0,
    "talk": 20,
    "activist": 90,
    "activist_filed": 95,
    "contacts": 100,
    "assessment": 260,
    "candidate": 460,
    "candidate_filed": 470,
    "introducers": 475,
    "review": 490,
    "training": 510,
    "committee_review": 720,
    "pre_review": 730,
    "form": 740,
    "assembly": 760,
    "committee_talk": 780,
    "approval": 805,
    "approval_filed": 815,
    "placed": 820,
    "oath": 825,
    "probation_education": 960,
}
ADMITTED = OFFSETS["assembly"]
SECOND_ASSESSMENT = 430  # activists are assessed every half year until they become candidates
OPEN_RATES = {"applicants": 0.012, "activists": 0.018, "candidates": 0.006}  # of the members, open at year end
WITHIN_RATE, IN_RATE, OUT_RATE, DEATH_RATE = 0.008, 0.0025, 0.003, 0.009
UNRECEIVED_SHARE = 0.1
OUTSIDE = ("建瓯市东游镇党委", "松溪县郑墩镇党委", "浙江省庆元县屏都街道党工委", "福州市仓山区城门镇党委")
# Members away from home (流动党员), of the members: most left within the last months (seasonal work), some long
# ago and never transferred (R-TRANSFER finds them after six months); a few came back, a few are out of contact.
AWAY_RATE, AWAY_LONG_SHARE, AWAY_RETURNED_SHARE, AWAY_LOST_SHARE, AWAY_CERTIFIED_SHARE = 0.03, 0.2, 0.15, 0.05, 0.8
AWAY_PLACES = (  # where they work, and the party organization that takes them in meanwhile
    ("福建省厦门市湖里区", "政和县驻厦门流动党员党支部"),
    ("福建省福州市仓山区", "政和县驻福州流动党员党支部"),
    ("浙江省温州市鹿城区", "温州市鹿城区流动党员服务中心党支部"),
    ("广东省深圳市宝安区", "深圳市宝安区西乡街道流动党员党支部"),
    ("上海市嘉定区", "上海市嘉定区外来务工人员党支部"),
)


def _basis(code: str) -> str:
    return {"apply": "入党申请书", "talk": "谈话记录", "training": "党校培训结业证书"}.get(
        code, f"{BY_CODE[code].name_zh}记录"
    )


class _Files:
    def __init__(self, ctx: BuildContext, end: dt.date) -> None:
        self.end = end
        self.publicity = rules_for(ctx.county).publicity_days if ctx.county else 5
        self.recruits: list[Recruit] = []
        self.events: list[tuple[int, str, dt.date, tuple[Person, Person] | None]] = []

    def add(self, person: Person, branch_id: int, applied: dt.date, upto: str, helpers: tuple[Person, Person]) -> None:
        """A file applied on ``applied`` with every step up to ``upto`` done by the year's end."""
        index = len(self.recruits)
        self.recruits.append(Recruit(person=person, branch_id=branch_id, applied_on=applied))
        last = BY_CODE[upto].number
        for step in STEPS:
            if step.number > last or step.code not in OFFSETS:
                break
            day = applied + dt.timedelta(days=OFFSETS[step.code])
            if day > self.end:
                break
            self.events.append((index, step.code, day, helpers if step.two_people else None))
            if step.code == "assessment" and applied + dt.timedelta(days=SECOND_ASSESSMENT) <= self.end:
                self.events.append((index, "assessment", applied + dt.timedelta(days=SECOND_ASSESSMENT), None))

    def write(self) -> int:
        Recruit.objects.bulk_create(self.recruits)
        rows = []
        for index, code, day, helpers in sorted(self.events, key=lambda e: (e[0], e[2])):
            step = BY_CODE[code]
            rows.append(
                StepEvent(
                    recruit=self.recruits[index],
                    step=code,
                    number=step.number,
                    on=day,
                    basis=_basis(code),
                    first_person=helpers[0] if helpers else None,
                    second_person=helpers[1] if helpers else None,
                    days=3 if step.training else None,
                    hours=24 if step.training else None,
                    publicity_until=day + dt.timedelta(days=self.publicity) if step.published else None,
                )
            )
            recruit = self.recruits[index]
            recruit.latest = max(recruit.latest, step.number)
        StepEvent.objects.bulk_create(rows, batch_size=500)
        Recruit.objects.bulk_update(self.recruits, ["latest"], batch_size=500)
        return len(rows)


@builder("membership", order=95)
def build_membership(ctx: BuildContext) -> str:
    s = ctx.scenario
    if not s.membership_flow:
        return "membership flow: none in the scenario (membership_flow is not true)"
    rng = ctx.rng("membership")
    end = min(s.demo_date or s.period_end, clock.today())  # nothing after the campaign's today
    first = dt.date(s.period, 1, 1)
    villages = ctx.all_villages()
    by_village = {v.code: list(ctx.members[v.code]) for v in villages}
    members = [p for v in villages for p in by_village[v.code]]
    held = set(Appointment.objects.values_list("person_id", flat=True))
    files = _Files(ctx, end)

    def helpers(village_code: str, exclude: Person) -> tuple[Person, Person] | None:
        """Two full members of the branch: the cultivation contacts, later the introducers."""
        full = [p for p in by_village[village_code] if p.membership.status == MembershipStatus.FULL and p != exclude]
        if len(full) < 2:
            return None
        a, b = rng.sample(full, 2)
        return a, b

    # The members admitted during the year: their files, written backwards from the branch assembly.
    admitted = 0
    for village in villages:
        for person in by_village[village.code]:
            joined = person.membership.joined_on
            applied = joined - dt.timedelta(days=ADMITTED)
            pair = helpers(village.code, person)
            if first <= joined <= end and applied >= adult_on(person.birth_date) and pair is not None:
                files.add(person, village.pk, applied, "probation_education", pair)
                admitted += 1

    # The files still open at the year's end: new people, at each stage.
    open_files = 0
    targets = {"applicants": ("apply", "talk"), "activists": ("contacts",), "candidates": ("introducers", "training")}
    for stage, rate in OPEN_RATES.items():
        for _n in range(round(len(members) * rate)):
            village = rng.choice(villages)
            pair = helpers(village.code, Person())
            if pair is None:
                continue
            upto = rng.choice(targets[stage])
            done_by = OFFSETS[upto] + (SECOND_ASSESSMENT - OFFSETS["contacts"] if stage == "activists" else 0)
            applied = end - dt.timedelta(days=done_by + rng.randint(1, 40 if stage == "applicants" else 150))
            sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
            born = syn.birth_date(rng, applied, 19, 45, mode=26)
            person = Person(
                name=syn.person_name(rng, sex),
                sex=sex,
                birth_date=born,
                id_number=ctx.ids.make(rng, born, sex),
                home_village=village,
            )
            person.full_clean()
            person.save()
            files.add(person, village.pk, applied, upto, pair)
            open_files += 1
    events = files.write()

    # Transfers within the county and in from outside it: members the other builders hold no post for.
    movable = [p for p in members if p.pk not in held and p.membership.joined_on < first]
    rng.shuffle(movable)
    within = movable[: round(len(members) * WITHIN_RATE)]
    from_outside = movable[len(within) : len(within) + round(len(members) * IN_RATE)]
    groups = {g.parent_id: g for v in villages for g in ctx.groups[v.code][:1]}
    transfers: list[Transfer] = []
    moved: list[PartyMembership] = []
    for person in within:
        membership = person.membership
        target = rng.choice([v for v in villages if v.pk != membership.branch_id and v.pk in groups])
        on = syn.date_between(rng, first, end - dt.timedelta(days=10))
        received = on + dt.timedelta(days=rng.randint(2, 30)) if rng.random() > UNRECEIVED_SHARE else None
        transfer = _transfer(membership, membership.branch_id, target.pk, "", Reach.COUNTY, on, received, rng)
        transfer.from_group_id = membership.party_group_id
        transfers.append(transfer)
        membership.branch_id, membership.party_group_id = target.pk, groups[target.pk].pk
        moved.append(membership)
    for person in from_outside:
        membership = person.membership
        on = syn.date_between(rng, first, end - dt.timedelta(days=10))
        transfers.append(
            _transfer(membership, None, membership.branch_id, rng.choice(OUTSIDE), Reach.PROVINCE, on, on, rng)
        )
    PartyMembership.objects.bulk_update(moved, ["branch", "party_group"], batch_size=500)

    # Members who left the county or died during the year: present at its start, gone by its end.
    leaving = round(len(members) * OUT_RATE)
    dying = round(len(members) * DEATH_RATE)
    rows = [_extra_row(ctx, rng, rng.choice(villages).code, first, old=n >= leaving) for n in range(leaving + dying)]
    result = members_upsert(rows)
    if not result.ok:
        raise BuildError("; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:5]))
    extras = list(
        PartyMembership.objects.filter(person__id_number_hash__in=[id_number_hash(r.id_number) for r in rows]).order_by(
            "pk"
        )
    )
    endings = []
    for n, membership in enumerate(extras):
        on = syn.date_between(rng, first, end - dt.timedelta(days=10))
        if n < leaving:
            received = on + dt.timedelta(days=rng.randint(5, 40)) if rng.random() > UNRECEIVED_SHARE else None
            transfers.append(
                _transfer(
                    membership, membership.branch_id, None, rng.choice(OUTSIDE), Reach.PROVINCE, on, received, rng
                )
            )
        else:
            endings.append(MembershipEnd(membership=membership, on=on, reason=EndReason.DIED))
    Transfer.objects.bulk_create(sorted(transfers, key=lambda t: t.on), batch_size=500)
    MembershipEnd.objects.bulk_create(endings)
    away, lost = _away(rng, movable[len(within) + len(from_outside) :], round(len(members) * AWAY_RATE), end)
    return gettext(
        "%(files)d 份发展党员档案（%(events)d 个步骤，其中年内发展 %(admitted)d 名），%(transfers)d 次组织关系转接，"
        "%(deaths)d 名党员去世；流动党员 %(away)d 名（失去联系 %(lost)d 名）"
    ) % {
        "files": admitted + open_files,
        "events": events,
        "admitted": admitted,
        "transfers": len(transfers),
        "deaths": dying,
        "away": away,
        "lost": lost,
    }


def _away(rng: random.Random, people: list[Person], count: int, end: dt.date) -> tuple[int, int]:
    """Record ``count`` of ``people`` as away through the page's services; return (away at ``end``, out of contact)."""
    away = lost = 0
    for n, person in enumerate(people[:count]):
        if rng.random() < AWAY_LONG_SHARE:  # left long ago: over six months away by the year's end
            since = syn.date_between(rng, syn.add_years(end, -2), months_after(end, -7))
        else:
            since = syn.date_between(rng, months_after(end, -5), end - dt.timedelta(days=10))
        since = max(since, person.membership.joined_on + dt.timedelta(days=1))
        place, receiving = rng.choice(AWAY_PLACES)
        certified = rng.random() < AWAY_CERTIFIED_SHARE
        record = membership_services.away_record(
            person=person,
            since=since,
            place=place,
            contact=syn.mobile_phone(rng),
            receiving=receiving,
            certificate_number=f"闽政流{since.year}-{n + 1:04d}" if certified else "",
            certificate_issued_on=since if certified else None,
        )
        draw = rng.random()
        if draw < AWAY_RETURNED_SHARE and (end - since).days > 30:
            membership_services.away_return(away=record, returned_on=syn.date_between(rng, since, end))
        elif draw < AWAY_RETURNED_SHARE + AWAY_LOST_SHARE and (end - since).days > 60:
            membership_services.away_lose_contact(
                away=record, since=syn.date_between(rng, since + dt.timedelta(days=60), end)
            )
            away, lost = away + 1, lost + 1
        else:
            away += 1
    return away, lost


def _transfer(
    membership: PartyMembership,
    from_id: int | None,
    to_id: int | None,
    outside: str,
    reach: str,
    on: dt.date,
    received: dt.date | None,
    rng: random.Random,
) -> Transfer:
    return Transfer(
        membership=membership,
        from_branch_id=from_id,
        to_branch_id=to_id,
        outside=outside,
        reach=reach,
        on=on,
        letter_number=f"政组转{on.year}-{rng.randint(1, 9999):04d}",
        valid_until=months_after(on, 3),
        dues_paid_to=dt.date(on.year, on.month, 1) - dt.timedelta(days=1),
        received_on=received,
        receipt_by="经办人" if received else "",
    )


def _extra_row(ctx: BuildContext, rng: random.Random, village_code: str, first: dt.date, *, old: bool) -> MemberRow:
    sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
    born = syn.birth_date(rng, first, 70 if old else 25, 92 if old else 50)
    joined = syn.date_between(rng, syn.add_years(born, 19), first - dt.timedelta(days=400))
    return MemberRow(
        name=syn.person_name(rng, sex),
        sex=sex,
        birth_date=born,
        id_number=ctx.ids.make(rng, born, sex),
        village_code=village_code,
        status=MembershipStatus.FULL,
        joined_on=joined,
    )
