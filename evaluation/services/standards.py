"""Writes for the M2 standards (versioned, items adding up to the total) and the assessment periods."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from common import clock
from common.services import clean_and_save
from organizations.models import Organization

from .. import standards_zhenghe
from ..models import (
    DEFAULT_BANDS,
    AssessmentEvent,
    AssessmentPeriod,
    Dimension,
    EventKind,
    Grade,
    GradeBand,
    Item,
    Standard,
    StandardCode,
    StandardStatus,
    Subject,
)

SUBJECT_OF = {StandardCode.FIVE_GOOD: Subject.ORGANIZATION, StandardCode.FIVE_LEAD: Subject.MEMBER}

# -- standards -------------------------------------------------------------------


def standard_is_frozen(standard: Standard) -> bool:
    """Return whether a closed (approved) assessment uses this version."""
    return AssessmentEvent.objects.filter(assessment__standard=standard, kind=EventKind.APPROVED).exists()


def _assert_editable(standard: Standard) -> None:
    if standard_is_frozen(standard):
        raise ValidationError(_("该标准版本已用于已审定的考评，不能修改；请创建新版本后修改。"), code="frozen")
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的标准可以修改；请创建新版本后修改。"), code="not_draft")


@transaction.atomic
def standard_create(
    *,
    county: Organization,
    code: str,
    name: str,
    subject: str | None = None,
    total_points: Decimal = Decimal("100"),
    effective_from: dt.date | None = None,
) -> Standard:
    """Create a draft standard, as the next version of ``code`` in ``county``, with default grade bands."""
    last = Standard.objects.filter(county=county, code=code).aggregate(v=Max("version"))["v"] or 0
    standard = clean_and_save(
        Standard(
            county=county,
            code=code,
            name=name,
            subject=subject or SUBJECT_OF.get(StandardCode(code), Subject.ORGANIZATION),
            total_points=Decimal(total_points),
            version=last + 1,
            effective_from=effective_from,
        )
    )
    GradeBand.objects.bulk_create(GradeBand(standard=standard, grade=g, minimum=m) for g, m in DEFAULT_BANDS)
    return standard


@transaction.atomic
def standard_update(
    *, standard: Standard, name: str, total_points: Decimal, effective_from: dt.date | None = None
) -> Standard:
    _assert_editable(standard)
    standard.name = name
    standard.total_points = Decimal(total_points)
    standard.effective_from = effective_from
    return clean_and_save(standard)


@transaction.atomic
def dimension_add(*, standard: Standard, name: str, order: int | None = None) -> Dimension:
    _assert_editable(standard)
    if order is None:
        order = (standard.dimensions.aggregate(o=Max("order"))["o"] or 0) + 1
    return clean_and_save(Dimension(standard=standard, name=name, order=order))


@transaction.atomic
def item_add(
    *,
    dimension: Dimension,
    title: str,
    points: Decimal,
    guidance: str = "",
    evidence_wanted: str = "",
    order: int | None = None,
) -> Item:
    _assert_editable(dimension.standard)
    if order is None:
        order = (dimension.items.aggregate(o=Max("order"))["o"] or 0) + 1
    return clean_and_save(
        Item(
            dimension=dimension,
            title=title,
            points=Decimal(points),
            guidance=guidance,
            evidence_wanted=evidence_wanted,
            order=order,
        )
    )


@transaction.atomic
def item_update(*, item: Item, title: str, points: Decimal, guidance: str = "", evidence_wanted: str = "") -> Item:
    _assert_editable(item.dimension.standard)
    item.title = title
    item.points = Decimal(points)
    item.guidance = guidance
    item.evidence_wanted = evidence_wanted
    return clean_and_save(item)


@transaction.atomic
def item_delete(*, item: Item) -> None:
    _assert_editable(item.dimension.standard)
    item.delete()


@transaction.atomic
def grade_bands_set(*, standard: Standard, minimums: Mapping[str, Decimal]) -> list[GradeBand]:
    """Set the minimum score of each grade; they must fall strictly from 优秀 to 不合格 within the total."""
    _assert_editable(standard)
    order = [g for g, _m in DEFAULT_BANDS]
    values = [Decimal(minimums[g]) for g in order]
    for grade, value in zip(order, values, strict=True):
        if value < 0 or value > standard.total_points:
            raise ValidationError(
                _("「%(grade)s」的分数线 %(value)s 应在 0 到 %(total)s 之间。"),
                params={"grade": Grade(grade).label, "value": value, "total": standard.total_points},
                code="band_out_of_range",
            )
    if any(a <= b for a, b in zip(values, values[1:], strict=False)):
        raise ValidationError(_("分数线必须从优秀到不合格依次降低。"), code="band_order")
    bands = []
    for grade, value in zip(order, values, strict=True):
        band, _created = GradeBand.objects.update_or_create(standard=standard, grade=grade, defaults={"minimum": value})
        bands.append(band)
    return bands


def standard_points_sum(standard: Standard) -> Decimal:
    total = Item.objects.filter(dimension__standard=standard).aggregate(s=Sum("points"))["s"] or Decimal("0")
    return Decimal(total).quantize(Decimal("0.1"))


@transaction.atomic
def standard_activate(*, standard: Standard, effective_from: dt.date | None = None) -> Standard:
    """Put a draft into use; its item points must add up to its total. The previous active version retires."""
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的标准可以启用。"), code="not_draft")
    actual = standard_points_sum(standard)
    if actual != standard.total_points:
        raise ValidationError(
            _("各项分值合计为 %(actual)s 分，应为 %(expected)s 分，不能启用。"),
            code="points_sum",
            params={"actual": actual, "expected": Decimal(standard.total_points).quantize(Decimal("0.1"))},
        )
    Standard.objects.filter(county=standard.county, code=standard.code, status=StandardStatus.ACTIVE).update(
        status=StandardStatus.RETIRED
    )
    standard.status = StandardStatus.ACTIVE
    standard.effective_from = effective_from or standard.effective_from or clock.today()
    return clean_and_save(standard)


@transaction.atomic
def standard_new_version(*, standard: Standard) -> Standard:
    """Copy ``standard`` (dimensions, items, grade bands) into a new draft version; the original is untouched."""
    copy = standard_create(
        county=standard.county,
        code=standard.code,
        name=standard.name,
        subject=standard.subject,
        total_points=standard.total_points,
    )
    for band in standard.bands.all():
        GradeBand.objects.filter(standard=copy, grade=band.grade).update(minimum=band.minimum)
    for dimension in standard.dimensions.prefetch_related("items"):
        new_dimension = Dimension.objects.create(standard=copy, order=dimension.order, name=dimension.name)
        Item.objects.bulk_create(
            Item(
                dimension=new_dimension,
                order=i.order,
                title=i.title,
                points=i.points,
                guidance=i.guidance,
                evidence_wanted=i.evidence_wanted,
            )
            for i in dimension.items.all()
        )
    return copy


@transaction.atomic
def standard_install(
    *,
    county: Organization,
    code: str,
    name: str,
    dimensions: list[tuple[str, list[tuple[str, Decimal, str, str]]]],
    effective_from: dt.date | None = None,
) -> Standard:
    standard = standard_create(county=county, code=code, name=name)
    for order, (dimension_name, items) in enumerate(dimensions, start=1):
        dimension = Dimension.objects.create(standard=standard, order=order, name=dimension_name)
        Item.objects.bulk_create(
            Item(dimension=dimension, order=i, title=t, points=p, guidance=g, evidence_wanted=e)
            for i, (t, p, g, e) in enumerate(items, start=1)
        )
    return standard_activate(standard=standard, effective_from=effective_from)


@transaction.atomic
def standards_install_zhenghe(
    *, county: Organization, effective_from: dt.date | None = None
) -> tuple[Standard, Standard]:
    """Install Zhenghe's Five-Good (23 items) and Five-Lead (19 items) standards as active versions.

    Idempotent: a code that already has an active version in the county is left as it is.
    """
    result = []
    for code, name, dimensions in (
        (StandardCode.FIVE_GOOD, standards_zhenghe.FIVE_GOOD_NAME, standards_zhenghe.FIVE_GOOD),
        (StandardCode.FIVE_LEAD, standards_zhenghe.FIVE_LEAD_NAME, standards_zhenghe.FIVE_LEAD),
    ):
        active = Standard.objects.filter(county=county, code=code, status=StandardStatus.ACTIVE).first()
        result.append(
            active
            or standard_install(
                county=county, code=code, name=name, dimensions=dimensions, effective_from=effective_from
            )
        )
    return result[0], result[1]


# -- periods ---------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    county: Organization,
    year: int,
    name: str,
    start: dt.date,
    end: dt.date,
    self_deadline: dt.date,
    review_deadline: dt.date,
    approval_deadline: dt.date,
) -> AssessmentPeriod:
    return clean_and_save(
        AssessmentPeriod(
            county=county,
            year=year,
            name=name,
            start=start,
            end=end,
            self_deadline=self_deadline,
            review_deadline=review_deadline,
            approval_deadline=approval_deadline,
        )
    )
