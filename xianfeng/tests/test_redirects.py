"""``next`` after a POST stays on this site (common.redirects.safe_next), and the one view that
followed ``next`` blindly (opening an accountability case) now goes through it."""

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from common.redirects import safe_next
from village_affairs.models import AccountabilityCase

DEFAULT = "/affairs/cases/"

OUTSIDE = [
    "https://evil.example/",
    "//evil.example",
    "//evil.example/affairs/cases/",
    "http://evil.example/login",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "ftp://testserver/",
]


@pytest.mark.parametrize("target", OUTSIDE)
def test_a_next_off_this_site_goes_to_the_default(rf: RequestFactory, target):
    request = rf.post("/affairs/cases/open/", {"next": target})
    assert safe_next(request, "village_affairs:cases") == DEFAULT


@pytest.mark.parametrize(
    "target", ["/affairs/township/350725100/2010/3/", "/org/?q=%E6%9D%91", "http://testserver/org/"]
)
def test_a_next_on_this_site_is_honoured(rf: RequestFactory, target):
    assert safe_next(rf.post("/affairs/cases/open/", {"next": target}), "village_affairs:cases") == target


def test_on_https_a_plain_http_next_to_this_host_is_refused(rf: RequestFactory):
    secure = rf.post("/affairs/cases/open/", {"next": "http://testserver/org/"}, secure=True)
    assert safe_next(secure, "village_affairs:cases") == DEFAULT
    secure = rf.post("/affairs/cases/open/", {"next": "https://testserver/org/"}, secure=True)
    assert safe_next(secure, "village_affairs:cases") == "https://testserver/org/"


def test_no_next_or_an_empty_one_goes_to_the_default(rf: RequestFactory):
    assert safe_next(rf.post("/x/"), "village_affairs:cases") == DEFAULT
    assert safe_next(rf.post("/x/", {"next": ""}), "/org/") == "/org/"
    assert safe_next(rf.get("/x/", {"next": "/org/"}), DEFAULT) == "/org/"  # a form's action may carry it


def open_missing_case(client, county, next_url: str | None):
    """Ask to open a case for a finding that does not exist: the view refuses and redirects."""
    data = {"village": county.village_a1.code, "rule": "R-DISCLOSE", "subject": "no-such-subject", "on": "2010-03-31"}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("village_affairs:case_open"), data)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_case_open_does_not_follow_next_off_the_site(client, county, personas, target):
    client.force_login(personas.county_admin)
    response = open_missing_case(client, county, target)
    assert response.status_code == 302
    assert response["Location"] == reverse("village_affairs:cases")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["该问题已不存在，无法立案。"]
    assert not AccountabilityCase.objects.exists()


def test_case_open_returns_to_the_page_it_came_from(client, county, personas):
    client.force_login(personas.county_admin)
    monthly = reverse("village_affairs:township_monthly", args=[county.township_a.code, 2010, 3])
    response = open_missing_case(client, county, monthly)
    assert response.status_code == 302 and response["Location"] == monthly
    response = open_missing_case(client, county, None)
    assert response["Location"] == reverse("village_affairs:cases")
