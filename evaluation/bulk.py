"""Create many assessments at once, with their item scores and workflow events (scenario loader, imports).

``assessments_create_bulk`` does what ``services.assessment_start`` → ``scores_set`` →
``assessment_submit`` → ``assessment_review_submit`` → ``assessment_approve`` do for one
assessment, for thousands, in a fixed number of queries: it checks every planned
assessment first, the same way the services do (active standard of the period's county,
a village of that county as subject, a member in that village's branch, one assessment
per period, standard and subject, scores within 0 to each item's points, self scores
complete before submission, steps in workflow order with increasing times), collects
every problem, and raises one ``ValidationError`` naming them before anything is
written. Then it writes assessments, item scores and events, each with its "created"
history row (the audit trail ``bulk_create_with_history`` would leave), all in one
transaction; see ``_insert`` below for why not through model instances.

Not done in bulk
----------------
- Pre-fills (``evaluation.prefill``) are **not applied**. The registered functions
  take one saved assessment each and query per call (the practice app's reads one
  member's practice record per assessment), which would put thousands of queries back
  into this path; and the caller of this function states every self score anyway, so
  a pre-filled value would only be overwritten. The scenario loader builds practice
  records after evaluation, so there is nothing to pre-fill from at that point. Pages
  that start assessments one at a time (``assessment_start``) still pre-fill.
- Appeals and evidence are left to their services.
"""

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from common import clock
from organizations.models import Organization, OrganizationKind
from people.models import PartyMembership, Person

from .models import (
    STATUS_AFTER,
    Assessment,
    AssessmentEvent,
    AssessmentPeriod,
    EventKind,
    Item,
    ItemScore,
    Standard,
    StandardStatus,
    Status,
    Subject,
    inactive_standard_error,
    other_county_error,
)

# The status a workflow step must find, as the services enforce it (``services._step``).
STEP_FROM = {
    EventKind.SUBMITTED: Status.SELF,
    EventKind.RETURNED_TO_SELF: Status.REVIEW,
    EventKind.REVIEWED: Status.REVIEW,
    EventKind.RETURNED_TO_REVIEW: Status.APPROVAL,
    EventKind.APPROVED: Status.APPROVAL,
}
# The same as plain strings (kind -> (status it needs, status it leaves)), read per step.
TRANSITIONS = {str(k.value): (str(STEP_FROM[k].value), str(STATUS_AFTER[k].value)) for k in STEP_FROM}
SELF, REVIEW, APPROVED = Status.SELF.value, Status.REVIEW.value, Status.APPROVED.value
SUBMITTED = EventKind.SUBMITTED.value
MAX_PROBLEMS = 20
CHUNK = 5000  # rows per executemany
ID_CHUNK = 500  # assessment ids per INSERT … SELECT of history rows


@dataclass
class PlannedStep:
    kind: str
    at: dt.datetime
    comment: str = ""


@dataclass
class PlannedAssessment:
    """One assessment to create: its subject, scores by item id, and its workflow after the start."""

    organization: Organization
    started_at: dt.datetime
    person: Person | None = None
    self_scores: Mapping[int, Decimal | None] = field(default_factory=dict)
    review_scores: Mapping[int, Decimal | None] = field(default_factory=dict)
    steps: Sequence[PlannedStep] = ()

    @property
    def subject_name(self) -> str:
        return self.person.name if self.person is not None else self.organization.name


def _check(
    period: AssessmentPeriod, standard: Standard, planned: Sequence[PlannedAssessment], items: dict[int, Item]
) -> list[ValidationError]:
    """Return every problem with ``planned`` (empty when all of it may be written)."""
    problems: list[ValidationError] = []
    if standard.status != StandardStatus.ACTIVE:
        return [inactive_standard_error()]
    if period.county_id != standard.county_id:
        return [other_county_error()]
    county_code = standard.county.code
    member_standard = standard.subject == Subject.MEMBER

    branch_of: dict[int, int] = {}
    if member_standard:
        branch_of = dict(
            PartyMembership.objects.filter(branch__code__startswith=county_code).values_list("person_id", "branch_id")
        )
    existing = Assessment.objects.filter(period=period, standard__code=standard.code)
    if member_standard:
        taken = set(existing.filter(person__isnull=False).values_list("person_id", flat=True))
        keys = [p.person.pk if p.person is not None else None for p in planned]
    else:
        taken = set(existing.filter(person__isnull=True).values_list("organization_id", flat=True))
        keys = [p.organization.pk for p in planned]
    repeated = {k for k, n in Counter(keys).items() if n > 1}

    for plan, key in zip(planned, keys, strict=True):
        name = plan.subject_name
        org = plan.organization
        if org.kind != OrganizationKind.VILLAGE:
            problems.append(
                ValidationError(
                    _("%(name)s：考评对象必须是行政村党组织或其党员。") % {"name": name}, code="not_a_village"
                )
            )
        elif not org.code.startswith(county_code):
            problems.append(ValidationError(_("%(name)s：考评对象不在该县。") % {"name": name}, code="other_county"))
        if member_standard and plan.person is None:
            problems.append(
                ValidationError(_("%(name)s：该标准考评党员，必须指定党员。") % {"name": name}, code="person_required")
            )
        elif not member_standard and plan.person is not None:
            problems.append(
                ValidationError(
                    _("%(name)s：该标准考评村党组织，不能指定党员。") % {"name": name}, code="person_not_allowed"
                )
            )
        elif member_standard and plan.person is not None and branch_of.get(plan.person.pk) != org.pk:
            problems.append(
                ValidationError(
                    _("%(name)s不是%(village)s的党员，不能参加该村的党员考评。") % {"name": name, "village": org.name},
                    code="not_a_village_member",
                )
            )
        if key in taken:
            problems.append(
                ValidationError(_("%(name)s：该对象在本周期已有此项考评。") % {"name": name}, code="duplicate")
            )
        elif key in repeated:
            problems.append(
                ValidationError(_("%(name)s：同一对象在本批中出现多次。") % {"name": name}, code="repeated_in_batch")
            )
        problems.extend(_check_scores(plan, items))
        problems.extend(_check_steps(plan, items))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def _check_scores(plan: PlannedAssessment, items: dict[int, Item]) -> list[ValidationError]:
    problems = []
    for scores in (plan.self_scores, plan.review_scores):
        for item_id, value in scores.items():
            item = items.get(int(item_id))
            if item is None:
                problems.append(
                    ValidationError(
                        _("%(name)s：该细则不属于本次考评。") % {"name": plan.subject_name}, code="unknown_item"
                    )
                )
            elif value is not None and Decimal(value) < 0:
                problems.append(
                    ValidationError(_("%(name)s：得分不能为负数。") % {"name": plan.subject_name}, code="negative")
                )
            elif value is not None and Decimal(value) > item.points:
                problems.append(
                    ValidationError(
                        _("%(name)s：「%(item)s」得分 %(score)s 超过该项分值 %(points)s 分。")
                        % {"name": plan.subject_name, "item": item.title, "score": value, "points": item.points},
                        code="above_points",
                    )
                )
    return problems


def _check_steps(plan: PlannedAssessment, items: dict[int, Item]) -> list[ValidationError]:
    """Replay the steps through the services' state machine."""
    name = plan.subject_name
    status = SELF
    last = plan.started_at
    reached_review = False
    for step in plan.steps:
        transition = TRANSITIONS.get(str(step.kind))
        if transition is None:
            return [
                ValidationError(
                    _("%(name)s：不能批量写入「%(kind)s」环节。") % {"name": name, "kind": step.kind},
                    code="step_not_in_bulk",
                )
            ]
        wanted, after = transition
        if status == APPROVED:
            return [ValidationError(_("%(name)s：该考评已审定，不能再修改。") % {"name": name}, code="approved")]
        if status != wanted:
            return [
                ValidationError(
                    _("%(name)s：「%(step)s」不能在「%(status)s」环节进行。")
                    % {"name": name, "step": EventKind(step.kind).label, "status": Status(status).label},
                    code="out_of_order",
                )
            ]
        if step.at <= last:
            return [
                ValidationError(
                    _("%(name)s：各环节时间必须依次递增。") % {"name": name}, code="steps_not_in_time_order"
                )
            ]
        if step.kind == SUBMITTED:
            missing = sum(1 for i in items if plan.self_scores.get(i) is None)
            if missing:
                return [
                    ValidationError(
                        _("%(name)s：还有 %(count)s 项未自评，不能提交。") % {"name": name, "count": missing},
                        code="incomplete",
                    )
                ]
        status = after
        reached_review = reached_review or status == REVIEW
        last = step.at
    if any(v is not None for v in plan.review_scores.values()) and not reached_review:
        return [
            ValidationError(_("%(name)s：审核分只能在乡镇审核环节填写。") % {"name": name}, code="not_review_stage")
        ]
    return []


@transaction.atomic
def assessments_create_bulk(
    *,
    period: AssessmentPeriod,
    standard: Standard,
    planned: Sequence[PlannedAssessment],
    actor=None,
) -> list[int]:
    """Create ``planned`` assessments with scores and events, all or nothing; return their ids in order.

    Raises ``ValidationError`` (naming up to 20 problems) before writing anything.
    """
    items = {i.pk: i for i in Item.objects.filter(dimension__standard=standard)}
    problems = _check(period, standard, planned, items)
    if problems:
        raise ValidationError(problems)
    if not planned:
        return []
    adapt = connection.ops.adapt_datetimefield_value
    actor_id = getattr(actor, "pk", None)
    now = adapt(clock.now())
    _insert(
        Assessment,
        ("period", "standard", "organization", "person", "created_at"),
        [
            (period.pk, standard.pk, p.organization.pk, p.person.pk if p.person else None, adapt(p.started_at))
            for p in planned
        ],
    )
    # Read the new ids back by subject: one assessment per period, standard and subject.
    by_member = standard.subject == Subject.MEMBER
    new = Assessment.objects.filter(period=period, standard=standard, person__isnull=not by_member)
    id_of = dict(new.values_list("person_id" if by_member else "organization_id", "id"))
    ids = [id_of[p.person.pk if by_member and p.person else p.organization.pk] for p in planned]
    _copy_history(Assessment, "id", ids, actor_id, now)

    item_ids = list(items)
    scores: list[tuple] = []
    events: list[tuple] = []
    for pk, plan in zip(ids, planned, strict=True):
        self_scores, review_scores = plan.self_scores, plan.review_scores
        scores.extend(
            (pk, item_id, _decimal(self_scores.get(item_id)), _decimal(review_scores.get(item_id)), "", "")
            for item_id in item_ids
        )
        events.append((pk, EventKind.STARTED.value, actor_id, adapt(plan.started_at), ""))
        events.extend((pk, str(s.kind), actor_id, adapt(s.at), s.comment) for s in plan.steps)
    _insert(ItemScore, ("assessment", "item", "self_score", "review_score", "comment", "prefill_note"), scores)
    _copy_history(ItemScore, "assessment_id", ids, actor_id, now)
    _insert(AssessmentEvent, ("assessment", "kind", "actor", "at", "comment"), events)
    _copy_history(AssessmentEvent, "assessment_id", ids, actor_id, now)
    return ids


def _decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# Writing rows and their history without model instances
# ------------------------------------------------------
# ``bulk_create_with_history`` builds two model instances per row (the row and its
# history); for Zhenghe's ~9,000 assessments, ~170,000 item scores and ~35,000 events
# that alone took ~20 s on SQLite, against a budget of 8 s for the whole evaluation
# build. So rows go in with ``executemany`` and their history rows are copied from them
# with ``INSERT … SELECT``: the same rows ``bulk_history_create`` writes (every tracked
# column, history date now, no change reason, type "+", the actor as history user), on
# SQLite and PostgreSQL alike. Identifiers come from model meta and are quoted; every
# value is a parameter.


def _insert(model: type[Model], fields: Sequence[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(quote(cast(Field, meta.get_field(f)).column) for f in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def _copy_history(model: type[Model], key: str, ids: list[int], actor_id: int | None, now: str | None) -> None:
    """Write a "created" history row for every row of ``model`` whose ``key`` column is in ``ids``."""
    quote = connection.ops.quote_name
    history = model.history.model  # type: ignore[attr-defined]
    tracked = ", ".join(quote(f.column) for f in history.tracked_fields)
    extra = ", ".join(quote(c) for c in ("history_date", "history_change_reason", "history_type", "history_user_id"))
    with connection.cursor() as cursor:
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {extra}) "  # noqa: S608
                f"SELECT {tracked}, %s, NULL, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(key)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, "+", actor_id, *chunk],
            )
