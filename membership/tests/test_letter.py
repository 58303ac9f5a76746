"""The introduction letter prints as a paper letter (counterfoil, letter, receipt; no navigation) and downloads as
a PDF, for those who may see the transfer only."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from membership import services
from membership.models import Reach
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "xianfeng" / "static" / "xianfeng" / "site.css"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


@pytest.fixture
def transfer(county):
    mover = f.member(county.village_a1, county.group_a1, name="调动丙")
    return services.transfer_issue(
        membership=mover.membership,
        to_branch=county.village_b1,
        reach=Reach.COUNTY,
        on=dt.date(2010, 11, 1),
        letter_number="政组转2010-0201",
        dues_paid_to=dt.date(2010, 10, 31),
    )


def test_the_letter_page_has_its_three_parts_and_a_print_button(client, personas, transfer):
    client.force_login(personas.county_admin)
    html = client.get(reverse("membership:transfer_letter", args=[transfer.pk])).content.decode()
    for part in ('class="letter-part counterfoil"', 'class="letter-part letter-body"', 'class="letter-part receipt"'):
        assert part in html
    assert html.count("沿此线剪开") == 2 and "data-print" in html and "?format=pdf" in html
    assert 'class="noprint"' in html  # the navigation and the receipt form stay off paper
    css = CSS.read_text(encoding="utf-8")
    print_rules = css[css.index("/* The transfer introduction letter") :]
    assert "@page { size: A4" in print_rules and ".tabs" in print_rules


def test_the_letter_downloads_as_a_pdf_in_scope_only(client, personas, transfer):
    url = reverse("membership:transfer_letter", args=[transfer.pk])
    client.force_login(personas.village_admin_b)  # the receiving branch
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]
    client.force_login(personas.member)
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_the_letter_in_english(client, personas, transfer):
    client.force_login(personas.county_admin)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("membership:transfer_letter", args=[transfer.pk])).content.decode()
    assert "Counterfoil" in html and "Cut along this line" in html and "Download PDF" in html
