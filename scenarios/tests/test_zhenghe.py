"""The Zhenghe scenario, loaded whole: the campaign report states the source's figures from the records."""

import io
import json
import time

import pytest
from django.core.management import call_command

from accounts.models import RoleAssignment
from organizations.models import Organization
from reports.figures import compute_figures

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_setup_demo_builds_zhenghe_whose_report_states_the_source_figures():
    started = time.perf_counter()
    call_command("setup_demo", stdout=io.StringIO())  # no county yet: loads scenarios/data/zhenghe.yaml
    seconds = time.perf_counter() - started

    county = Organization.objects.get(code="350725")
    figures = compute_figures(county, 2010, ["administrative_villages", "party_groups", "rural_party_members"])
    assert figures == {"administrative_villages": 124, "party_groups": 368, "rural_party_members": 8637}
    out = io.StringIO()
    call_command("campaign_report", "--scope", "350725", "--period", "2010", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["scope"]["code"] == "350725"
    assert report["figures"]["administrative_villages"] == 124
    assert report["figures"]["party_groups"] == 368
    assert report["figures"]["rural_party_members"] == 8637
    township = RoleAssignment.objects.get(user__username="township").organization
    assert (township.code, township.name) == ("350725100", "熊山镇")
    assert seconds < 60, f"loading Zhenghe took {seconds:.1f} s"
