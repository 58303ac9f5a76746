import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from common.rules import RULES, Accountable, Finding, both_languages, evaluate, register


def test_every_registered_rule_has_an_id_title_and_requirement():
    assert "R-LEAD" in RULES
    for rule in RULES.values():
        assert rule.id.startswith("R-") and rule.title and rule.requirement


def test_messages_are_rendered_in_both_languages():
    zh, en = both_languages("%(name)s尚未成立创先争优活动领导小组。", name="熊山镇")
    assert zh.startswith("熊山镇")
    assert en  # falls back to the source string until the catalogue translates it


def test_findings_outside_the_scope_are_dropped(county):
    @register("R-TEST-SCOPE", title="test", requirement="test")
    def _rule(scope, on):
        yield Finding("R-TEST-SCOPE", county.village_b1.code, "x", on, "red", (Accountable("甲", "书记"),), "zh", "en")

    try:
        assert evaluate(county.township_a, dt.date(2010, 6, 1), ["R-TEST-SCOPE"]) == []
        assert len(evaluate(county.township_b, dt.date(2010, 6, 1), ["R-TEST-SCOPE"])) == 1
    finally:
        del RULES["R-TEST-SCOPE"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("county_admin", 200), ("township_admin_a", 200), ("village_admin_b", 200), ("member", 404)],
)
def test_compliance_page_per_persona(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get("/rules/").status_code == status


def test_anonymous_is_sent_to_login(client, county):
    assert client.get("/rules/").status_code == 302


def test_township_admin_cannot_ask_about_another_township(client, county, personas):
    client.force_login(personas.township_admin_a)
    assert client.get(f"/rules/?scope={county.township_b.code}").status_code == 404
    assert client.get(f"/rules/?scope={county.county.code}").status_code == 404


def test_county_page_marks_townships_without_group_red(client, county, personas):
    client.force_login(personas.county_admin)
    body = client.get("/rules/?on=2010-06-30&rule=R-LEAD").content.decode()
    assert "熊山镇" in body and "东平镇" in body
    assert body.count('class="tag red"') >= 2


def test_compliance_export_lists_the_findings(client, county, personas):
    client.force_login(personas.county_admin)
    response = client.get("/rules/?on=2010-06-30&rule=R-LEAD&format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == [county.township_a.code, county.township_b.code]
