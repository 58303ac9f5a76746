"""Retention: at least 180 days, configurable; the purge deletes older events and leaves a verifiable chain."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command

from security import services, triggers
from security.apps import check_retention
from security.chain import verify
from security.models import Kind, SecurityEvent

from .helpers import days_ago, execute, write

pytestmark = pytest.mark.django_db


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_security_log", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_the_old_events_and_the_rest_still_verifies():
    old = write(3, at=days_ago(400))
    write(2, at=days_ago(200))
    kept = write(2, at=days_ago(10))

    output = purge()

    assert "已删除 5 条" in output and "至第 5 条" in output
    assert list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True)) == [6, 7, 8]
    checkpoint = SecurityEvent.objects.get(kind=Kind.LOG_PURGED)
    assert checkpoint.seq == 8 and checkpoint.detail["through_seq"] == 5 and checkpoint.detail["deleted"] == 5
    assert checkpoint.detail["last_hash"] == kept[0].prev_hash
    assert old[0].hash not in SecurityEvent.objects.values_list("hash", flat=True)
    result = verify()
    assert result.ok and (result.first_seq, result.last_seq) == (6, 8)


def test_a_second_purge_starts_from_the_first_ones_end():
    write(2, at=days_ago(400))
    write(2, at=days_ago(300))
    write(1, at=days_ago(10))
    purge("--days", "350")  # deletes 1–2, checkpoint 6
    assert verify().ok
    purge()  # deletes 3–4, checkpoint 7
    assert list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True)) == [5, 6, 7]
    assert verify().ok


def test_purge_with_nothing_old_deletes_nothing_and_writes_no_checkpoint():
    write(2, at=days_ago(100))
    assert "未删除任何事件" in purge()
    assert SecurityEvent.objects.count() == 2 and verify().ok


def test_purge_refuses_fewer_days_than_the_retention(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    write(2, at=days_ago(300))
    with pytest.raises(CommandError, match="保留期为 365 天，不能只保留 200 天"):
        purge("--days", "200")
    assert "未删除任何事件" in purge()  # 300 days < 365: still inside the retention
    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).count() == 2


def test_the_service_refuses_inside_the_minimum_retention_whatever_the_setting():
    write(1, at=days_ago(100))
    with pytest.raises(ValidationError) as refusal:
        services.purge_before(days=30)
    assert refusal.value.code == "retention_too_short"
    assert SecurityEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # PostgreSQL: only the owner, outside a transaction, drops the triggers
def test_purge_refuses_a_broken_chain_and_deletes_nothing():
    write(3, at=days_ago(400))
    write(1, at=days_ago(1))
    with triggers.suspended():
        execute("UPDATE security_securityevent SET username = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="校验未通过（第 2 条事件处断裂），不清理"):
        purge()
    assert SecurityEvent.objects.count() == 4


def test_the_retention_setting_defaults_to_180_days():
    assert settings.SECURITY_LOG_RETENTION_DAYS >= 180
    assert check_retention(180) == 180 and check_retention(3650) == 3650


@pytest.mark.parametrize("value", [179, 0, -1, "180", None, True])
def test_a_retention_below_180_days_or_not_a_number_is_refused_at_start_up(value):
    with pytest.raises(ImproperlyConfigured, match="SECURITY_LOG_RETENTION_DAYS"):
        check_retention(value)


@pytest.mark.parametrize(("value", "ok"), [("90", False), ("half a year", False), ("365", True)])
def test_the_environment_variable_is_checked_when_the_settings_load(value, ok):
    env = {**os.environ, "SECURITY_LOG_RETENTION_DAYS": value, "DJANGO_SETTINGS_MODULE": "xianfeng.settings"}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SECURITY_LOG_RETENTION_DAYS)"
    )
    run = subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    if ok:
        assert run.returncode == 0 and run.stdout.strip() == value
    else:
        assert run.returncode != 0 and "SECURITY_LOG_RETENTION_DAYS must be a whole number of days" in run.stderr
