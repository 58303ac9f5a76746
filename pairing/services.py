"""Writes for A1/A2. Pages, importers and the scenario loader all call these."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from common.checks import not_in_future, parse_amount
from organizations.models import Organization, OutsideUnit
from people.models import Cadre, Household, Person

from .models import (
    UNIT_KINDS,
    CoBuildingActivity,
    Contribution,
    FiveTogether,
    FiveTogetherTag,
    HelpKind,
    HelpTag,
    Outcome,
    OutcomeType,
    Pairing,
    Posting,
    PostingBatch,
    overlaps,
)


def _not_in_future(day: dt.date, what: str) -> None:
    not_in_future(day, what=_("%(what)s的日期") % {"what": what})


def _tags(values: Iterable[str], choices: type[models.TextChoices], field: str) -> list[str]:
    tags = list(dict.fromkeys(values))
    unknown = [t for t in tags if t not in choices.values]
    if unknown:
        raise ValidationError(
            {field: ValidationError(_("未知的类别：%(tags)s。") % {"tags": "、".join(unknown)}, code="unknown_kind")}
        )
    return tags


def _refuse_overlapping_pairing(pairing: Pairing) -> None:
    """The same two sides may not be paired twice at the same time."""
    others = Pairing.objects.filter(kind=pairing.kind, village=pairing.village).filter(
        overlaps(pairing.start, pairing.end)
    )
    if pairing.pk:
        others = others.exclude(pk=pairing.pk)
    if pairing.kind in UNIT_KINDS:
        others = others.filter(unit=pairing.unit)
    else:
        others = others.filter(
            urban_person=pairing.urban_person, rural_person=pairing.rural_person, household=pairing.household
        )
    clash = others.first()
    if clash is not None:
        raise ValidationError(
            _("%(pairing)s已有一项时间重叠的结对（%(start)s起）。")
            % {"pairing": str(pairing), "start": clash.start.isoformat()},
            code="overlap",
        )


@transaction.atomic
def pairing_create(
    *,
    kind: str,
    village: Organization,
    start: dt.date,
    end: dt.date | None = None,
    unit: OutsideUnit | None = None,
    urban_person: Person | None = None,
    rural_person: Person | None = None,
    household: Household | None = None,
    note: str = "",
) -> Pairing:
    """Create a pairing; refuse a wrong unit kind, a non-village, end before start, or an overlap."""
    pairing = Pairing(
        kind=kind,
        village=village,
        unit=unit,
        urban_person=urban_person,
        rural_person=rural_person,
        household=household,
        start=start,
        end=end,
        note=note,
    )
    pairing.full_clean()
    _refuse_overlapping_pairing(pairing)
    pairing.save()
    return pairing


@transaction.atomic
def pairing_end(*, pairing: Pairing, end: dt.date) -> Pairing:
    pairing.end = end
    pairing.full_clean()
    _refuse_overlapping_pairing(pairing)
    pairing.save()
    return pairing


@transaction.atomic
def posting_batch_create(
    *, county: Organization, number: int, start: dt.date, end: dt.date, name: str = ""
) -> PostingBatch:
    if PostingBatch.objects.filter(county=county, number=number).exists():
        raise ValidationError(
            {"number": ValidationError(_("该县已有第%(number)s批挂职。") % {"number": number}, code="batch_exists")}
        )
    batch = PostingBatch(
        county=county,
        number=number,
        start=start,
        end=end,
        name=name or _("%(county)s第%(number)s批挂职帮扶") % {"county": county.name, "number": number},
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def posting_create(
    *,
    batch: PostingBatch,
    cadre: Cadre,
    village: Organization,
    start: dt.date | None = None,
    end: dt.date | None = None,
    duties: str = "",
) -> Posting:
    """Post a cadre to a village; the term defaults to the batch's and may not overlap another posting."""
    posting = Posting(
        batch=batch, cadre=cadre, village=village, start=start or batch.start, end=end or batch.end, duties=duties
    )
    posting.full_clean()
    # Lock the cadre's postings so two concurrent requests cannot both pass the check.
    clash = (
        Posting.objects.select_for_update()
        .filter(cadre=cadre)
        .filter(overlaps(posting.start, posting.end))
        .select_related("batch", "village")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "cadre": ValidationError(
                    _("%(name)s已在%(batch)s挂职于%(village)s（%(start)s至%(end)s），与本次任期重叠。")
                    % {
                        "name": cadre.person.name,
                        "batch": clash.batch.name,
                        "village": clash.village.name,
                        "start": clash.start.isoformat(),
                        "end": clash.end.isoformat(),
                    },
                    code="overlap",
                )
            }
        )
    posting.save()
    return posting


@transaction.atomic
def contribution_add(
    *,
    date: dt.date,
    description: str,
    kinds: Iterable[str] = (),
    pairing: Pairing | None = None,
    posting: Posting | None = None,
    recorded_by=None,
) -> Contribution:
    """Record what a pairing or posting delivered, tagged by the five kinds of help."""
    tags = _tags(kinds, HelpKind, "kinds")
    _not_in_future(date, _("帮扶实效"))
    contribution = Contribution(
        pairing=pairing, posting=posting, date=date, description=description, recorded_by=recorded_by
    )
    contribution.full_clean()
    contribution.save()
    HelpTag.objects.bulk_create([HelpTag(contribution=contribution, kind=k) for k in tags])
    return contribution


@transaction.atomic
def activity_add(
    *,
    pairing: Pairing,
    date: dt.date,
    title: str,
    description: str = "",
    kinds: Iterable[str] = (),
    recorded_by=None,
) -> CoBuildingActivity:
    """Log a co-building activity of a unit–village pairing, tagged by the Five Together."""
    tags = _tags(kinds, FiveTogether, "kinds")
    _not_in_future(date, _("共建活动"))
    activity = CoBuildingActivity(
        pairing=pairing, date=date, title=title, description=description, recorded_by=recorded_by
    )
    activity.full_clean()
    activity.save()
    FiveTogetherTag.objects.bulk_create([FiveTogetherTag(activity=activity, kind=k) for k in tags])
    return activity


@transaction.atomic
def outcome_add(
    *,
    pairing: Pairing,
    date: dt.date,
    type: str,
    title: str,
    amount: Decimal | int | str | None = None,
    recorded_by=None,
) -> Outcome:
    """Record an outcome; funds are exact 元 (never float), jobs and schooling are whole counts."""
    if type == OutcomeType.FUNDS:
        # Money like every other amount (digits, to the fen, at most 1亿元); the model says it is required.
        amount = parse_amount(amount, required=False)
    elif isinstance(amount, float):
        parse_amount(amount)  # refuses floats (the model checks counts by the outcome's type)
    _not_in_future(date, _("共建成果"))
    outcome = Outcome(pairing=pairing, date=date, type=type, title=title, amount=amount, recorded_by=recorded_by)
    outcome.full_clean()
    outcome.save()
    return outcome
