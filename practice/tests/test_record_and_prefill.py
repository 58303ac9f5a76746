"""The practice record (R-ONCE) in constant queries, and the Five-Lead pre-fill it feeds."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from evaluation import services as evaluation
from evaluation.models import ItemScore
from practice import services
from practice.selectors import practice_record
from xianfeng.tests import factories as f

from .conftest import YEAR


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def build_record(post, member, household, admin=None):
    claim = services.claim_assign(claim=services.post_claim(post=post, member=member), actor=admin)
    services.claim_rate(claim=claim, stars=4, actor=admin)
    kept, missed = (
        services.commitment_make(
            member=member, year=YEAR, text=t, deadline=dt.date(YEAR, 6, 30), promised_on=dt.date(YEAR, 1, 10)
        )
        for t in ("修通村道", "办茶叶合作社")
    )
    services.commitment_report(commitment=kept, date=dt.date(YEAR, 6, 20), text="村道已通", done=True)
    for day in (1, 2):
        entry = services.volunteer_log(
            member=member, start=aware(YEAR, 4, day, 8), end=aware(YEAR, 4, day, 14), activity="义务劳动"
        )
        services.volunteer_confirm(entry=entry)
    services.volunteer_log(member=member, start=aware(YEAR, 5, 1, 8), end=aware(YEAR, 5, 1, 10), activity="待确认")
    aid = services.household_aid_start(member=member, household=household, start=dt.date(YEAR, 2, 1))
    services.aid_visit_add(aid=aid, date=dt.date(YEAR, 3, 3), note="送药")
    return claim


def test_the_record_gathers_every_fact_of_the_year(post, personas, household):
    build_record(post, personas.member_person, household)
    record = practice_record([personas.member_person.pk], YEAR, as_of=dt.date(YEAR, 12, 31))[personas.member_person.pk]
    assert [c.post.title for c in record.assigned_claims] == ["茶叶带富岗"]
    assert record.stars == [4]
    assert (len(record.commitments), record.commitments_kept, record.commitments_due_not_kept) == (2, 1, 1)
    assert (record.volunteer_hours, record.volunteer_pending_hours) == (Decimal("12.0"), Decimal("2.0"))
    assert (record.households_helped, record.visits) == (1, 1)
    # Another year holds none of it, but the open-ended pairing still runs (with no visits yet).
    later = practice_record([personas.member_person.pk], YEAR + 1)[personas.member_person.pk]
    assert not (later.claims or later.commitments or later.volunteer_entries)
    assert (later.households_helped, later.visits) == (1, 0)


def test_the_record_of_many_members_takes_a_constant_number_of_queries(
    post, personas, household, county, django_assert_max_num_queries
):
    build_record(post, personas.member_person, household)
    others = [f.member(county.village_a1, county.group_a1) for _ in range(5)]
    for other in others:
        services.commitment_make(
            member=other, year=YEAR, text="承诺", deadline=dt.date(YEAR, 6, 30), promised_on=dt.date(YEAR, 1, 10)
        )
    with django_assert_max_num_queries(8):
        records = practice_record([personas.member_person.pk, *(o.pk for o in others)], YEAR)
    assert len(records) == 6


def test_starting_a_five_lead_assessment_prefills_items_from_the_record(post, personas, household, county):
    build_record(post, personas.member_person, household)
    _good, five_lead = evaluation.standards_install_zhenghe(county=county.county, effective_from=dt.date(YEAR, 1, 1))
    period = evaluation.period_create(
        county=county.county,
        year=YEAR,
        name=f"{YEAR}年度",
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 12, 31),
        self_deadline=dt.date(YEAR, 12, 31),
        review_deadline=dt.date(YEAR + 1, 1, 15),
        approval_deadline=dt.date(YEAR + 1, 1, 31),
    )
    assessment = evaluation.assessment_start(period=period, standard=five_lead, person=personas.member_person)
    filled = {
        (s.item.dimension.name, s.item.order): (s.self_score, s.prefill_note)
        for s in ItemScore.objects.filter(assessment=assessment).select_related("item__dimension")
        if s.prefill_note
    }
    assert filled[("带头争创佳绩", 1)] == (Decimal("4.0"), "认领岗位1个：茶叶带富岗（4星）")
    assert filled[("带头争创佳绩", 4)] == (Decimal("3.0"), "承诺2项，已兑现1项，到期未兑现1项")
    assert filled[("带头服务群众", 1)] == (Decimal("2.5"), "志愿服务12小时（支部已确认），另有2小时待确认")
    assert filled[("带头服务群众", 2)] == (Decimal("5.0"), "结对帮扶困难户1户，走访1次")
    # 带头遵纪守法 and 带头弘扬正气 have no practice facts: left to the member.
    assert not {k for k in filled if k[0] in ("带头遵纪守法", "带头弘扬正气")}


def test_a_member_without_practice_records_gets_no_prefill(personas, county):
    _good, five_lead = evaluation.standards_install_zhenghe(county=county.county, effective_from=dt.date(YEAR, 1, 1))
    period = evaluation.period_create(
        county=county.county,
        year=YEAR,
        name=f"{YEAR}年度",
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 12, 31),
        self_deadline=dt.date(YEAR, 12, 31),
        review_deadline=dt.date(YEAR + 1, 1, 15),
        approval_deadline=dt.date(YEAR + 1, 1, 31),
    )
    assessment = evaluation.assessment_start(period=period, standard=five_lead, person=personas.member_person)
    assert not ItemScore.objects.filter(assessment=assessment).exclude(prefill_note="").exists()
