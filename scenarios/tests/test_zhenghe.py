"""The Zhenghe scenario, loaded whole: the campaign report states the source's figures from the records.

Zhenghe is loaded once here (it is the suite's slowest fixture); every check of the whole
county belongs in this test.
"""

import datetime as dt
import io
import json
import time

import pytest
from django.core.management import call_command

from accounts.models import RoleAssignment
from common.figures import compute_figures
from evaluation.models import AssessmentEvent
from membership.counting import flow
from organizations.models import Organization
from scenarios.builders import built_figures
from scenarios.loader import read_scenario
from xianfeng.settings import BASE_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_setup_demo_builds_zhenghe_whose_report_states_the_source_figures():
    started = time.perf_counter()
    call_command("setup_demo", stdout=io.StringIO())  # no county yet: loads scenarios/data/zhenghe.yaml
    seconds = time.perf_counter() - started
    # Speed is measured, not asserted (timings belong in benchmarks); the README states the figure.
    print(f"setup_demo with Zhenghe: {seconds:.1f} s")

    scenario = read_scenario(BASE_DIR / "scenarios" / "data" / "zhenghe.yaml")
    county = Organization.objects.get(code="350725")
    keys = sorted(k for k in built_figures() if k in scenario.figures)
    assert {"administrative_villages", "party_groups", "rural_party_members"} <= set(keys)
    assert compute_figures(county, 2010, keys) == {k: scenario.figures[k] for k in keys}

    out = io.StringIO()
    call_command("campaign_report", "--scope", "350725", "--period", "2010", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["scope"]["code"] == "350725"
    assert {k: report["figures"][k] for k in keys} == {k: scenario.figures[k] for k in keys}
    # Built as of the scenario's demo date (nothing after it); the accounts bound to records with work on it.
    assert scenario.demo_date is not None
    assert not AssessmentEvent.objects.filter(at__date__gt=scenario.demo_date).exists()
    township = RoleAssignment.objects.get(user__username="township").organization
    village = RoleAssignment.objects.get(user__username="village").organization
    assert village.parent == township
    # Members counted on the year's last day: a year of recruitment and transfers keeps the 8,637 and the flow adds up.
    flow_keys = ("applicants", "activists", "candidates", "probationary_members", "members_admitted")
    flow_keys += ("members_transferred_in", "members_transferred_out", "members_away")
    assert all(report["figures"][k] > 0 for k in flow_keys)
    year = flow(county.code, dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert year.end == scenario.figures["rural_party_members"]
    assert year.start + year.joins + year.transferred_in - year.transferred_out - year.deaths == year.end
