"""Pre-fill a member's Five-Lead assessment from their practice record (R-ONCE).

Registered for the ``"five_lead"`` standard through ``common.prefill`` (this module is
discovered at start-up). Items are found by dimension *name* (the five names are
fixed by the source) and by item *order* within the dimension, so a new standard
version with reworded items still maps; an item that does not exist is skipped.
Each score is capped at the item's points and rounded to 0.1; each note states the
facts it rests on, so the member and the reviewer can see why.

=================  =====  ==============================  =============================================
dimension          item   facts (from the period's year)  score
=================  =====  ==============================  =============================================
带头学习提高        2      trainings attended (P1)          points × min(sessions, 4) / 4
                                                            (no score, only a note, if P1 is missing)
带头争创佳绩        1      assigned posts, year-end stars  points × average stars / 5; assigned but not
                                                            yet rated: note only
带头争创佳绩        4      commitments kept                points − 2 per commitment due by the period's
                                                            end (or today) and not kept, at least 0
                                                            (the item's own guidance: "每有一项未兑现扣2分")
带头服务群众        1      confirmed volunteer hours       points × min(hours, 24) / 24
带头服务群众        2      households helped, visits       full points for ≥ 1 household with a visit in
                                                            the year; half for a pairing without visits
=================  =====  ==============================  =============================================

Commitments map to 带头争创佳绩 item 4 ("兑现公开承诺事项") rather than to 带头弘扬正气,
because that is where Zhenghe's standard scores them; 带头遵纪守法 and 带头弘扬正气 have
no practice facts and are left to the member. Facts with no record at all leave the
item empty (nothing pre-filled) rather than scoring it 0.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from common import clock
from common.prefill import prefill

from .selectors import PracticeRecord, practice_record

if TYPE_CHECKING:
    from evaluation.models import Assessment, Item

LEARN, EXCEL, SERVE = "带头学习提高", "带头争创佳绩", "带头服务群众"
TRAININGS_FOR_FULL = 4
HOURS_FOR_FULL = Decimal(24)
PENALTY_PER_UNKEPT = Decimal(2)
TENTH = Decimal("0.1")


def _score(points: Decimal, fraction: Decimal) -> Decimal:
    fraction = max(Decimal(0), min(Decimal(1), fraction))
    return min(points, (points * fraction).quantize(TENTH, rounding=ROUND_HALF_UP))


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def prefill_from_record(
    record: PracticeRecord, items: dict[tuple[str, int], "Item"]
) -> dict[int, tuple[Decimal | None, str]]:
    """Map one member's record onto the standard's items: ``{item_id: (score or None, note)}``."""
    out: dict[int, tuple[Decimal | None, str]] = {}

    item = items.get((LEARN, 2))
    if item is not None and record.trainings is not None and record.trainings.get("sessions"):
        sessions = int(record.trainings["sessions"])
        hours = Decimal(record.trainings.get("hours") or 0)
        out[item.pk] = (
            _score(item.points, Decimal(sessions) / TRAININGS_FOR_FULL),
            _("参加培训%(n)s次，共%(hours)s学时") % {"n": sessions, "hours": _hours(hours)},
        )

    item = items.get((EXCEL, 1))
    assigned = record.assigned_claims
    if item is not None and assigned:
        stars = record.stars
        posts = "、".join(f"{c.post.title}（{c.star_rating}星）" if c.star_rating else c.post.title for c in assigned)
        note = _("认领岗位%(n)s个：%(posts)s") % {"n": len(assigned), "posts": posts}
        score = _score(item.points, Decimal(sum(stars)) / (5 * len(stars))) if stars else None
        if not stars:
            note += _("；年终评星尚未进行")
        out[item.pk] = (score, note)

    item = items.get((EXCEL, 4))
    if item is not None and record.commitments:
        unkept = record.commitments_due_not_kept
        out[item.pk] = (
            max(Decimal(0), item.points - PENALTY_PER_UNKEPT * unkept),
            _("承诺%(n)s项，已兑现%(kept)s项，到期未兑现%(unkept)s项")
            % {"n": len(record.commitments), "kept": record.commitments_kept, "unkept": unkept},
        )

    item = items.get((SERVE, 1))
    if item is not None and (record.volunteer_hours or record.volunteer_pending_hours):
        note = _("志愿服务%(hours)s小时（支部已确认）") % {"hours": _hours(record.volunteer_hours)}
        if record.volunteer_pending_hours:
            note += _("，另有%(hours)s小时待确认") % {"hours": _hours(record.volunteer_pending_hours)}
        out[item.pk] = (_score(item.points, record.volunteer_hours / HOURS_FOR_FULL), note)

    item = items.get((SERVE, 2))
    if item is not None and record.aids:
        helped = record.households_helped
        fraction = Decimal(1) if record.visits else Decimal("0.5")
        out[item.pk] = (
            _score(item.points, fraction),
            _("结对帮扶困难户%(n)s户，走访%(visits)s次") % {"n": helped, "visits": record.visits},
        )
    return out


@prefill("practice.record", standard="five_lead")
def from_practice_record(assessment: "Assessment") -> dict[int, tuple[Decimal | None, str]]:
    """Pre-fill the member's Five-Lead items from their practice record of the period's year."""
    if assessment.person_id is None:
        return {}
    from evaluation.models import Item

    items = {
        (i.dimension.name, i.order): i
        for i in Item.objects.filter(dimension__standard_id=assessment.standard_id).select_related("dimension")
    }
    period = assessment.period
    record = practice_record([assessment.person_id], period.year, as_of=min(clock.today(), period.end))[
        assessment.person_id
    ]
    return prefill_from_record(record, items)
