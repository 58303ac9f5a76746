"""Fixtures for M2: a small standard (two items, 60 + 40 points), a period and assessments in it."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from evaluation import services
from evaluation.models import Assessment, AssessmentPeriod, Item, Standard, StandardCode


@dataclass
class Small:
    standard: Standard
    big: Item  # 60 points
    small: Item  # 40 points
    period: AssessmentPeriod


def make_small_standard(county, code: str = StandardCode.FIVE_GOOD) -> tuple[Standard, Item, Item]:
    standard = services.standard_create(county=county, code=code, name="测试标准")
    dimension = services.dimension_add(standard=standard, name="领导班子好")
    big = services.item_add(dimension=dimension, title="班子团结", points=Decimal("60"))
    small = services.item_add(dimension=dimension, title="制度健全", points=Decimal("40"))
    services.standard_activate(standard=standard, effective_from=dt.date(2010, 1, 1))
    return standard, big, small


def make_period(county) -> AssessmentPeriod:
    return services.period_create(
        county=county,
        year=2010,
        name="2010年度",
        start=dt.date(2010, 1, 1),
        end=dt.date(2010, 12, 31),
        self_deadline=dt.date(2010, 11, 30),
        review_deadline=dt.date(2010, 12, 15),
        approval_deadline=dt.date(2010, 12, 31),
    )


@pytest.fixture
def small(county) -> Small:
    standard, big, small_item = make_small_standard(county.county)
    return Small(standard, big, small_item, make_period(county.county))


def walk(
    assessment: Assessment, scores: tuple[str, str], until: str = "approved", review: tuple[str, str] | None = None
):
    """Move ``assessment`` through the steps with the given self (and review) scores."""
    items = list(Item.objects.filter(dimension__standard=assessment.standard).order_by("order"))
    services.scores_set(
        assessment=assessment, stage="self", scores={i.pk: Decimal(s) for i, s in zip(items, scores, strict=True)}
    )
    if until == "self":
        return assessment
    services.assessment_submit(assessment=assessment)
    if review:
        services.scores_set(
            assessment=assessment,
            stage="review",
            scores={i.pk: Decimal(s) for i, s in zip(items, review, strict=True) if s is not None},
        )
    if until == "review":
        return assessment
    services.assessment_review_submit(assessment=assessment)
    if until == "approval":
        return assessment
    services.assessment_approve(assessment=assessment)
    return assessment
