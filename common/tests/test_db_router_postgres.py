"""The read replica on the PostgreSQL leg: where a page's queries really go, and the replica itself.

scripts/with-postgres.sh starts a streaming replica and exports REPLICA_DATABASE_URL; in tests the
``replica`` alias is a TEST MIRROR of the primary's test database with the replica's read-only
sessions (xianfeng/test_settings.py), so these tests are transactional: the mirror is another
connection and sees only committed rows. The last two tests use the real replica.
"""

import time
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.db_router import PIN_COOKIE, REPLICA
from organizations.models import Organization
from xianfeng.tests import factories as f

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(REPLICA not in settings.DATABASES, reason="no REPLICA_DATABASE_URL (with-postgres.sh sets it)"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]
NEW_VILLAGE = "350725100203"


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add_village(client: Client, township: Organization) -> None:
    response = client.post(
        reverse("organizations:child_create", args=[township.code]), {"code": NEW_VILLAGE, "name": "新村"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Organization.objects.filter(code=NEW_VILLAGE).exists()


def _dashboard(client: Client, code: str) -> tuple[str, list[str], list[str]]:
    """The dashboard's HTML and the SQL it sent to the replica and to the primary."""
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("reports:dashboard", args=[code]))
    assert response.status_code == 200
    return (
        response.content.decode(),
        [q["sql"] for q in on_replica.captured_queries],
        [q["sql"] for q in on_primary.captured_queries],
    )


def test_a_dashboard_reads_its_records_from_the_replica(county, personas) -> None:
    html, on_replica, on_primary = _dashboard(_signed_in(personas.county_admin), county.county.code)
    assert county.township_a.code in html
    assert any('"organizations_organization"' in sql for sql in on_replica)
    assert any('"people_' in sql for sql in on_replica)
    # The primary answers who the user is (session, user, roles, two-factor) and the middleware's
    # campaign year; the dashboard's records are not read there.
    assert not any('"people_' in sql for sql in on_primary), on_primary
    assert len(on_replica) > len(on_primary)


def test_a_write_goes_to_the_primary_and_the_next_read_too(county, personas) -> None:
    client = _signed_in(personas.county_admin)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        _add_village(client, county.township_a)
    assert on_replica.captured_queries == []
    assert any(q["sql"].startswith('INSERT INTO "organizations_organization"') for q in on_primary.captured_queries)
    assert client.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    html, on_replica_after, _ = _dashboard(client, county.township_a.code)
    assert on_replica_after == []  # pinned to the primary
    assert f'data-code="{NEW_VILLAGE}"' in html


def test_replica_lag_does_not_show_the_user_stale_own_data(county, personas) -> None:
    """The replica is held at a snapshot from before the write (REPEATABLE READ): it lags."""
    writer = _signed_in(personas.county_admin)
    other = _signed_in(personas.county_admin)  # another browser of the same admin, which wrote nothing
    with transaction.atomic(using=REPLICA), connections[REPLICA].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT count(*) FROM organizations_organization")
        _add_village(writer, county.township_a)
        own, _, _ = _dashboard(writer, county.township_a.code)
        stale, on_replica, _ = _dashboard(other, county.township_a.code)
    assert f'data-code="{NEW_VILLAGE}"' in own
    assert on_replica and f'data-code="{NEW_VILLAGE}"' not in stale  # the lag was real
    fresh, _, _ = _dashboard(other, county.township_a.code)
    assert f'data-code="{NEW_VILLAGE}"' in fresh  # caught up


def test_a_write_through_the_replica_alias_is_refused(county) -> None:
    with pytest.raises(DatabaseError, match="read-only transaction"):
        Organization.objects.using(REPLICA).filter(code=county.village_a1.code).update(name="改名")
    assert Organization.objects.get(code=county.village_a1.code).name == county.village_a1.name


def _real_replica() -> psycopg.Connection:
    """The streaming replica itself, on the test database (CREATE DATABASE streams too)."""
    return psycopg.connect(settings.REPLICA_STREAM_URL, dbname=connections["default"].settings_dict["NAME"])


def test_the_real_replica_streams_the_primarys_writes(county) -> None:
    village = f.village(county.township_b, "299", "流复村")
    with _real_replica() as replica:
        assert replica.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
        deadline = time.monotonic() + 30
        found = None
        while found is None and time.monotonic() < deadline:
            found = replica.execute(
                "SELECT name FROM organizations_organization WHERE code = %s", [village.code]
            ).fetchone()
            replica.rollback()
            if found is None:
                time.sleep(0.1)
    assert found == ("流复村",)


def test_the_real_replica_refuses_writes(county) -> None:
    with _real_replica() as replica, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        replica.execute("UPDATE organizations_organization SET name = 'x' WHERE code = %s", [county.county.code])
