"""A demo where every persona has work: on the demo date each demo account's main pages show its records.

Built from ``small_demo.yaml`` (every mechanism of Zhenghe, six villages) through ``setup_demo``, as
``make run`` builds Zhenghe: on the scenario's demo date, with the accounts bound by ``scenarios.demo``.
"""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.models import RoleAssignment
from evaluation.models import Status
from scenarios.loader import DATA_DIR, read_scenario
from supervision.review_schedule import ReviewState

pytestmark = pytest.mark.django_db
SMALL_DEMO = DATA_DIR / "small_demo.yaml"


def test_the_demo_date_comes_from_the_scenario():
    assert read_scenario(SMALL_DEMO).demo_date == dt.date(2010, 12, 20)
    out = io.StringIO()
    call_command("demo_date", "--scenario", str(SMALL_DEMO), stdout=out)
    assert out.getvalue().strip() == "2010-12-20"
    zhenghe = read_scenario(DATA_DIR / "zhenghe.yaml").demo_date
    assert zhenghe is not None and zhenghe.year == read_scenario(DATA_DIR / "zhenghe.yaml").period


def test_every_demo_persona_has_work_on_the_demo_date(client, settings):
    out = io.StringIO()
    call_command("setup_demo", "--scenario", str(SMALL_DEMO), stdout=out)
    assert "2010-12-20" in out.getvalue()
    settings.XIANFENG_TODAY = "2010-12-20"  # as `make run` serves it
    settings.DEMO_ACCOUNTS = True
    users = get_user_model().objects
    roles = {a.user.username: a for a in RoleAssignment.objects.select_related("user", "organization")}

    def page(username: str, name: str, query: dict | None = None, headers: dict | None = None, **kwargs):
        client.force_login(users.get(username=username))
        response = client.get(reverse(name, kwargs=kwargs), query or {}, headers=headers)
        assert response.status_code == 200, (username, name)
        return response

    # The linked leader: contact points with a review overdue and one due soon.
    points = page("leader", "supervision:contact_point_list").context["rows"]
    states = {str(status.state) for _point, status in points if status is not None}
    assert {ReviewState.OVERDUE, ReviewState.DUE_SOON} <= states, states
    assert page("leader", "supervision:my_reviews", headers={"HX-Request": "true"}).context["due_reviews"]

    # The partner: their unit's pairings.
    assert len(page("partner", "pairing:list").context["page_obj"].object_list) > 0

    # The member: a post, commitments still to report, volunteer hours and a training, in the year.
    record = page("member", "practice:my_record").context["record"]
    assert record.year == 2010
    assert record.claims, "no post"
    assert any(not c.reports.all() for c in record.commitments), "no commitment to report"
    assert record.volunteer_hours > 0, "no volunteer hours"
    assert record.trainings and record.trainings["sessions"] > 0, "no training"

    # The village admin and the supervisor: the village's disclosures, and an assessment not yet approved.
    village = roles["village"].organization
    assert roles["supervisor"].organization == village
    for username in ("village", "supervisor"):
        assert page(username, "village_affairs:village", code=village.code).context["disclosures"]
    assessments = page("village", "evaluation:assessments").context["page_obj"].object_list
    assert any(a.status != Status.APPROVED for a in assessments)

    # The township admin has assessments to review; the county admin has some to approve.
    assert page("township", "evaluation:assessments", {"status": Status.REVIEW}).context["page_obj"].object_list
    assert page("county", "evaluation:assessments", {"status": Status.APPROVAL}).context["page_obj"].object_list
    assert page("county", "rules:compliance").context["on"] == dt.date(2010, 12, 20)

    # The province admin drills down from home to the county, and the province's figures are the county's.
    county = roles["county"].organization
    home = page("province", "home").content.decode()
    for code in ("35", "3507", county.code):
        assert reverse("reports:dashboard", args=[code]) in home
    province = page("province", "reports:dashboard", code="35").context["d"]
    assert [c.code for c in province.counties] == [county.code]
    county_page = page("county", "reports:dashboard", code=county.code).context["d"]
    assert [(f.key, f.value) for f in province.figures] == [(f.key, f.value) for f in county_page.figures]
