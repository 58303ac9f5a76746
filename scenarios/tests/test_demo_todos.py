"""Every demo persona opens on work: after ``setup_demo`` on the demo date, each account's home page lists
to-dos (``[data-todo]``), and every item's link opens for that account.

Built from ``small_demo.yaml`` through ``setup_demo``, as ``make run`` builds Zhenghe, and served on the
scenario's demo date (``XIANFENG_TODAY``) with the demo accounts on, as ``make run`` serves it.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from scenarios.loader import DATA_DIR

pytestmark = pytest.mark.django_db
SMALL_DEMO = DATA_DIR / "small_demo.yaml"
ITEM = re.compile(r'<li data-todo="([a-z_.]+)"[^>]*>.*?<a href="([^"]+)"', re.S)

# The campaign's personas (requirements.md "Who uses it") and the work each must at least find.
# The three administrators (system, security, audit) keep accounts, not the campaign: no to-do is theirs.
EXPECTED = {
    "county": {"evaluation.approve"},
    "township": {"evaluation.review"},
    "village": {"evaluation.self"},
    "leader": {"supervision.review"},
    "partner": {"pairing.year_report"},
    "member": {"practice.commitment_report"},
    "supervisor": {"village_affairs.supervise"},
}


def test_every_demo_persona_has_to_dos_whose_links_open(client, settings):
    call_command("setup_demo", "--scenario", str(SMALL_DEMO), stdout=io.StringIO())
    settings.XIANFENG_TODAY = "2010-12-20"
    settings.DEMO_ACCOUNTS = True
    users = get_user_model().objects
    found: dict[str, set[str]] = {}
    problems: list[object] = []
    for username, wanted in EXPECTED.items():
        client.force_login(users.get(username=username))
        response = client.get(reverse("home"))
        assert response.status_code == 200, username
        items = [(kind, url.replace("&amp;", "&")) for kind, url in ITEM.findall(response.content.decode())]
        found[username] = {kind for kind, _url in items}
        if not items or not wanted <= found[username]:
            problems.append((username, "wanted", wanted))
        problems += [(username, kind, url) for kind, url in items if client.get(url).status_code != 200]
        client.logout()
    assert not problems, (problems, found)
