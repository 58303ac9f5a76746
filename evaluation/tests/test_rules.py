"""R-ASSESS: missing or stuck assessments, by date, with the people accountable on that date."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.rules import evaluate
from evaluation import services
from people import services as people_services
from people.models import Post
from xianfeng.tests import factories as f

from .conftest import walk


def setup_findings(small, county):
    a1 = services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)
    walk(a1, ("50", "30"), until="self")
    b1 = services.assessment_start(period=small.period, standard=small.standard, organization=county.village_b1)
    walk(b1, ("50", "30"), until="review")
    for person, org, post in (
        ("村书记甲", county.village_a1, Post.VILLAGE_SECRETARY),
        ("村书记乙", county.village_a2, Post.VILLAGE_SECRETARY),
        ("东平书记", county.township_b, Post.TOWNSHIP_SECRETARY),
        ("包村干部", county.village_b1, Post.TOWNSHIP_CADRE_IN_CHARGE),
    ):
        people_services.appointment_create(
            person=f.person(county.village_a1, name=person), organization=org, post=post, start=dt.date(2009, 1, 1)
        )


def summary(findings):
    return sorted(
        (x.unit_name, x.severity, x.since.isoformat(), tuple(a.name for a in x.accountable)) for x in findings
    )


def test_two_dates_give_different_findings(small, county):
    setup_findings(small, county)
    early = evaluate(county.county, dt.date(2010, 11, 20), ["R-ASSESS"])
    assert summary(early) == [
        ("念山村", "amber", "2010-11-16", ("村书记甲",)),
        ("石门村", "amber", "2010-11-16", ("村书记乙",)),
    ]
    assert "未开展自评" in next(x for x in early if x.unit_name == "石门村").message_zh
    late = evaluate(county.county, dt.date(2010, 12, 20), ["R-ASSESS"])
    assert summary(late) == [
        ("东平村", "red", "2010-12-16", ("东平书记", "包村干部")),
        ("念山村", "red", "2010-12-01", ("村书记甲",)),
        ("石门村", "red", "2010-12-01", ("村书记乙",)),
    ]
    assert "乡镇审核中" in next(x for x in late if x.unit_name == "东平村").message_zh
    assert evaluate(county.county, dt.date(2010, 6, 30), ["R-ASSESS"]) == []


def test_approved_assessments_give_no_findings(small, county):
    for village in (county.village_a1, county.village_a2, county.village_b1):
        walk(
            services.assessment_start(period=small.period, standard=small.standard, organization=village), ("50", "30")
        )
    assert evaluate(county.county, dt.date(2010, 12, 31), ["R-ASSESS"]) == []


def test_rule_queries_do_not_grow_with_villages(small, county):
    setup_findings(small, county)
    with CaptureQueriesContext(connection) as few:
        evaluate(county.county, dt.date(2010, 12, 20), ["R-ASSESS"])
    for n in range(5):
        f.village(county.township_a, f"3{n:02d}")
    with CaptureQueriesContext(connection) as many:
        found = evaluate(county.county, dt.date(2010, 12, 20), ["R-ASSESS"])
    assert len(found) == 8
    assert len(many) == len(few)
