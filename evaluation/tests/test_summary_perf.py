"""The dashboard's fast paths agree with the plain ones, and its queries do not grow with rows."""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation import services
from evaluation.models import Assessment, AssessmentEvent, EventKind, Status
from evaluation.selectors import evaluation_summary
from evaluation.tests.conftest import make_period, make_small_standard, walk
from reports.dashboard import dashboard

YEAR = 2010


def _assessments(county):
    standard, _big, _small = make_small_standard(county.county)
    period = make_period(county.county)
    start = services.assessment_start
    walk(start(period=period, standard=standard, organization=county.village_a1), ("50", "30"))
    walk(start(period=period, standard=standard, organization=county.village_a2), ("40", "30"), until="review")
    walk(start(period=period, standard=standard, organization=county.village_b1), ("55", "35"), until="approval")
    return standard, period


def test_status_counts_and_approved_agree_with_with_status(county) -> None:
    standard, period = _assessments(county)
    # Same-instant events: the later id wins, as in with_status()'s ORDER BY at DESC, id DESC.
    a2 = Assessment.objects.get(organization=county.village_a2)
    at = timezone.now() + dt.timedelta(days=1)
    AssessmentEvent.objects.create(assessment=a2, kind=EventKind.APPROVED, at=at)
    AssessmentEvent.objects.create(assessment=a2, kind=EventKind.RETURNED_TO_REVIEW, at=at)
    AssessmentEvent.objects.create(assessment=a2, kind=EventKind.APPEALED, at=at + dt.timedelta(days=1))
    # An assessment without any workflow event counts as self-assessing.
    AssessmentEvent.objects.filter(assessment__organization=county.village_b1).delete()

    plain = Counter(
        (s, o, st)
        for s, o, st in Assessment.objects.with_status().values_list("standard_id", "organization_id", "status")  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
    )
    fast = Assessment.objects.all().status_counts("standard_id", "organization_id")
    assert {(s, o, st): n for (s, o), by in fast.items() for st, n in by.items()} == dict(plain)
    assert set(Assessment.objects.approved().values_list("pk", flat=True)) == set(
        Assessment.objects.with_status().filter(status=Status.APPROVED).values_list("pk", flat=True)  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
    )


def test_five_good_ranking_and_distribution_from_approved_totals(county) -> None:
    _assessments(county)
    evaluation = evaluation_summary(county.county, YEAR)
    assert [(r.code, r.total) for r in evaluation.ranking] == [(county.village_a1.code, Decimal("80"))]
    assert sum(g.count for g in evaluation.five_good) == 1


def test_evaluation_queries_do_not_grow_with_assessments(county) -> None:
    _assessments(county)
    with CaptureQueriesContext(connection) as few:
        dashboard(county.county, YEAR)
    services.assessment_review_submit(assessment=Assessment.objects.get(organization=county.village_a2))
    for village in (county.village_a2, county.village_b1):
        services.assessment_approve(assessment=Assessment.objects.get(organization=village))
    assert Assessment.objects.approved().count() == 3
    with CaptureQueriesContext(connection) as many:
        dashboard(county.county, YEAR)
    assert len(many) == len(few)
