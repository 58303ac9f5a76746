"""A county's 10,000 members: preview and commit each within 30 s on SQLite (timed, printed, not asserted)."""

import datetime as dt
import os
import time

import pytest
from django.db import connection

from exchange.tests.helpers import errors_of, run, xlsx
from organizations import services as org_services
from people.id_numbers import make_id_number
from people.models import PartyMembership

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _only_when_asked(request):
    # About a minute on this machine: run with ``pytest -m slow`` (or RUN_SLOW=1), not in every run.
    if "slow" not in (request.config.option.markexpr or "") and not os.environ.get("RUN_SLOW"):
        pytest.skip("timing test: run with -m slow")


MEMBERS = 10_000


def _members_file(villages: list[str], name: str = "党员%d") -> bytes:
    headers = ["姓名", "性别", "出生日期", "身份证号", "村代码", "党员类别", "入党日期", "电话"]
    rows = []
    for n in range(MEMBERS):
        sex = "M" if n % 3 else "F"
        born = dt.date(1940 + n % 50, 1 + n % 12, 1 + n % 28)
        # The sequence must differ per person born the same day: 500 numbers per day per sex.
        number = make_id_number("350725", born, n // 600, sex)
        rows.append(
            [
                name % n,
                "男" if sex == "M" else "女",
                born,
                number,
                villages[n % len(villages)],
                "正式党员",
                dt.date(born.year + 25, 7, 1),
                f"138{n:08d}",
            ]
        )
    return xlsx(headers, rows)


def test_ten_thousand_members_preview_and_commit(county, personas):
    villages = [county.village_a1.code, county.village_a2.code, county.village_b1.code]
    for i in range(20):
        villages.append(
            org_services.village_create(township=county.township_a, code=f"350725100{300 + i}", name=f"村{i}").code
        )
    started = time.perf_counter()
    data = _members_file(villages)
    print(f"\nbuilding the 10,000-row file: {time.perf_counter() - started:.1f} s")
    timings = {}
    started = time.perf_counter()
    preview = run("members", data, user=personas.county_admin)
    timings["preview"] = time.perf_counter() - started
    assert errors_of(preview) == []
    started = time.perf_counter()
    committed = run("members", data, user=personas.county_admin, commit=True)
    timings["commit"] = time.perf_counter() - started
    assert (committed.created, committed.updated) == (MEMBERS, 0)
    started = time.perf_counter()
    again = run("members", data, user=personas.county_admin, commit=True)
    timings["commit again (updates)"] = time.perf_counter() - started
    assert (again.created, again.updated) == (0, MEMBERS)
    renamed = _members_file(villages, name="党员甲%d")
    started = time.perf_counter()
    changed = run("members", renamed, user=personas.county_admin, commit=True)
    timings["commit with every row changed"] = time.perf_counter() - started
    assert (changed.created, changed.updated) == (0, MEMBERS)
    assert PartyMembership.objects.filter(person__name="党员甲9999").exists()
    assert PartyMembership.objects.count() == MEMBERS + 1  # and the fixture's member
    print(f"\n10,000 members on {connection.vendor}:", ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
