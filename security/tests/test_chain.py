"""The security log is one hash chain, append-only in the database, and verification finds the first broken link."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from security import services, triggers
from security.chain import canonical, digest, verify
from security.models import GENESIS, ChainHead, Kind, Outcome, SecurityEvent

from .helpers import days_ago, execute, write

pytestmark = pytest.mark.django_db


def test_each_event_names_the_hash_of_the_one_before_and_hashes_its_own_fields():
    first, second, third = write(3)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    stored = SecurityEvent.objects.values().get(seq=2)
    assert digest(stored) == second.hash
    assert ChainHead.objects.get().seq == 3 and ChainHead.objects.get().hash == third.hash


def test_the_serialization_is_canonical_json_of_every_field_with_the_time_in_utc():
    event = services.record(Kind.DOWNLOAD, username="张三", target="人员.xlsx", detail={"b": [2, 1], "a": "x"})
    text = canonical(SecurityEvent.objects.values().get(seq=event.seq)).decode()
    assert text.startswith('{"address":"","at":"')
    assert '"detail":{"a":"x","b":[2,1]}' in text and '"username":"张三"' in text and '"target":"人员.xlsx"' in text
    assert '"at":"' in text and "+00:00" in text


def test_record_takes_who_and_where_from_the_request():
    request = RequestFactory().get(
        "/people/?q=%E7%8E%8B&format=xlsx", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140"
    )
    event = services.record(Kind.DOWNLOAD, target="人员.xlsx", request=request, username="someone")
    event.refresh_from_db()
    assert event.path == "/people/?q=%E7%8E%8B&format=xlsx"
    assert event.address == "10.1.2.3" and event.user_agent == "Firefox/140"
    assert event.username == "someone" and event.user_id is None
    assert event.outcome == Outcome.SUCCESS and event.at is not None


def test_the_stored_text_is_the_hashed_text_however_long_or_odd_the_input():
    event = services.record(Kind.LOGIN_FAILED, username="a\x00b" + "x" * 500, target="t" * 900)
    event.refresh_from_db()
    assert event.username == "ab" + "x" * 148 and len(event.target) == 200
    assert verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE security_securityevent SET username = 'mallory'",
        "UPDATE security_securityevent SET outcome = 'success' WHERE seq = 1",
        "DELETE FROM security_securityevent",
        "DELETE FROM security_securityevent WHERE seq = 2",
    ],
)
def test_the_database_refuses_update_and_delete_of_events_in_raw_sql(sql):
    write(2)
    with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic():
        execute(sql)
    assert list(SecurityEvent.objects.order_by("seq").values_list("username", "outcome")) == [
        ("user0", "success"),
        ("user1", "success"),
    ]


def test_the_orm_cannot_change_or_delete_events_either():
    (event,) = write(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(target="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert SecurityEvent.objects.get().target == "" and verify().ok


def test_an_event_older_than_the_minimum_retention_may_be_deleted_but_not_changed():
    (old,) = write(1, at=days_ago(181))
    (recent,) = write(1, at=days_ago(179))
    with pytest.raises(DatabaseError), transaction.atomic():
        execute("UPDATE security_securityevent SET username = 'x' WHERE seq = %s", [old.seq])
    with pytest.raises(DatabaseError), transaction.atomic():
        execute("DELETE FROM security_securityevent WHERE seq = %s", [recent.seq])
    execute("DELETE FROM security_securityevent WHERE seq = %s", [old.seq])
    assert list(SecurityEvent.objects.values_list("seq", flat=True)) == [recent.seq]


def test_postgresql_refuses_truncating_a_log_with_events(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    write(1)
    # The application's role may not TRUNCATE at all; the owner would be stopped by the trigger.
    with pytest.raises(DatabaseError, match=f"permission denied|{triggers.MESSAGE}"), transaction.atomic():
        execute("TRUNCATE security_securityevent")
    assert SecurityEvent.objects.count() == 1


# -- verification ---------------------------------------------------------------------------------


def _tamper(sql: str, params: list | None = None) -> None:
    """What an attacker with the database file can do: drop the triggers, write, put them back."""
    with triggers.suspended():
        execute(sql, params)


def test_an_intact_chain_verifies_and_the_command_says_so():
    write(5)
    result = verify()
    assert result.ok and result.checked == 5 and (result.first_seq, result.last_seq) == (1, 5)
    out = io.StringIO()
    call_command("verify_security_log", stdout=out)
    assert "安全日志完整" in out.getvalue() and "共 5 条事件" in out.getvalue()
    recorded = SecurityEvent.objects.get(kind=Kind.LOG_VERIFIED)
    assert recorded.outcome == Outcome.SUCCESS and recorded.detail == {"checked": 5}


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_an_edited_row_is_found_and_the_command_fails_naming_it():
    write(5)
    _tamper("UPDATE security_securityevent SET username = 'innocent' WHERE seq = 3")

    result = verify()
    assert not result.ok and result.broken_seq == 3 and result.problem == "content"
    with pytest.raises(CommandError, match="第 3 条事件处断裂") as failure:
        call_command("verify_security_log", stdout=io.StringIO())
    assert failure.value.returncode == 1
    recorded = SecurityEvent.objects.get(kind=Kind.LOG_VERIFIED)
    assert recorded.outcome == Outcome.FAILURE and recorded.detail == {
        "checked": 3,
        "broken_seq": 3,
        "problem": "content",
    }


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_an_edit_with_its_hash_recomputed_breaks_the_next_link():
    write(5)
    row = SecurityEvent.objects.values().get(seq=2)
    row["username"] = "innocent"
    _tamper("UPDATE security_securityevent SET username = 'innocent', hash = %s WHERE seq = 2", [digest(row)])
    result = verify()
    assert (result.ok, result.broken_seq, result.problem) == (False, 3, "link")


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_a_removed_row_is_a_gap():
    write(5)
    _tamper("DELETE FROM security_securityevent WHERE seq = 4")
    assert (verify().broken_seq, verify().problem) == (5, "gap")


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_removed_first_rows_without_a_checkpoint_are_found():
    write(5)
    _tamper("DELETE FROM security_securityevent WHERE seq <= 2")
    assert (verify().ok, verify().broken_seq, verify().problem) == (False, 3, "start")


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_removed_last_rows_do_not_match_the_chain_head():
    write(5)
    _tamper("DELETE FROM security_securityevent WHERE seq = 5")
    assert (verify().ok, verify().problem) == (False, "head")


def test_a_read_only_check_writes_nothing():
    write(2)
    call_command("verify_security_log", "--no-record", stdout=io.StringIO())
    assert SecurityEvent.objects.count() == 2


def test_an_empty_log_verifies():
    assert verify().ok
    out = io.StringIO()
    call_command("verify_security_log", "--no-record", stdout=out)
    assert "安全日志为空" in out.getvalue()


def test_a_lost_chain_head_is_rebuilt_from_the_last_event():
    first, second = write(2)
    ChainHead.objects.all().delete()
    (third,) = write(1)
    assert third.seq == 3 and third.prev_hash == second.hash and verify().ok
