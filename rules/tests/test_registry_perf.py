"""HolderIndex: the county's appointments are read once per evaluate(), and a day selects as Appointment.on does."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.rules import evaluate
from people import services as people_services
from people.holders import HolderIndex
from people.models import Appointment, Post
from xianfeng.tests import factories as f


def _appoint(county):
    for name, org, post, start, end in (
        ("甲", county.village_a1, Post.VILLAGE_SECRETARY, dt.date(2009, 1, 1), dt.date(2010, 3, 31)),
        ("乙", county.village_a1, Post.VILLAGE_SECRETARY, dt.date(2010, 4, 1), None),
        ("丙", county.village_b1, Post.TOWNSHIP_CADRE_IN_CHARGE, dt.date(2010, 6, 1), dt.date(2010, 6, 30)),
    ):
        people_services.appointment_create(
            person=f.person(county.village_a1, name=name), organization=org, post=post, start=start, end=end
        )


def test_holder_index_selects_the_day_like_appointment_on(county) -> None:
    _appoint(county)
    for day in (
        dt.date(2008, 12, 31),
        dt.date(2010, 3, 31),
        dt.date(2010, 4, 1),
        dt.date(2010, 6, 30),
        dt.date(2011, 1, 1),
    ):
        index = HolderIndex(county.county, day)
        for org in (county.village_a1, county.village_b1):
            for post in (Post.VILLAGE_SECRETARY, Post.TOWNSHIP_CADRE_IN_CHARGE):
                expected = [
                    a.person.name
                    for a in Appointment.objects.on(day).filter(organization=org, post=post).order_by("start", "id")
                ]
                assert [a.name for a in index.get(org.pk, post)] == expected, (day, org.code, post)


def test_evaluate_reads_appointments_once_for_every_rule_and_day(county) -> None:
    _appoint(county)
    with CaptureQueriesContext(connection) as captured:
        evaluate(county.county, dt.date(2010, 12, 31))
    reads = [q["sql"] for q in captured if 'FROM "people_appointment"' in q["sql"]]
    # R-LEAD's selector reads the township secretaries itself; every HolderIndex shares one read.
    holder_reads = [sql for sql in reads if '"people_appointment"."post" =' not in sql]
    assert len(holder_reads) == 1, reads
