import datetime as dt
from decimal import Decimal

from django.test import override_settings

from branch_life import services
from branch_life.models import MeetingKind
from branch_life.sections import report_paragraph, theme_days
from common.figures import compute_figures
from common.rules import evaluate

from .conftest import YEAR


def _meeting(county, kind, day, attendance=None):
    return services.meeting_record(
        branch=county.village_a1, kind=kind, date=day, topic=f"{kind} {day}", attendance=attendance or {}
    )


def _monthly_findings(county, on, kind=MeetingKind.COMMITTEE):
    label = str(MeetingKind(kind).label)
    return [
        x
        for x in evaluate(county.village_a1, on, ["R-MEETING"])
        if label in x.message_zh and x.unit == county.village_a1.code
    ]


def test_r_meeting_finds_a_missed_month_and_forgets_it_once_a_meeting_is_recorded(county, branch_a1):
    _meeting(county, MeetingKind.COMMITTEE, dt.date(YEAR, 10, 15))
    assert _monthly_findings(county, dt.date(YEAR, 11, 30)) == []  # November may still hold one
    (red,) = _monthly_findings(county, dt.date(YEAR, 12, 1))
    assert red.since == dt.date(YEAR, 12, 1)
    assert [a.name for a in red.accountable] == ["陈书记"]  # the branch secretary
    _meeting(county, MeetingKind.COMMITTEE, dt.date(YEAR, 11, 20))
    assert _monthly_findings(county, dt.date(YEAR, 12, 1)) == []


def test_r_meeting_reads_the_countys_cadence_table(county, branch_a1):
    _meeting(county, MeetingKind.COMMITTEE, dt.date(YEAR, 10, 15))
    services.cadence_set(county=county.county, kind=MeetingKind.COMMITTEE, months=3)
    assert _monthly_findings(county, dt.date(YEAR, 12, 20)) == []  # quarterly: due by the end of the next quarter
    (red,) = _monthly_findings(county, dt.date(YEAR + 1, 4, 1))
    assert red.since == dt.date(YEAR + 1, 4, 1)


def test_r_meeting_takes_a_constant_number_of_queries(county, branch_a1, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        list(evaluate(county.county, dt.date(YEAR, 12, 20), ["R-MEETING"]))


def test_a_county_keeping_no_branch_life_in_xianfeng_is_not_judged_by_it(county, branch_a1):
    on = dt.date(YEAR, 12, 20)
    assert evaluate(county.county, on, ["R-MEETING", "R-DUES"]) == []
    _meeting(county, MeetingKind.THEME_DAY, dt.date(YEAR, 12, 1))  # now it does: 东平村 never met
    assert any(x.unit == county.village_b1.code for x in evaluate(county.county, on, ["R-MEETING"]))


def _dues(county, on):
    return [x for x in evaluate(county.county, on, ["R-DUES"]) if "李党员" in x.message_zh]


def test_r_dues_flags_six_unpaid_months_without_a_reason(county, branch_a1):
    li = branch_a1["li"]
    with override_settings(XIANFENG_TODAY="2010-06-20"):
        services.dues_pay(member=li, month=dt.date(YEAR, 5, 1), amount=Decimal("0.50"))
    assert _dues(county, dt.date(YEAR, 11, 30)) == []  # June–October: five months
    (red,) = _dues(county, dt.date(YEAR, 12, 1))  # June–November: six
    assert red.since == dt.date(YEAR, 12, 1) and red.unit == county.village_a1.code
    assert [a.name for a in red.accountable] == ["陈书记"]
    services.dues_pay(member=li, month=dt.date(YEAR, 8, 1), amount=Decimal("0.50"))
    assert _dues(county, dt.date(YEAR, 12, 20)) == []


def test_r_dues_is_silent_while_a_reason_is_recorded(county, branch_a1):
    li = branch_a1["li"]
    with override_settings(XIANFENG_TODAY="2010-06-20"):
        services.dues_pay(member=li, month=dt.date(YEAR, 5, 1), amount=Decimal("0.50"))
    assert len(_dues(county, dt.date(YEAR, 12, 20))) == 1
    services.arrears_reason_record(member=li, start=dt.date(YEAR, 6, 1), reason="外出务工，联系中断后已恢复")
    assert _dues(county, dt.date(YEAR, 12, 20)) == []


def test_the_figures_count_meetings_theme_days_dues_and_notices(county, personas, branch_a1):
    before = compute_figures(county.county, YEAR)
    for key in ("organizational_life_meetings", "theme_party_days", "party_dues_collected_yuan", "notices_sent"):
        assert before[key] == 0
    _meeting(county, MeetingKind.THEME_DAY, dt.date(YEAR, 7, 1))
    _meeting(county, MeetingKind.LECTURE, dt.date(YEAR, 7, 2))
    _meeting(county, MeetingKind.THEME_DAY, dt.date(YEAR - 1, 7, 1))  # another year
    services.dues_pay(member=branch_a1["li"], month=dt.date(YEAR, 1, 1), amount=Decimal("0.50"))
    services.dues_pay(member=branch_a1["wang"], month=dt.date(YEAR, 2, 1), amount=Decimal("1.00"))
    services.notice_send(
        origin=county.county, target=county.county, title="t", body="b", deadline=dt.date(YEAR, 12, 31)
    )
    after = compute_figures(county.county, YEAR)
    assert after["organizational_life_meetings"] == 2
    assert after["theme_party_days"] == 1
    assert Decimal(after["party_dues_collected_yuan"]) == Decimal("1.50")
    assert after["notices_sent"] == 1
    assert compute_figures(county.township_b, YEAR)["organizational_life_meetings"] == 0
    assert "2次" in report_paragraph(after, "全县")["text"]
    section = theme_days(county.village_a1)  # the public village page: this year's theme days, date and topic
    assert section["count"] == 1 and section["theme_days"] == [
        {"date": dt.date(YEAR, 7, 1), "topic": f"{MeetingKind.THEME_DAY} {dt.date(YEAR, 7, 1)}"}
    ]
    assert theme_days(county.village_a2) is None
