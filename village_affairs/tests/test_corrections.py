# ruff: noqa: S608 - raw statements built from constants and primary keys, to be refused
"""Correcting a published disclosure: a new disclosure that references it; the original never changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from common.figures import FIGURES
from village_affairs import services
from village_affairs.corrections import disclosure_correct
from village_affairs.models import Disclosure, DisclosureKind, DisclosureStatus, PublishedMonth
from village_affairs.selectors import publication_dates
from village_affairs.tests.helpers import aware, publish_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(county):
    """Village b1's published affairs disclosure of 2010 Q1 (published on time, 2 April)."""
    d = services.disclosure_create(
        village=county.village_b1, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1, content="修路花费3万元"
    )
    services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 4, 2)))
    return Disclosure.objects.get(pk=d.pk)


def _codes(exc: pytest.ExceptionInfo) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _row(d: Disclosure) -> tuple:
    return Disclosure.objects.filter(pk=d.pk).values_list(
        "title", "content", "status", "published_at", "corrects_id", "correction_reason"
    )[0]


def test_a_correction_is_a_new_disclosure_and_the_original_stays_as_it_was(original):
    before = _row(original)
    correction = disclosure_correct(original=original, content="修路花费2.8万元", reason="金额抄错")
    assert correction.pk != original.pk and correction.corrects_id == original.pk
    assert correction.status == DisclosureStatus.DRAFT and correction.title == f"更正：{original.title}"
    assert (correction.kind, correction.year, correction.period_number) == ("affairs", 2010, 1)
    services.disclosure_publish(disclosure=correction, at=aware(dt.date(2010, 5, 20)))
    assert _row(original) == before  # never altered
    assert set(Disclosure.objects.filter(status="published").values_list("pk", flat=True)) == {
        original.pk,
        correction.pk,
    }


def test_a_correction_does_not_count_as_a_further_disclosure_nor_make_the_original_late(original, county):
    correction = disclosure_correct(original=original, content="更正后", reason="笔误")
    services.disclosure_publish(disclosure=correction, at=aware(dt.date(2010, 6, 1)))  # after the deadline
    dates = publication_dates([county.village_b1.pk])
    assert list(dates.values()) == [dt.date(2010, 4, 2)]  # the original's date, once
    figure = FIGURES["affairs_disclosures_published"]
    assert figure.compute(county.village_b1, 2010) == 1


def test_a_finance_correction_leaves_the_published_month_to_the_original(county):
    publish_month(county.village_b1, 2010, 3)
    finance = Disclosure.objects.get(village=county.village_b1, kind="finance")
    correction = disclosure_correct(original=finance, content="说明更正", reason="摘要有误")
    services.disclosure_publish(disclosure=correction, at=aware(dt.date(2010, 4, 20)))
    assert PublishedMonth.objects.filter(village=county.village_b1).count() == 1
    assert PublishedMonth.objects.get(village=county.village_b1).disclosure_id == finance.pk


def test_refusals_change_nothing(original, county):
    draft = services.disclosure_create(village=county.village_b1, kind="affairs", year=2010, period_number=2)
    with pytest.raises(ValidationError) as exc:
        disclosure_correct(original=draft, content="x", reason="y")
    assert _codes(exc) == {"correct_a_draft"}
    with pytest.raises(ValidationError) as exc:
        disclosure_correct(original=original, content="x", reason="  ")
    assert _codes(exc) == {"reason_required"}
    with pytest.raises(ValidationError) as exc:
        disclosure_correct(original=original, content="", reason="y")
    assert _codes(exc) == {"content_required"}
    assert not Disclosure.objects.filter(corrects__isnull=False).exists()


def test_one_pending_correction_at_a_time_then_another_after_it_is_published(original):
    first = disclosure_correct(original=original, content="一", reason="一")
    with pytest.raises(ValidationError) as exc:
        disclosure_correct(original=original, content="二", reason="二")
    assert _codes(exc) == {"correction_pending"}
    services.disclosure_publish(disclosure=first)
    second = disclosure_correct(original=original, content="二", reason="二")
    assert second.corrects_id == original.pk
    # A correction is not corrected itself: the original is corrected again.
    with pytest.raises(ValidationError) as exc:
        disclosure_correct(original=first, content="三", reason="三")
    assert _codes(exc) == {"correction_of_correction"}


def test_the_database_holds_one_pending_correction_and_one_original_per_period(original):
    disclosure_correct(original=original, content="一", reason="一")
    columns = "village_id, kind, year, period_kind, period_number, title, content, status, published_at, created_at"
    # A second pending correction: the partial unique index (SQLite names the column, PostgreSQL the constraint).
    with (
        pytest.raises(IntegrityError, match="corrects_id|one_pending_correction"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO village_affairs_disclosure ({columns}, corrects_id, correction_reason) "
            f"SELECT {columns}, {original.pk}, 'again' FROM village_affairs_disclosure WHERE corrects_id = {original.pk}"
        )
    # A second original of the same period: SQLite's REPLACE guard or the unique index, PostgreSQL's index.
    with (
        pytest.raises(DatabaseError, match="immutable|UNIQUE|one_disclosure_per_period"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO village_affairs_disclosure ({columns}, correction_reason) "
            f"SELECT {columns}, '' FROM village_affairs_disclosure WHERE id = {original.pk}"
        )


@pytest.mark.parametrize(
    "assignment",
    ["corrects_id = {other}", "correction_reason = 'rewritten'", "content = 'rewritten'"],
)
def test_below_the_orm_a_published_original_or_correction_refuses_every_update(original, assignment):
    correction = disclosure_correct(original=original, content="更正", reason="笔误")
    services.disclosure_publish(disclosure=correction)
    for row, other in ((original, correction.pk), (correction, original.pk)):
        before = _row(row)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE village_affairs_disclosure SET {assignment.format(other=other)} WHERE id = {row.pk}"
            )
        assert _row(row) == before
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE village_affairs_disclosure SET corrects_id = NULL WHERE id = {correction.pk}")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM village_affairs_disclosure WHERE id = {original.pk}")


@pytest.mark.sqlite
def test_replace_cannot_put_a_correction_over_a_published_original(original):
    """The REPLACE guard's period key leaves corrections out, but the id still collides."""
    correction = disclosure_correct(original=original, content="更正", reason="笔误")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(village_affairs_disclosure)")
        columns = [row[1] for row in cursor.fetchall()]
    values = [str(original.pk) if c == "id" else c for c in columns]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"REPLACE INTO village_affairs_disclosure ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM village_affairs_disclosure WHERE id = {correction.pk}"
        )
    assert _row(original)[1] == "修路花费3万元"


# -- the pages ------------------------------------------------------------------------------


def test_village_admin_corrects_from_the_original_page_and_both_pages_show_it(client, personas, original, county):
    v = county.village_b1
    client.force_login(personas.village_admin_b)
    page = client.get(f"/affairs/{v.code}/disclosures/{original.pk}/").content.decode()
    assert f"/affairs/{v.code}/disclosures/{original.pk}/correct/" in page
    form = client.get(f"/affairs/{v.code}/disclosures/{original.pk}/correct/")
    assert form.status_code == 200 and "修路花费3万元" in form.content.decode()  # the original's content to start from
    refused = client.post(f"/affairs/{v.code}/disclosures/{original.pk}/correct/", {"content": "改", "reason": ""})
    assert refused.status_code == 200 and "请填写更正原因" in refused.content.decode()
    assert not Disclosure.objects.filter(corrects=original).exists()
    r = client.post(
        f"/affairs/{v.code}/disclosures/{original.pk}/correct/", {"content": "修路花费2.8万元", "reason": "金额抄错"}
    )
    correction = Disclosure.objects.get(corrects=original)
    assert r.status_code == 302 and r["Location"] == f"/affairs/{v.code}/disclosures/{correction.pk}/"
    # Published through the same path, with its confirmation.
    asked = client.post(f"/affairs/{v.code}/disclosures/{correction.pk}/publish/")
    assert asked.status_code == 200 and Disclosure.objects.get(pk=correction.pk).status == "draft"
    client.post(f"/affairs/{v.code}/disclosures/{correction.pk}/publish/", {"confirm": "1"})
    assert Disclosure.objects.get(pk=correction.pk).status == "published"
    on_original = client.get(f"/affairs/{v.code}/disclosures/{original.pk}/").content.decode()
    assert "已更正" in on_original and f"/affairs/{v.code}/disclosures/{correction.pk}/" in on_original
    on_correction = client.get(f"/affairs/{v.code}/disclosures/{correction.pk}/").content.decode()
    assert 'data-testid="corrects"' in on_correction and "金额抄错" in on_correction
    assert f"/affairs/{v.code}/disclosures/{original.pk}/" in on_correction
    assert f"/disclosures/{correction.pk}/correct/" not in on_correction  # a correction is not corrected
    public = client.get(f"/v/{v.code}/").content.decode()
    assert f'href="#disclosure-{correction.pk}"' in public and f'href="#disclosure-{original.pk}"' in public
    assert "修路花费3万元" in public and "修路花费2.8万元" in public


def test_another_villages_disclosure_cannot_be_corrected(client, personas, county):
    theirs = services.disclosure_create(village=county.village_a1, kind="affairs", year=2010, period_number=1)
    services.disclosure_publish(disclosure=theirs, at=aware(dt.date(2010, 4, 2)))
    client.force_login(personas.village_admin_b)
    data = {"content": "改", "reason": "改"}
    assert client.post(f"/affairs/{county.village_a1.code}/disclosures/{theirs.pk}/correct/", data).status_code == 404
    assert client.post(f"/affairs/{county.village_b1.code}/disclosures/{theirs.pk}/correct/", data).status_code == 404
    assert not Disclosure.objects.filter(corrects=theirs).exists()
