"""The dashboard leads with what needs attention, in words: no requirement or rule codes, money in 元/万元,
"missing" told apart from "late", a bounded number of queries."""

import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from common.figures import FIGURES, as_of
from common.rules import RULES, Severity, evaluate
from reports import dashboard as dashboard_module
from village_affairs.models import Disclosure, DisclosureKind, DisclosureStatus
from xianfeng.tests import factories as f

YEAR = 2010


def found(pattern: str, text: str, flags: int = 0) -> str:
    """The first group of ``pattern`` in ``text``; the test fails if it is not there."""
    match = re.search(pattern, text, flags)
    assert match is not None, pattern
    return match.group(1)


def _late_january_disclosure(village) -> None:
    tz = timezone.get_current_timezone()
    Disclosure.objects.create(
        village=village,
        kind=DisclosureKind.FINANCE,
        year=YEAR,
        period_kind="month",
        period_number=1,
        title="一月财务",
        status=DisclosureStatus.PUBLISHED,
        published_at=dt.datetime(YEAR, 2, 11, 9, 0, tzinfo=tz),  # due by 10 February
    )


def _visible_text(html: str) -> str:
    """What a reader sees: the page without scripts, the JSON block, tags and their attributes."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _page(client, **params) -> str:
    response = client.get(reverse("reports:dashboard"), {"year": YEAR, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_attention_comes_first_counted_per_kind_with_links(client, county, personas) -> None:
    _late_january_disclosure(county.village_a2)
    client.force_login(personas.county_admin)
    html = _page(client)
    assert html.index('id="section-attention"') < html.index('id="section-figures"') < html.index("section-children")
    findings = evaluate(county.county, as_of(YEAR))
    expected = Counter((x.rule, x.severity) for x in findings)
    cards = re.findall(
        r'<a class="stat" href="([^"]+)" data-attention="([^"]+)" data-red="(\d+)" data-amber="(\d+)"', html
    )
    assert cards, "findings exist (no disclosure was published on time), so there is something to attend to"
    for href, rule, red, amber in cards:
        assert (int(red), int(amber)) == (expected[(rule, Severity.RED)], expected[(rule, Severity.AMBER)])
        assert href.startswith(reverse("rules:compliance")) and f"rule={rule}" in href.replace("&amp;", "&")
        assert str(RULES[rule].title) in html
    assert {rule for _, rule, _, _ in cards} == {x.rule for x in findings}
    # The late disclosure is amber ("late"), the missing ones red ("missing"), both named in words.
    disclose = next(c for c in cards if c[1] == "R-DISCLOSE")
    assert int(disclose[2]) > 0 and int(disclose[3]) == 1
    text = _visible_text(html)
    assert "缺失/逾期" in text and "迟办/临期" in text
    # A link to every finding and to the report of the unit.
    assert reverse("rules:compliance") in html
    assert f"{reverse('reports:report')}?org={county.county.code}&amp;year={YEAR}" in html


def test_no_requirement_or_rule_codes_on_screen_or_on_chart_axes(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        html = _page(client)
        codes = {fig.requirement for fig in FIGURES.values()} | set(RULES)
        text = _visible_text(html)
        assert [c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)] == []
        data = json.loads(found(r'id="dashboard-data"[^>]*>(.*?)</script>', html, re.S))
        labels = [str(c) for chart in data["charts"] for c in chart["categories"]]
        labels += [s["name"] for chart in data["charts"] for s in chart["series"]]
        assert [c for c in codes if c in labels] == []
        rule_chart = next(c for c in data["charts"] if c["id"] == "compliance_rules")
        with translation.override(language):
            assert rule_chart["categories"] == [str(RULES[r].title) for r in sorted(RULES)]


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "103.6万元"), ("en", "CNY 1.04 million")])
def test_money_is_shown_in_yuan_or_wan_per_language(client, county, personas, monkeypatch, language, expected) -> None:
    real = dashboard_module.compute_figures

    def with_funds(unit, year, keys=None, *, headline=True):
        values = real(unit, year, keys, headline=headline)
        return {**values, "development_funds_yuan": Decimal("1036000.00")}

    monkeypatch.setattr(dashboard_module, "compute_figures", with_funds)
    client.force_login(personas.county_admin)
    client.cookies["django_language"] = language
    html = _page(client)
    card = re.search(r'data-key="development_funds_yuan"><div class="value">([^<]+)</div>', html)
    assert card is not None and card.group(1) == expected
    assert "1036000.00" not in html and "1,036,000.00" not in html


def test_dashboard_page_queries_are_bounded_and_do_not_grow_with_villages(
    client, county, personas, django_assert_max_num_queries
) -> None:
    client.force_login(personas.county_admin)
    _page(client)  # warm: the scope, sessions, content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        _page(client)
    for i in range(6):
        for township in (county.township_a, county.township_b):
            village = f.village(township, f"{300 + i}", f"新村{i}")
            f.party_group(village, f"新村{i}党小组")
    with django_assert_max_num_queries(len(before) + 2):  # R-DISCLOSE's holders per distinct deadline, not per row
        _page(client)
    with django_assert_max_num_queries(120):
        _page(client)


def test_an_attention_link_opens_the_compliance_page_in_words(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    html = _page(client)
    href = found(r'<a class="stat" href="([^"]+)" data-attention="R-DISCLOSE"', html).replace("&amp;", "&")
    page = client.get(href)
    assert page.status_code == 200
    text = _visible_text(page.content.decode())
    assert str(RULES["R-DISCLOSE"].title) in text
    assert [c for c in RULES if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)] == []
