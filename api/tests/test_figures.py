"""Figures, findings, dashboard and report through the API: the same registries as the pages, in scope."""

import pytest

from common.figures import compute_figures
from security.models import Kind, SecurityEvent

pytestmark = pytest.mark.django_db


def test_figures_are_the_registrys_for_the_unit_and_year(api_as, county, personas):
    f_member = personas.member_person  # one member of village A1
    body = api_as("township_admin_a").get("/api/v1/figures/", {"scope": county.township_a.code, "period": 2010}).json()
    assert body["scope"] == county.township_a.code and body["period"] == 2010
    expected = compute_figures(county.township_a, 2010, headline=None)
    got = {row["key"]: row["value"] for row in body["figures"]}
    assert got == {key: (value if isinstance(value, int) else float(value)) for key, value in expected.items()}
    assert f_member.pk  # the county has records to count
    assert any(v for v in got.values())


def test_figures_of_a_unit_outside_scope_are_404_and_a_bad_period_400(api_as, county):
    api = api_as("township_admin_a")
    assert api.get("/api/v1/figures/", {"scope": county.township_b.code}).status_code == 404
    response = api.get("/api/v1/figures/", {"period": "soon"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "period_invalid" and "usable year" in response.json()["message"]


def test_findings_and_the_dashboard_are_for_admins_only(api_as, county):
    admin = api_as("county_admin")
    findings = admin.get("/api/v1/findings/", {"scope": county.county.code, "on": "2010-12-20"}).json()
    assert findings["count"] == len(findings["findings"])
    dashboard = admin.get("/api/v1/dashboard/", {"scope": county.county.code, "period": 2010}).json()
    assert {c["code"] for c in dashboard["children"]} == {county.township_a.code, county.township_b.code}
    member = api_as("member")
    assert member.get("/api/v1/findings/").status_code == 404
    assert member.get("/api/v1/dashboard/").status_code == 404


def test_the_report_downloads_as_the_pages_and_is_logged(api_as, county):
    api = api_as("township_admin_a")
    response = api.get("/api/v1/report/", {"scope": county.township_a.code, "period": 2010, "format": "json"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert SecurityEvent.objects.filter(kind=Kind.DOWNLOAD, username="township_a").exists()
    assert api.get("/api/v1/report/", {"scope": county.township_b.code}).status_code == 404


def test_the_report_comes_in_each_format_and_an_unknown_format_is_refused(api_as, county):
    api = api_as("township_admin_a")
    query = {"scope": county.township_a.code, "period": 2010}
    html = api.get("/api/v1/report/", {**query, "format": "html"})
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert html["Content-Disposition"].endswith('.html"')
    for asked in ("xlsx", "PDF", "json "):
        refused = api.get("/api/v1/report/", {**query, "format": asked}, HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 400, (asked, refused.content)
        body = refused.json()
        assert body["code"] == "unknown_format" and body["fields"]["format"][0]["code"] == "unknown_format"
        assert "pdf, docx, html, json" in body["message"]
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    chinese = api.get("/api/v1/report/", {**query, "format": "xlsx"})
    assert chinese.json()["message"].startswith("不支持的报告格式")
    assert api.get("/api/v1/report/", query).status_code == 200  # no format: JSON, as before
