"""Every list exports to Excel (README): the walk finds each list page and its export; each export is the page's rows.

A list page is a page with a ``<table class="list">`` or an element marked ``data-list``
(the feedback inbox lists cards). Pages of one record (a ``pk`` in the URL) and the few
pages in NOT_LISTS, which show tables that are not lists of records, are left out; a new
list without an export fails here.
"""

from io import BytesIO
from pathlib import Path

import pytest
from django.urls import resolve
from openpyxl import load_workbook

from accounts.scope import scope_for_user
from bench.form_pages import walk
from evaluation import selectors as evaluation_selectors
from evaluation.models import AssessmentPeriod, Standard
from learning.models import ServiceTeam, Training
from organizations.models import Organization
from people.models import Person
from practice.models import Commitment, HouseholdAid, MutualAidGroup, PracticePost, VolunteerEntry
from scenarios.loader import load_scenario
from security.models import Kind, SecurityEvent
from village_affairs.models import AccountabilityCase, Feedback
from xianfeng.tests import factories as f

WIDE = Path(__file__).parent / "data" / "wide.yaml"
COUNTY, TOWNSHIP, OTHER_TOWNSHIP = "350799", "350799100", "350799200"

# Pages with tables that list no records of their own, each with why.
NOT_LISTS = {
    "home": "the user's home: counts and links",
    "evaluation:home": "an overview: figures per standard, each list linked",
    "village_affairs:home": "an index of the villages to open",
    "village_affairs:village": "one village's page: its latest decisions and disclosures, each list linked",
    "organizations:detail": "one organization: its children (the tree exports them all)",
    "leadership:detail": "one township's leadership group: its members and work log",
    "accounts:my_account": "the user's own account: their roles",
    "reports:figures": "one unit's figures, exported from its dashboard (export=figures)",
    "reports:report": "the campaign report, a document downloaded as PDF, Word or HTML",
}


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def wide(db):
    load_scenario(str(WIDE))
    return Organization.objects.get(code=COUNTY)


def test_every_list_page_has_an_excel_export(client, wide):
    client.force_login(f.user("wide_admin", "county_admin", organization=wide))

    pages = walk(client)

    lists = [p for p in pages if p.status == 200 and p.tables and "pk" not in resolve(p.url).kwargs]
    names = {resolve(p.url).view_name for p in lists}
    assert {"practice:volunteer", "practice:groups", "learning:training_list", "village_affairs:cases"} <= names
    missing = [p.url for p in lists if not p.exports and resolve(p.url).view_name not in NOT_LISTS]
    assert missing == []


def _in_township(model, path: str = "village", **filters: object) -> int:
    return model.objects.filter(**{f"{path}__code__startswith": TOWNSHIP}, **filters).count()


@pytest.fixture
def township_admin(client, wide):
    township = Organization.objects.get(code=TOWNSHIP)
    user = f.user("wide_township", "township_admin", organization=township)
    client.force_login(user)
    client.user = user
    return client


def _villages(code: str) -> set[str]:
    return set(Organization.objects.villages().filter(code__startswith=code).values_list("name", flat=True))


# (page, its filters, expected rows counted from the records of the township, header of the village column or None)
EXPORTS = [
    ("/practice/posts/", {"year": 2010}, lambda: _in_township(PracticePost, year=2010), "村"),
    ("/practice/commitments/", {"year": 2010}, lambda: _in_township(Commitment, year=2010), "村"),
    ("/practice/volunteer/", {}, lambda: _in_township(VolunteerEntry), "村"),
    ("/practice/aid/", {}, lambda: _in_township(HouseholdAid), "村"),
    ("/practice/groups/", {}, lambda: _in_township(MutualAidGroup), "村"),
    ("/learning/", {}, lambda: _in_township(Training, "organization"), None),
    ("/learning/teams/", {}, lambda: _in_township(ServiceTeam, "organization"), None),
    ("/evaluation/standards/", {}, lambda: Standard.objects.filter(county__code=COUNTY).count(), None),
    ("/evaluation/periods/", {}, lambda: AssessmentPeriod.objects.filter(county__code=COUNTY).count(), None),
    ("/affairs/cases/", {}, lambda: _in_township(AccountabilityCase), "村"),
]


def _open_cases() -> None:
    """The scenario opens no case: one in the township, one outside it."""
    for code in (TOWNSHIP, OTHER_TOWNSHIP):
        village = Organization.objects.villages().filter(code__startswith=code).first()
        assert village is not None
        AccountabilityCase.objects.create(
            village=village, rule="R-TEST", subject=code, finding_since="2010-03-01", finding_text=f"问题{code}"
        )


def test_each_export_holds_the_pages_rows_in_scope_unmasked_nothing(township_admin, django_assert_max_num_queries):
    _open_cases()
    secrets = {p.id_number for p in Person.objects.all() if p.id_number} | {
        p.phone for p in Person.objects.all() if p.phone
    }
    mine, others = _villages(TOWNSHIP), _villages(OTHER_TOWNSHIP)
    for url, params, expected, village_header in EXPORTS:
        with django_assert_max_num_queries(30):
            rows = _rows(township_admin.get(url, {**params, "format": "xlsx"}))
        header, body = rows[0], rows[1:]
        assert len(body) == expected(), url
        assert expected() > 0 or url.startswith("/evaluation/"), f"{url}: the scenario should give rows to compare"
        cells = {str(c) for row in body for c in row if c is not None}
        assert not cells & secrets, url  # no ID number or phone leaves in full
        if village_header:
            column = header.index(village_header)
            found = {row[column] for row in body}
            assert found <= mine and not found & others, url


def test_the_cadre_export_is_the_pages_rows(township_admin, django_assert_max_num_queries):
    period = AssessmentPeriod.objects.get()
    expected = evaluation_selectors.cadre_rows(scope_for_user(township_admin.user), period)
    with django_assert_max_num_queries(30):
        rows = _rows(township_admin.get("/evaluation/cadres/", {"period": period.pk, "format": "xlsx"}))
    assert [r[0] for r in rows[1:]] == [r.name for r in expected] and expected
    assert [r[2] for r in rows[1:]] == [r.organization.display_name for r in expected]
    assert set(rows[0][-1:]) == {"奖惩"}  # the column village_affairs contributes to the page is exported too


def test_the_feedback_export_is_the_villages_inbox(township_admin, django_assert_max_num_queries):
    village = Feedback.objects.filter(village__code__startswith=TOWNSHIP).values_list("village__code", flat=True)[0]
    with django_assert_max_num_queries(30):
        rows = _rows(township_admin.get(f"/affairs/{village}/feedback/", {"format": "xlsx"}))
    assert len(rows) - 1 == Feedback.objects.filter(village__code=village).count()
    assert {r[3] for r in rows[1:]} == set(
        Feedback.objects.filter(village__code=village).values_list("text", flat=True)
    )
    outside = Organization.objects.villages().filter(code__startswith=OTHER_TOWNSHIP).first()
    assert township_admin.get(f"/affairs/{outside.code}/feedback/", {"format": "xlsx"}).status_code == 404


def test_an_export_goes_to_the_security_log(township_admin):
    township_admin.get("/practice/groups/", {"format": "xlsx"})
    event = SecurityEvent.objects.filter(kind=Kind.DOWNLOAD).latest("seq")
    assert event.target == "产业互助组.xlsx" and event.username == "wide_township"


def test_the_ledger_export_is_the_months_entries(township_admin, django_assert_max_num_queries):
    from village_affairs.models import LedgerEntry

    entry = LedgerEntry.objects.filter(village__code__startswith=TOWNSHIP).order_by("date").first()
    month = LedgerEntry.objects.filter(village=entry.village, date__year=entry.date.year, date__month=entry.date.month)
    url = f"/affairs/{entry.village.code}/ledger/{entry.date.year}/{entry.date.month}/"
    with django_assert_max_num_queries(30):
        rows = _rows(township_admin.get(url, {"format": "xlsx"}))
    assert sorted(r[1] for r in rows[1:]) == sorted(month.values_list("voucher", flat=True))
