import datetime as dt
from decimal import Decimal

from branch_life import services
from branch_life.models import MeetingKind
from evaluation import services as evaluation
from evaluation.models import ItemScore

from .conftest import YEAR


def _period(county):
    return evaluation.period_create(
        county=county.county,
        year=YEAR,
        name=f"{YEAR}年度",
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 12, 31),
        self_deadline=dt.date(YEAR, 12, 31),
        review_deadline=dt.date(YEAR + 1, 1, 15),
        approval_deadline=dt.date(YEAR + 1, 1, 31),
    )


def _filled(assessment) -> dict:
    return {
        (s.item.dimension.name, s.item.order): (s.self_score, s.prefill_note)
        for s in ItemScore.objects.filter(assessment=assessment).select_related("item__dimension")
        if s.prefill_note
    }


def test_meetings_fill_five_good_and_attendance_and_dues_fill_five_lead(county, branch_a1):
    li = branch_a1["li"]
    # Every quarter's assembly and lecture, every month's committee and group meeting but December's.
    for month in range(1, 12):
        for kind in (MeetingKind.COMMITTEE, MeetingKind.GROUP):
            services.meeting_record(
                branch=county.village_a1, kind=kind, date=dt.date(YEAR, month, 5), topic="例会", attendance={}
            )
    for month in (2, 5, 8, 11):
        for kind in (MeetingKind.ASSEMBLY, MeetingKind.LECTURE):
            status = "absent" if (month, kind) == (11, MeetingKind.ASSEMBLY) else "present"
            services.meeting_record(
                branch=county.village_a1,
                kind=kind,
                date=dt.date(YEAR, month, 10),
                topic="学习",
                attendance={li.pk: status},
            )
    for month in range(1, 10):
        services.dues_pay(member=li, month=dt.date(YEAR, month, 1), amount=Decimal("0.50"))
    five_good, five_lead = evaluation.standards_install_zhenghe(
        county=county.county, effective_from=dt.date(YEAR, 1, 1)
    )
    period = _period(county)

    village = _filled(evaluation.assessment_start(period=period, standard=five_good, organization=county.village_a1))
    score, note = village[("党员队伍好", 1)]
    # due by 20 December: 4 + 4 quarters, 12 + 12 months = 32 periods; held 4 + 4 + 11 + 11 = 30.
    assert score == Decimal("3.8")  # 4 × 30 / 32
    assert "应开展32期，已开展30期" in note and "支委会11次" in note

    member = _filled(evaluation.assessment_start(period=period, standard=five_lead, person=li))
    assert member[("带头学习提高", 1)] == (
        Decimal("4"),
        "应参加组织生活8次：出席7次，请假0次，缺席1次",
    )
    # owed January–November (December has not ended on the 20th), paid 9: 5 × 9 / 11.
    assert member[("带头遵纪守法", 3)] == (Decimal("4.1"), "应交党费11个月，已交9个月，共4.5元")
