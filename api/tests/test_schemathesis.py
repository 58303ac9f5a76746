"""Schemathesis over the published schema against a live server: no 5xx, every response as the schema says.

Bounded for ``make test``: a few examples per operation (``API_FUZZ_EXAMPLES``, default 4), derandomized so
that a red run can be rerun. The campaign report is left out: each of its examples renders a PDF or Word
file (seconds each); its parameters are enums and it is tested in test_figures.py.
"""

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.settings import api_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import token_create
from evaluation import services as evaluation
from evaluation.tests.conftest import make_period, make_small_standard

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
LEFT_OUT = {"/api/v1/report/"}


@pytest.fixture
def unthrottled():
    rates = api_settings.DEFAULT_THROTTLE_RATES
    original = rates["api"]
    rates["api"] = "100000/minute"
    yield
    rates["api"] = original


def test_the_api_keeps_to_its_schema_under_fuzzing(live_server, county, personas, unthrottled):
    standard, _big, _small = make_small_standard(county.county)
    period = make_period(county.county)
    evaluation.assessment_start(period=period, standard=standard, organization=county.village_a1)
    _token, secret = token_create(user=personas.county_admin, name="fuzz", writable=True)
    raw = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(raw)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {secret}"
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25
    for operation in operations:
        if operation.path in LEFT_OUT:
            continue

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=live_server.url, session=session, checks=CHECKS)

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 - every operation's failure is collected, then reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
