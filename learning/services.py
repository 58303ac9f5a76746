"""Writes for P1 Learning. Pages, importers and the scenario loader all call these."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from common.checks import not_in_future
from organizations.models import Organization, OutsideUnit
from people.models import Cadre, PartyMembership, Person

from .models import (
    HOURS_NOT_A_NUMBER,
    NOBODY_ATTENDED,
    Attendance,
    DeliveryKind,
    ServiceTeam,
    TeamMember,
    Training,
    Visit,
    VisitDelivery,
    validate_hours,
)


def _not_in_future(day: dt.date, what: str) -> None:
    not_in_future(day, what=_("%(what)s的日期") % {"what": what})


def _hours(value: Decimal | int | str | None, field: str = "hours") -> Decimal:
    """Return exact hours in (0, 24]; refuse floats, text and out-of-range values."""
    if isinstance(value, float) or value is None:
        raise ValidationError({field: ValidationError(HOURS_NOT_A_NUMBER, code="hours_not_a_number")})
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: ValidationError(HOURS_NOT_A_NUMBER, code="hours_not_a_number")}) from None
    if not hours.is_finite():
        raise ValidationError({field: ValidationError(HOURS_NOT_A_NUMBER, code="hours_not_a_number")})
    try:
        validate_hours(hours)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None
    return hours


def _cadres(people: Iterable[Person], county_code: str) -> list[Person]:
    people = list(dict.fromkeys(people))
    cadre_ids = set(
        Cadre.objects.filter(person__in=people, organization__code__startswith=county_code).values_list(
            "person_id", flat=True
        )
    )
    outsiders = [p.name for p in people if p.pk not in cadre_ids]
    if outsiders:
        raise ValidationError(
            {
                "members": ValidationError(
                    _("服务队队员必须是本县登记在册的机关干部：%(names)s不是。") % {"names": "、".join(outsiders)},
                    code="not_a_county_cadre",
                )
            }
        )
    return people


@transaction.atomic
def service_team_create(
    *,
    name: str,
    organization: Organization,
    members: Iterable[Person] = (),
    leader: Person | None = None,
    unit: OutsideUnit | None = None,
    note: str = "",
) -> ServiceTeam:
    """Create a service team of cadres; the leader is one of its members."""
    team = ServiceTeam(name=name, organization=organization, unit=unit, leader=leader, note=note)
    team.full_clean()
    people = _cadres(members, team.county_code)
    if leader is not None and leader not in people:
        if not Cadre.objects.filter(person=leader, organization__code__startswith=team.county_code).exists():
            raise ValidationError(
                {"leader": ValidationError(_("队长必须是本县登记在册的机关干部。"), code="not_a_county_cadre")}
            )
        people.append(leader)
    team.save()
    TeamMember.objects.bulk_create([TeamMember(team=team, person=p) for p in people])
    return team


@transaction.atomic
def service_team_add_members(*, team: ServiceTeam, members: Iterable[Person]) -> list[TeamMember]:
    people = _cadres(members, team.county_code)
    existing = set(team.memberships.values_list("person_id", flat=True))
    return TeamMember.objects.bulk_create([TeamMember(team=team, person=p) for p in people if p.pk not in existing])


@transaction.atomic
def delivery_kind_create(*, code: str, name: str, order: int = 0, active: bool = True) -> DeliveryKind:
    kind = DeliveryKind(code=code, name=name, order=order, active=active)
    kind.full_clean()
    kind.save()
    return kind


# The source's Four Deliveries (四送); migration 0002 seeds the same list.
FOUR_DELIVERIES = (
    ("policy", gettext_noop("送政策"), 1),
    ("law", gettext_noop("送法律"), 2),
    ("technology", gettext_noop("送技术"), 3),
    ("information", gettext_noop("送信息"), 4),
)


@transaction.atomic
def delivery_kinds_ensure_defaults() -> None:
    """Make sure the Four Deliveries exist (a database flushed after migrating has lost the seeded rows)."""
    for code, name, order in FOUR_DELIVERIES:
        if not DeliveryKind.objects.filter(code=code).exists():
            delivery_kind_create(code=code, name=name, order=order)


def _delivery_kinds(kinds: Iterable[DeliveryKind | str]) -> list[DeliveryKind]:
    """Accept DeliveryKind rows or their codes; refuse unknown and retired kinds."""
    wanted = list(dict.fromkeys(kinds))
    codes = [k for k in wanted if isinstance(k, str)]
    rows = [k for k in wanted if isinstance(k, DeliveryKind)]
    if codes:
        found = {k.code: k for k in DeliveryKind.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(
                {
                    "kinds": ValidationError(
                        _("未知的四送类别：%(kinds)s。") % {"kinds": "、".join(unknown)}, code="unknown_kind"
                    )
                }
            )
        rows += [found[c] for c in codes]
    retired = [k.name for k in rows if not k.active]
    if retired:
        raise ValidationError(
            {
                "kinds": ValidationError(
                    _("四送类别已停用：%(kinds)s。") % {"kinds": "、".join(retired)}, code="kind_retired"
                )
            }
        )
    return list(dict.fromkeys(rows))


@transaction.atomic
def visit_record(
    *,
    team: ServiceTeam,
    date: dt.date,
    target: Organization,
    content: str,
    kinds: Iterable[DeliveryKind | str] = (),
    people_reached: int = 0,
    recorded_by=None,
) -> Visit:
    """Record a team's visit to a village or party group of its county, tagged by the Four Deliveries."""
    _not_in_future(date, _("下访"))
    tags = _delivery_kinds(kinds)
    visit = Visit(
        team=team, date=date, target=target, content=content, people_reached=people_reached, recorded_by=recorded_by
    )
    visit.full_clean()
    visit.save()
    VisitDelivery.objects.bulk_create([VisitDelivery(visit=visit, kind=k) for k in tags])
    return visit


@transaction.atomic
def training_create(
    *,
    channel: str,
    topic: str,
    trainer_name: str,
    organization: Organization,
    date: dt.date,
    hours: Decimal | int | str,
    location: str = "",
    trainer: Person | None = None,
    recorded_by=None,
) -> Training:
    """Create a training organized by a county, township or village (the trainer's scope)."""
    _not_in_future(date, _("培训"))
    training = Training(
        channel=channel,
        topic=topic,
        trainer_name=trainer_name or (trainer.name if trainer else ""),
        trainer=trainer,
        organization=organization,
        date=date,
        hours=_hours(hours),
        location=location,
        recorded_by=recorded_by,
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def attendance_add(
    *, training: Training, people: Iterable[Person], hours: Decimal | int | str | None = None
) -> list[Attendance]:
    """Record party members' attendance; all or none.

    Refuse a non-member, a member outside the training's organization's subtree (a village
    training takes only that village's members), and anyone already recorded.
    """
    people = list(dict.fromkeys(people))
    if not people:
        raise ValidationError({"people": ValidationError(NOBODY_ATTENDED, code="nobody_attended")})
    credited = training.hours if hours is None else _hours(hours)
    branches = dict(PartyMembership.objects.filter(person__in=people).values_list("person_id", "branch__code"))
    not_members = [p.name for p in people if p.pk not in branches]
    if not_members:
        raise ValidationError(
            {
                "people": ValidationError(
                    _("只有党员才能登记参训：%(names)s不是党员。") % {"names": "、".join(not_members)},
                    code="not_a_member",
                )
            }
        )
    code = training.organization.code
    outside = [p.name for p in people if not branches[p.pk].startswith(code)]
    if outside:
        raise ValidationError(
            {
                "people": ValidationError(
                    _("%(names)s不在本次培训组织单位（%(org)s）的范围内。")
                    % {"names": "、".join(outside), "org": training.organization.name},
                    code="outside_organizer",
                )
            }
        )
    # Lock the training's attendances so two concurrent submissions cannot both add a person.
    already = set(
        Attendance.objects.select_for_update()
        .filter(training=training, person__in=people)
        .values_list("person__name", flat=True)
    )
    if already:
        raise ValidationError(
            {
                "people": ValidationError(
                    _("%(names)s已登记参加本次培训。") % {"names": "、".join(sorted(already))}, code="already_attended"
                )
            }
        )
    rows = [Attendance(training=training, person=p, hours=credited) for p in people]
    # Everything full_clean() would check was checked above for all rows at once; skip its per-row FK queries.
    # bulk_create_with_history keeps the audit trail (F-AUDIT) that a plain bulk_create would skip.
    return bulk_create_with_history(rows, Attendance)
