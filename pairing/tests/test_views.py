"""Pages per persona: scope (404 outside), who may record, refusals through the forms, query counts."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pairing import services
from pairing.models import CoBuildingActivity, Contribution, Outcome, Pairing, PairingKind, Posting, PostingBatch

from .conftest import START, make_cadre


@pytest.fixture
def both(county, department_pairing, civilized_pairing_b):
    return department_pairing, civilized_pairing_b


def _login(client, personas, partner, name):
    if name == "partner":
        client.force_login(partner)
    elif name != "anonymous":
        client.force_login(getattr(personas, name))


@pytest.mark.parametrize(
    ("persona", "a1_status", "b1_status"),
    [
        ("county_admin", 200, 200),
        ("township_admin_a", 200, 404),
        ("village_admin_b", 404, 200),
        ("member", 404, 404),
        ("partner", 200, 404),
    ],
)
def test_pairing_detail_is_scoped(client, personas, partner, both, persona, a1_status, b1_status):
    _login(client, personas, partner, persona)
    a1, b1 = both
    assert client.get(f"/pairing/{a1.pk}/").status_code == a1_status
    assert client.get(f"/pairing/{b1.pk}/").status_code == b1_status


@pytest.mark.parametrize(
    "path", ["/pairing/", "/pairing/new/", "/pairing/postings/", "/pairing/outcomes/", "/pairing/postings/new/"]
)
def test_anonymous_is_sent_to_login(client, county, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "sees_a1", "sees_b1"),
    [
        ("county_admin", True, True),
        ("township_admin_a", True, False),
        ("village_admin_b", False, True),
        ("member", False, False),
        ("partner", True, False),
    ],
)
def test_pairing_list_shows_only_pairings_in_scope(client, personas, partner, both, persona, sees_a1, sees_b1):
    _login(client, personas, partner, persona)
    body = client.get("/pairing/").content.decode()
    assert ("县农业局" in body) == sees_a1
    assert ("县人民银行" in body) == sees_b1


def test_pairing_list_filters_by_kind_status_and_area(client, county, personas, both):
    client.force_login(personas.county_admin)
    body = client.get("/pairing/", {"kind": "civilized_unit"}).content.decode()
    assert "县人民银行" in body and "县农业局" not in body
    body = client.get("/pairing/", {"area": county.township_a.code}).content.decode()
    assert "县农业局" in body and "县人民银行" not in body
    body = client.get("/pairing/", {"status": "not_started", "on": "2009-06-01"}).content.decode()
    assert "县农业局" in body
    body = client.get("/pairing/", {"status": "active", "on": "2009-06-01"}).content.decode()
    assert "县农业局" not in body


def test_pairing_export_is_scoped(client, personas, both):
    client.force_login(personas.township_admin_a)
    response = client.get("/pairing/?format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["县农业局"]


def test_pairing_list_queries_do_not_grow_with_rows(
    client, county, units, personas, both, django_assert_max_num_queries
):
    client.force_login(personas.county_admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/pairing/")
    for village in (county.village_a2, county.village_b1, county.village_a1):
        services.pairing_create(kind=PairingKind.ENTERPRISE, village=village, unit=units.enterprise, start=START)
        services.pairing_create(kind=PairingKind.BRANCH, village=village, unit=units.other_department, start=START)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/pairing/").content.decode()
    assert body.count("政和茶业公司") == 3


def test_partner_records_contribution_activity_and_outcome_on_own_pairing(client, partner, department_pairing):
    client.force_login(partner)
    pk = department_pairing.pk
    r = client.post(
        f"/pairing/{pk}/contributions/add/",
        {"date": "2010-03-01", "kinds": ["ideas", "rules"], "description": "帮助建立制度"},
    )
    assert r.status_code == 302
    r = client.post(
        f"/pairing/{pk}/activities/add/", {"date": "2010-03-02", "title": "共建文明村", "kinds": ["civility"]}
    )
    assert r.status_code == 302
    r = client.post(
        f"/pairing/{pk}/outcomes/add/", {"date": "2010-03-03", "type": "funds", "title": "修路", "amount": "50000.00"}
    )
    assert r.status_code == 302
    assert Contribution.objects.get().kinds == ["理思路", "建制度"]
    assert CoBuildingActivity.objects.get().kinds == ["共树文明新风"]
    assert str(Outcome.objects.get().amount) == "50000.00"
    body = client.get(f"/pairing/{pk}/").content.decode()
    assert "帮助建立制度" in body and "共建文明村" in body and "50000.00" in body


def test_partner_cannot_record_on_another_units_pairing(client, county, units, partner, civilized_pairing_b):
    other_in_same_village = services.pairing_create(
        kind=PairingKind.ENTERPRISE, village=county.village_a1, unit=units.enterprise, start=START
    )
    client.force_login(partner)
    # Another unit's pairing with the same village is not the partner's: not even readable.
    assert client.get(f"/pairing/{other_in_same_village.pk}/").status_code == 404
    for pairing in (other_in_same_village, civilized_pairing_b):
        r = client.post(f"/pairing/{pairing.pk}/contributions/add/", {"date": "2010-03-01", "description": "x"})
        assert r.status_code == 404
    assert Contribution.objects.count() == 0


def test_partner_cannot_create_pairings_or_postings(client, partner):
    client.force_login(partner)
    assert client.get("/pairing/new/").status_code == 404
    assert client.get("/pairing/postings/new/").status_code == 404


def test_village_admin_cannot_record_on_other_village(client, personas, department_pairing):
    client.force_login(personas.village_admin_b)
    r = client.post(
        f"/pairing/{department_pairing.pk}/outcomes/add/", {"date": "2010-03-01", "type": "plan", "title": "x"}
    )
    assert r.status_code == 404
    assert Outcome.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [("abc", "数额必须是数字"), ("-5", "数额不能为负数"), ("12.345", "两位小数"), ("", "必须填写金额")],
)
def test_bad_amount_in_the_form_is_refused_with_a_message(client, personas, department_pairing, amount, message):
    client.force_login(personas.township_admin_a)
    r = client.post(
        f"/pairing/{department_pairing.pk}/outcomes/add/",
        {"date": "2010-03-01", "type": "funds", "title": "资金", "amount": amount},
    )
    assert r.status_code == 200
    assert message in r.content.decode()
    assert Outcome.objects.count() == 0


def test_future_date_in_the_form_is_refused(client, personas, department_pairing):
    client.force_login(personas.township_admin_a)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    r = client.post(f"/pairing/{department_pairing.pk}/contributions/add/", {"date": tomorrow, "description": "x"})
    assert r.status_code == 200 and "不能晚于今天" in r.content.decode()
    assert Contribution.objects.count() == 0


def test_township_admin_creates_a_pairing_in_two_steps(client, county, units, personas):
    client.force_login(personas.township_admin_a)
    picker = client.get("/pairing/new/").content.decode()
    assert "石门村" in picker and "东平村" not in picker
    r = client.get("/pairing/new/", {"village": county.village_a2.code})
    assert r.status_code == 200 and "县农业局" in r.content.decode()
    r = client.post(
        f"/pairing/new/?village={county.village_a2.code}",
        {"kind": "department", "unit": units.department.pk, "start": "2010-02-01"},
    )
    assert r.status_code == 302
    assert Pairing.objects.get().village == county.village_a2


def test_wrong_unit_kind_in_the_form_is_refused(client, county, units, personas):
    client.force_login(personas.township_admin_a)
    r = client.post(
        f"/pairing/new/?village={county.village_a2.code}",
        {"kind": "department", "unit": units.enterprise.pk, "start": "2010-02-01"},
    )
    assert r.status_code == 200 and "政和茶业公司是非公企业" in r.content.decode()
    assert Pairing.objects.count() == 0


def test_township_admin_cannot_create_a_pairing_in_another_township(client, county, units, personas):
    client.force_login(personas.township_admin_a)
    r = client.post(
        f"/pairing/new/?village={county.village_b1.code}",
        {"kind": "department", "unit": units.department.pk, "start": "2010-02-01"},
    )
    assert r.status_code == 200  # the village picker refuses the village
    assert Pairing.objects.count() == 0


def test_only_the_village_admins_may_end_a_pairing(client, personas, partner, department_pairing):
    client.force_login(partner)
    assert client.post(f"/pairing/{department_pairing.pk}/end/", {"end": "2010-06-30"}).status_code == 404
    client.force_login(personas.township_admin_a)
    assert client.post(f"/pairing/{department_pairing.pk}/end/", {"end": "2010-06-30"}).status_code == 302
    department_pairing.refresh_from_db()
    assert department_pairing.end == dt.date(2010, 6, 30)


# -- postings ------------------------------------------------------------------------


def test_county_admin_creates_batch_and_posting(client, county, personas, cadre):
    client.force_login(personas.county_admin)
    r = client.post(
        "/pairing/postings/batches/new/",
        {"county": county.county.pk, "number": 1, "start": "2010-01-01", "end": "2010-12-31"},
    )
    assert r.status_code == 302
    batch = PostingBatch.objects.get()
    r = client.post("/pairing/postings/new/", {"batch": batch.pk, "cadre": cadre.pk, "village": county.village_a1.pk})
    assert r.status_code == 302
    assert Posting.objects.get().end == dt.date(2010, 12, 31)


def test_overlapping_posting_in_the_form_names_the_other(client, county, personas, batch, cadre):
    services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    client.force_login(personas.county_admin)
    r = client.post("/pairing/postings/new/", {"batch": batch.pk, "cadre": cadre.pk, "village": county.village_b1.pk})
    assert r.status_code == 200 and "念山村" in r.content.decode() and "重叠" in r.content.decode()
    assert Posting.objects.count() == 1


@pytest.mark.parametrize("persona", ["township_admin_a", "village_admin_b", "member"])
def test_only_county_admins_create_batches(client, county, personas, persona):
    client.force_login(getattr(personas, persona))
    r = client.post(
        "/pairing/postings/batches/new/",
        {"county": county.county.pk, "number": 1, "start": "2010-01-01", "end": "2010-12-31"},
    )
    assert r.status_code == 404
    assert PostingBatch.objects.count() == 0


def test_posting_list_and_export_are_scoped(client, county, personas, batch, cadre):
    services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    services.posting_create(batch=batch, cadre=make_cadre(county, name="李干部"), village=county.village_b1)
    client.force_login(personas.township_admin_a)
    body = client.get("/pairing/postings/").content.decode()
    assert "张干部" in body and "李干部" not in body
    rows = list(
        load_workbook(BytesIO(client.get("/pairing/postings/?format=xlsx").content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [r[1] for r in rows] == ["张干部"]
    other = Posting.objects.get(village=county.village_b1)
    assert client.get(f"/pairing/postings/{other.pk}/").status_code == 404
    client.force_login(personas.county_admin)
    body = client.get("/pairing/postings/", {"area": county.township_b.code, "batch": batch.pk}).content.decode()
    assert "李干部" in body and "张干部" not in body


def test_posting_list_queries_do_not_grow_with_rows(client, county, personas, batch, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.county_admin)
    services.posting_create(batch=batch, cadre=make_cadre(county), village=county.village_a1)
    with CaptureQueriesContext(connection) as few:
        client.get("/pairing/postings/")
    for village in (county.village_a2, county.village_b1, county.village_a1):
        services.posting_create(batch=batch, cadre=make_cadre(county), village=village)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pairing/postings/")


def test_posted_cadre_contribution_is_recorded_by_the_township(client, county, personas, batch, cadre):
    posting = services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    client.force_login(personas.village_admin_b)
    assert (
        client.post(
            f"/pairing/postings/{posting.pk}/contributions/add/", {"date": "2010-03-01", "description": "x"}
        ).status_code
        == 404
    )
    client.force_login(personas.township_admin_a)
    r = client.post(
        f"/pairing/postings/{posting.pk}/contributions/add/",
        {"date": "2010-03-01", "description": "驻村指导", "kinds": ["team"]},
    )
    assert r.status_code == 302
    assert "驻村指导" in client.get(f"/pairing/postings/{posting.pk}/").content.decode()


# -- outcomes summary ------------------------------------------------------------------


def test_outcome_summary_totals_by_type_in_scope(client, county, personas, both):
    a1, b1 = both
    services.outcome_add(pairing=a1, date=dt.date(2010, 3, 1), type="funds", title="甲", amount="100.50")
    services.outcome_add(pairing=a1, date=dt.date(2010, 4, 1), type="funds", title="乙", amount="200")
    services.outcome_add(pairing=b1, date=dt.date(2010, 4, 1), type="funds", title="丙", amount="999")
    client.force_login(personas.township_admin_a)
    response = client.get("/pairing/outcomes/", {"year": 2010})
    totals = {t.type: t for t in response.context["totals"]}
    assert str(totals["funds"].amount) == "300.50" and totals["funds"].count == 2
    assert "丙" not in response.content.decode()


def test_outcome_summary_queries_do_not_grow_with_rows(client, county, personas, both, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a1, b1 = both
    client.force_login(personas.county_admin)
    services.outcome_add(pairing=a1, date=dt.date(2010, 3, 1), type="plan", title="规划")
    with CaptureQueriesContext(connection) as few:
        client.get("/pairing/outcomes/")
    for i in range(5):
        services.outcome_add(pairing=b1, date=dt.date(2010, 3, 1), type="project", title=f"项目{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pairing/outcomes/")
