"""The A3 bulk path: the services' refusals, all-or-nothing, and the same results as the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from people.models import Post
from village_affairs import bulk, services
from village_affairs.models import (
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    LedgerEntry,
    PublishedImmutableError,
    PublishedMonth,
)
from village_affairs.selectors import statements_for
from village_affairs.tests.helpers import MEETING, appoint, aware, full_decision, one_shoulder

# (date, direction, category, amount, voucher, description): three months of a village's ledger.
ROWS = [
    (dt.date(2010, 1, 1), "income", "opening", "52000", "2010-01-001", "上年结转"),
    (dt.date(2010, 1, 8), "income", "subsidy_income", "12000.50", "2010-01-002", "转移支付"),
    (dt.date(2010, 1, 20), "expense", "administration", "845.20", "2010-01-003", "办公用品"),
    (dt.date(2010, 2, 3), "expense", "public_welfare", "6200", "2010-02-001", "村道维修"),
    (dt.date(2010, 2, 25), "income", "operating_income", "3300.05", "2010-02-002", "店面租金"),
    (dt.date(2010, 3, 9), "expense", "other_expense", "120.99", "2010-03-001", "临时救助"),
]
PUBLISH = {1: dt.date(2010, 2, 5), 2: dt.date(2010, 3, 18)}  # February published late


def _entries(village, rows=ROWS):
    return [
        LedgerEntry(village=village, date=d, direction=di, category=c, amount=a, voucher=v, description=t)
        for d, di, c, a, v, t in rows
    ]


def _finance(village, month, on):
    return Disclosure(
        village=village, kind=DisclosureKind.FINANCE, year=2010, period_number=month, published_at=aware(on)
    )


def _counts() -> tuple[int, ...]:
    return (
        LedgerEntry.objects.count(),
        LedgerEntry.history.count(),
        Disclosure.objects.count(),
        Disclosure.history.count(),
        PublishedMonth.objects.count(),
        PublishedMonth.history.count(),
        Decision.objects.count(),
        DecisionStep.objects.count(),
        DecisionStep.history.count(),
    )


# -- the ledger --------------------------------------------------------------------------


TOMORROW = timezone.localdate() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": "1.234"}, "最多保留两位小数"),
        ({"amount": "0"}, "必须大于零"),
        ({"amount": "-5"}, "必须大于零"),
        ({"amount": "abc"}, "必须是数字"),
        ({"voucher": "2010-01-002"}, "2010-01-002在2010年已使用"),  # same voucher as an earlier row
        ({"date": TOMORROW, "voucher": "X-1"}, "不能晚于今天"),
        ({"direction": "income"}, "科目与收支方向不一致"),
    ],
)
def test_one_bad_ledger_row_refuses_the_whole_batch(county, change, message):
    rows = _entries(county.village_a1)
    for key, value in change.items():
        setattr(rows[3], key, value)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        bulk.ledger_entries_bulk_create(rows)
    assert any(m.startswith("第4行") and message in m for m in exc.value.messages), exc.value.messages
    assert _counts() == before == (0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_ledger_voucher_clashes_with_the_books_but_not_another_year_or_village(county):
    services.ledger_entry_create(
        village=county.village_a1,
        date=dt.date(2010, 5, 2),
        direction="expense",
        category="administration",
        amount="10",
        voucher="2010-01-003",
        description="已有",
    )
    with pytest.raises(ValidationError, match="第3行"):
        bulk.ledger_entries_bulk_create(_entries(county.village_a1))
    assert LedgerEntry.objects.count() == 1
    other_year = [(d.replace(year=2011), *rest) for d, *rest in ROWS if d < dt.date(2010, 3, 1)]
    bulk.ledger_entries_bulk_create(_entries(county.village_a1, other_year) + _entries(county.village_a2))
    assert LedgerEntry.objects.count() == 1 + len(other_year) + len(ROWS)


def test_ledger_rows_in_a_published_month_are_refused_like_the_service(county):
    v = county.village_a1
    bulk.ledger_entries_bulk_create(_entries(v)[:3])
    bulk.disclosures_bulk_create([_finance(v, 1, dt.date(2010, 2, 5))])
    late = LedgerEntry(
        village=v,
        date=dt.date(2010, 1, 31),
        direction="income",
        category="other_income",
        amount="5",
        voucher="2010-01-009",
        description="补录",
    )
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_create(
            village=v,
            date=late.date,
            direction="income",
            category="other_income",
            amount="5",
            voucher="2010-01-010",
            description="补录",
        )
    with pytest.raises(ValidationError, match="2010-01的财务已公开"):
        bulk.ledger_entries_bulk_create([*_entries(v)[3:], late])
    assert LedgerEntry.objects.count() == 3
    bulk.ledger_entries_bulk_create(_entries(county.village_a2)[:2] + _entries(v)[3:])  # other villages, later months


def test_bulk_ledger_refuses_a_reversal_and_a_township(county):
    entry = bulk.ledger_entries_bulk_create(_entries(county.village_a1)[:1])[0]
    rows = _entries(county.village_a2)[:2]
    rows[0].corrects = entry
    rows[1].village = county.township_a
    with pytest.raises(ValidationError) as exc:
        bulk.ledger_entries_bulk_create(rows)
    assert [m[:3] for m in exc.value.messages] == ["第1行", "第2行"]
    assert LedgerEntry.objects.count() == 1


# -- disclosures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda v: _finance(v, 3, dt.date(2010, 3, 30)), "尚未结束"),
        (
            lambda v: Disclosure(
                village=v,
                kind="finance",
                year=2010,
                period_number=3,
                published_at=timezone.now() + dt.timedelta(hours=1),
            ),
            "不能晚于现在",
        ),
        (lambda v: _finance(v, 1, dt.date(2010, 2, 9)), "已经存在"),  # the same month as row 1
        (lambda v: _finance(v, 13, dt.date(2011, 2, 9)), "1到12之间"),
        (lambda v: Disclosure(village=v, kind="affairs", year=2010, period_number=5), "1到4之间"),
        (lambda v: Disclosure(village=v, kind="news", year=2010, period_number=1), "请选择公开类别"),
    ],
)
def test_one_bad_disclosure_refuses_the_whole_batch(county, bad, message):
    v = county.village_a1
    rows = [_finance(v, 1, dt.date(2010, 2, 5)), _finance(v, 2, dt.date(2010, 3, 5)), bad(v)]
    with pytest.raises(ValidationError) as exc:
        bulk.disclosures_bulk_create(rows)
    assert any(m.startswith("第3行") and message in m for m in exc.value.messages), exc.value.messages
    assert _counts() == (0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_a_disclosure_already_on_record_is_refused(county):
    v = county.village_a1
    services.disclosure_create(village=v, kind=DisclosureKind.AFFAIRS, year=2010, period_number=2)
    with pytest.raises(ValidationError, match="2010年第2季度的村务公开已经存在"):
        bulk.disclosures_bulk_create([Disclosure(village=v, kind="affairs", year=2010, period_number=2)])
    drafts = bulk.disclosures_bulk_create([Disclosure(village=v, kind="affairs", year=2010, period_number=1)])
    assert (
        drafts[0].status == "draft"
        and drafts[0].period_kind == "quarter"
        and drafts[0].title == "念山村2010年第1季度村务公开"
    )
    assert not PublishedMonth.objects.exists()


def _by_services(village) -> None:
    for d, di, c, a, v, t in ROWS:
        services.ledger_entry_create(
            village=village, date=d, direction=di, category=c, amount=a, voucher=v, description=t
        )
    for month, on in PUBLISH.items():
        draft = services.disclosure_create(
            village=village, kind=DisclosureKind.FINANCE, year=2010, period_number=month, content="收支见月报"
        )
        services.disclosure_publish(disclosure=draft, at=aware(on))
    services.disclosure_create(village=village, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1)


def _by_bulk(village) -> None:
    bulk.ledger_entries_bulk_create(_entries(village))
    bulk.disclosures_bulk_create(
        [
            Disclosure(
                village=village,
                kind="finance",
                year=2010,
                period_number=m,
                published_at=aware(on),
                content="收支见月报",
            )
            for m, on in PUBLISH.items()
        ]
        + [Disclosure(village=village, kind="affairs", year=2010, period_number=1)]
    )


def _picture(village) -> dict:
    statements = [
        (
            s.month,
            s.opening,
            [(x.category, x.amount) for x in s.income],
            [(x.category, x.amount) for x in s.expense],
            s.closing,
            s.frozen,
            s.published.published_at if s.published else None,
            [(e.date, e.direction, e.category, e.amount, e.voucher, e.description) for e in s.entries],
        )
        for s in statements_for(village, [(2010, m) for m in (1, 2, 3, 4)])
    ]
    disclosures = list(
        Disclosure.objects.filter(village=village)
        .order_by("kind", "period_number")
        .values_list("kind", "year", "period_kind", "period_number", "status", "published_at", "content")
    )
    months = list(
        PublishedMonth.objects.filter(village=village).values_list("year", "month", "last_day", "published_at")
    )
    return {"statements": statements, "disclosures": disclosures, "months": months}


def test_bulk_results_equal_what_the_services_produce(county):
    _by_services(county.village_a1)
    _by_bulk(county.village_a2)
    ours, theirs = _picture(county.village_a2), _picture(county.village_a1)
    assert ours == theirs
    assert [(s[0], s[4], s[5]) for s in ours["statements"]] == [
        (1, Decimal("63155.30"), True),
        (2, Decimal("60255.35"), True),
        (3, Decimal("60134.36"), False),
        (4, Decimal("60134.36"), False),
    ]
    a1, a2 = county.village_a1, county.village_a2
    assert [d.title.removeprefix(a2.name) for d in Disclosure.objects.filter(village=a2).order_by("pk")] == [
        d.title.removeprefix(a1.name) for d in Disclosure.objects.filter(village=a1).order_by("pk")
    ]
    assert LedgerEntry.history.filter(village=a2).count() == len(ROWS)
    assert Disclosure.history.filter(village=a2).count() == 3 and PublishedMonth.history.filter(village=a2).count() == 2


def test_a_month_published_in_bulk_is_frozen_for_the_services(county):
    v = county.village_a2
    _by_bulk(v)
    entry = LedgerEntry.objects.get(village=v, voucher="2010-02-001")
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_update(
            entry=entry,
            date=entry.date,
            direction="expense",
            category="public_welfare",
            amount="1",
            voucher="X",
            description="改",
        )
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_delete(entry=entry)
    with pytest.raises(PublishedImmutableError):
        services.disclosure_update(
            disclosure=Disclosure.objects.get(village=v, kind="finance", period_number=1), title="改", content="改"
        )
    reversal = services.ledger_entry_reverse(entry=entry, date=dt.date(2010, 3, 2), reason="金额有误")
    assert statements_for(v, [(2010, 3)])[0].closing == Decimal("60134.36") + Decimal("6200")
    assert reversal.voucher == "冲2010-02-001"
    services.ledger_entry_create(
        village=v,
        date=dt.date(2010, 3, 30),
        direction="income",
        category="other_income",
        amount="1",
        voucher="2010-03-002",
        description="三月未公开，可录入",
    )


# -- 四议两公开 ------------------------------------------------------------------------


def _plan(village, start=dt.date(2010, 3, 1), merged=False, **changes) -> bulk.DecisionPlan:
    """The same steps as helpers.full_decision, as a bulk plan; ``changes`` edit step n as ``n={...}``."""
    steps = []
    day, number = start, 1
    if merged:
        steps.append(DecisionStep(number=1, date=day, content="合并会议", merged=True, **MEETING))
        number = 3
    while number <= 6:
        kwargs: dict = {"content": f"第{number}步", "result": "通过"}
        if number <= 4:
            kwargs.update(MEETING)
        if number == 3:
            kwargs.update(due=30, present=25, votes_for=24, votes_against=1)
        if number == 4:
            kwargs.update(body="representatives", due=45, present=33, votes_for=30, votes_against=2, votes_abstain=1)
        if number == 6:
            day = day + dt.timedelta(days=6)
        kwargs.update(changes.get(f"s{number}", {}))
        steps.append(DecisionStep(number=number, date=kwargs.pop("date", day), **kwargs))
        day = day + dt.timedelta(days=2)
        number += 1
    return bulk.DecisionPlan(
        decision=Decision(village=village, title="修建村道", raised_by_name="村党支部"), steps=steps
    )


STEP_FIELDS = (
    "number",
    "date",
    "merged",
    "body",
    "basis",
    "due",
    "present",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "content",
    "result",
    "channel",
    "publicity_days",
)


def _steps(decision: Decision) -> list[tuple]:
    return list(decision.steps.order_by("number").values_list(*STEP_FIELDS))


@pytest.mark.parametrize("merged", [False, True])
def test_bulk_decisions_equal_the_services(county, merged):
    for v in (county.village_a1, county.village_a2):
        if merged:
            one_shoulder(v)
    by_service = full_decision(county.village_a1, merged=merged)
    services.decision_implementation_record(decision=by_service, started_on=dt.date(2010, 3, 16))
    plan = _plan(county.village_a2, merged=merged)
    plan.implementation_started_on = dt.date(2010, 3, 16)
    [by_bulk] = bulk.decisions_bulk_create([plan])
    assert _steps(by_bulk) == _steps(by_service)
    assert len(_steps(by_bulk)) == 6
    assert Decision.objects.get(pk=by_bulk.pk).implementation_started_on == dt.date(2010, 3, 16)
    assert DecisionStep.history.filter(decision_id=by_bulk.pk).count() == 6


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"s3": {"present": 19, "votes_for": 17}}, "到会人数不足"),  # 2/3 of 30 is 20
        ({"s4": {"votes_for": 16, "votes_against": 10}}, "未通过"),
        ({"s4": {"body": ""}}, "请选择村民会议或村民代表会议"),
        ({"s2": {"date": dt.date(2010, 2, 27)}}, "日期不能早于上一步骤"),
        ({"s6": {"date": dt.date(2010, 3, 12)}}, "公示期（5天）至2010-03-14届满"),
        ({"s5": {"publicity_days": -1}}, "公示期不能为负数"),
        ({"s3": {"content": "  "}}, "请填写内容"),
        ({"s1": {"merged": True}}, "非一肩挑"),
    ],
)
def test_one_bad_step_refuses_every_decision(county, changes, message):
    appoint(county.village_a1, Post.VILLAGE_SECRETARY, "陈书记")
    appoint(county.village_a1, Post.VILLAGE_DIRECTOR, "吴主任")
    plans = [_plan(county.village_a2), _plan(county.village_a1, **changes)]
    with pytest.raises(ValidationError) as exc:
        bulk.decisions_bulk_create(plans)
    assert any(m.startswith("第2行") and message in m for m in exc.value.messages), exc.value.messages
    assert _counts() == (0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_steps_out_of_order_or_in_the_future_are_refused(county):
    skipping = _plan(county.village_a1)
    del skipping.steps[2]
    future = _plan(county.village_a2, start=timezone.localdate())
    late_start = _plan(county.village_a2)
    late_start.implementation_started_on = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        bulk.decisions_bulk_create([skipping, future, late_start])
    assert [m[:3] for m in exc.value.messages] == ["第1行", "第2行", "第3行"]
    assert "下一步应是“党员大会审议”" in exc.value.messages[0]
    assert not Decision.objects.exists()


def test_a_decision_in_progress_and_the_services_carry_on(county):
    plan = _plan(county.village_a1)
    plan.steps = plan.steps[:4]
    [decision] = bulk.decisions_bulk_create([plan])
    step = services.decision_step_record(decision=decision, number=5, date=dt.date(2010, 3, 9), content="决议公告")
    assert step.publicity_days == 5
    with pytest.raises(ValidationError, match="届满前"):
        services.decision_step_record(decision=decision, number=6, date=dt.date(2010, 3, 10), content="结果")
