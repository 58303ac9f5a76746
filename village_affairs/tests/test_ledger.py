import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from village_affairs import services
from village_affairs.models import (
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    LedgerEntry,
    PublishedImmutableError,
    PublishedMonth,
)
from village_affairs.selectors import monthly_statement
from village_affairs.tests.helpers import aware, publish_month


def _entry(village, day=dt.date(2010, 4, 2), amount="500", voucher="V1", **kw):
    data = {"direction": "expense", "category": "public_welfare", "description": "修路"}
    data.update(kw)
    return services.ledger_entry_create(village=village, date=day, amount=amount, voucher=voucher, **data)


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "", "1.234", "NaN"])
def test_bad_amounts_are_refused(county, amount):
    with pytest.raises(ValidationError) as exc:
        _entry(county.village_a1, amount=amount)
    assert "amount" in exc.value.message_dict
    assert LedgerEntry.objects.count() == 0


def test_voucher_number_is_unique_per_village_and_year(county):
    _entry(county.village_a1)
    with pytest.raises(ValidationError, match="已使用"):
        _entry(county.village_a1, day=dt.date(2010, 5, 1))
    _entry(county.village_a1, day=dt.date(2011, 1, 5))
    _entry(county.village_a2)
    assert LedgerEntry.objects.count() == 3


def test_category_must_match_direction(county):
    with pytest.raises(ValidationError):
        _entry(county.village_a1, direction="income")
    assert LedgerEntry.objects.count() == 0


def test_monthly_statement_has_opening_categories_and_closing(county):
    v = county.village_a1
    services.ledger_entry_create(
        village=v,
        date=dt.date(2010, 3, 1),
        direction="income",
        category="opening",
        amount="2000",
        voucher="O",
        description="期初",
    )
    publish_month(v, 2010, 3)
    _entry(v, amount="300.25")
    s = monthly_statement(v, 2010, 4)
    assert s.opening == Decimal("10765.50")
    assert s.expense_total == Decimal("300.25")
    assert [(line.label, line.amount) for line in s.expense] == [("公益支出", Decimal("300.25"))]
    assert s.closing == Decimal("10465.25")


def test_publishing_a_month_freezes_its_entries_everywhere(county):
    v = county.village_a1
    publish_month(v, 2010, 3)
    entry = LedgerEntry.objects.filter(village=v).first()
    # service
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_update(
            entry=entry,
            date=entry.date,
            direction="income",
            category="subsidy_income",
            amount="1",
            voucher="X",
            description="x",
        )
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_delete(entry=entry)
    with pytest.raises(PublishedImmutableError):
        _entry(v, day=dt.date(2010, 3, 20), voucher="late")
    # model
    entry.amount = Decimal("1.00")
    with pytest.raises(PublishedImmutableError):
        entry.save()
    with pytest.raises(PublishedImmutableError):
        entry.delete()
    # database
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    village=v,
                    date=dt.date(2010, 3, 9),
                    direction="income",
                    category="other_income",
                    amount=Decimal("5"),
                    voucher="raw",
                    description="raw",
                )
            ]
        )
    entry.refresh_from_db()
    assert entry.amount == Decimal("10000.00")
    assert LedgerEntry.objects.count() == 2


def test_entries_of_open_months_can_still_change(county):
    v = county.village_a1
    publish_month(v, 2010, 3)
    e = _entry(v)
    services.ledger_entry_update(
        entry=e,
        date=e.date,
        direction="expense",
        category="public_welfare",
        amount="600",
        voucher="V1",
        description="修路",
    )
    assert LedgerEntry.objects.get(pk=e.pk).amount == Decimal("600.00")
    LedgerEntry.objects.filter(pk=e.pk).update(description="改摘要")  # the trigger lets open months through
    services.ledger_entry_delete(entry=e)
    assert not LedgerEntry.objects.filter(pk=e.pk).exists()


def test_a_reversing_entry_corrects_a_published_month_visibly(county):
    v = county.village_a1
    publish_month(v, 2010, 3)
    wrong = LedgerEntry.objects.get(village=v, category="administration")
    with pytest.raises(PublishedImmutableError):
        services.ledger_entry_reverse(entry=wrong, date=dt.date(2010, 3, 31), reason="金额错误")
    reversal = services.ledger_entry_reverse(entry=wrong, date=dt.date(2010, 4, 2), reason="金额错误")
    assert reversal.corrects == wrong and wrong.reversed_by == reversal
    assert reversal.effect == Decimal("1234.50")
    april = monthly_statement(v, 2010, 4)
    assert april.expense_total == Decimal("-1234.50")
    assert april.closing == monthly_statement(v, 2010, 3).closing + Decimal("1234.50")
    with pytest.raises(ValidationError, match="已被冲正"):
        services.ledger_entry_reverse(entry=wrong, date=dt.date(2010, 4, 3), reason="again")


def test_publishing_finance_before_the_month_ends_is_refused(county):
    d = services.disclosure_create(village=county.village_a1, kind=DisclosureKind.FINANCE, year=2010, period_number=3)
    with pytest.raises(ValidationError, match="尚未结束"):
        services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 3, 20)))
    d.refresh_from_db()
    assert d.status == DisclosureStatus.DRAFT
    assert PublishedMonth.objects.count() == 0


def test_published_disclosure_is_immutable_at_every_level(county):
    d = services.disclosure_create(
        village=county.village_a1, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1, content="低保名单"
    )
    services.disclosure_update(disclosure=d, title="一季度村务公开", content="低保名单（修订）")
    services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 4, 2)))
    with pytest.raises(PublishedImmutableError):
        services.disclosure_update(disclosure=d, title="x", content="x")
    with pytest.raises(PublishedImmutableError):
        services.disclosure_delete(disclosure=d)
    with pytest.raises(PublishedImmutableError):
        services.disclosure_publish(disclosure=d)
    d.content = "x"
    with pytest.raises(PublishedImmutableError):
        d.save()
    with pytest.raises(PublishedImmutableError):
        d.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.filter(pk=d.pk).update(content="raw")
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.filter(pk=d.pk).delete()
    fresh = Disclosure.objects.get(pk=d.pk)
    assert (fresh.title, fresh.content) == ("一季度村务公开", "低保名单（修订）")


def test_published_steps_and_months_refuse_raw_sql(county):
    from village_affairs.models import DecisionStep
    from village_affairs.tests.helpers import full_decision

    full_decision(county.village_a1)
    publish_month(county.village_a1, 2010, 3)
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionStep.objects.filter(number=5).update(content="raw")
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionStep.objects.filter(number=6).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        PublishedMonth.objects.all().delete()
    # Unpublished meeting steps are not frozen by the database.
    DecisionStep.objects.filter(number=1).update(result="通过（补记）")
    assert DecisionStep.objects.filter(number__gte=5).count() == 2
    assert DecisionStep.objects.get(number=5).content == "第5步"


def test_duplicate_disclosure_for_a_period_is_refused(county):
    services.disclosure_create(village=county.village_a1, kind="finance", year=2010, period_number=3)
    with pytest.raises(ValidationError, match="已经存在"):
        services.disclosure_create(village=county.village_a1, kind="finance", year=2010, period_number=3)
    with pytest.raises(ValidationError):
        services.disclosure_create(village=county.village_a1, kind="affairs", year=2010, period_number=5)
    assert Disclosure.objects.count() == 1
