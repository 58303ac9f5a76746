"""Reminders: the daily run notifies once, writes each digest once, and a user reads only their own."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Profile
from notifications.backends import ConsoleBackend, FileBackend
from notifications.models import Digest, Notification, Stage
from notifications.services import reminders_send
from xianfeng.tests import factories as f
from xianfeng.tests.test_todos import TODAY

DUE_SOON = dt.date(2010, 11, 20)  # the member's commitment is due on the 22nd
FILE_AND_IN_APP = ["notifications.backends.InAppBackend", "notifications.backends.FileBackend"]


HTMX = {"HX-Request": "true"}  # the navigation fetches its counts with htmx; opened directly they redirect


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.NOTIFICATION_BACKENDS = FILE_AND_IN_APP
    settings.NOTIFICATION_FILE_DIR = tmp_path
    return tmp_path


def _run(day: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_the_digest_is_written_once_and_reminders_do_not_repeat(personas, work, file_backend):
    first = _run()
    village = personas.village_admin_b
    path = file_backend / TODAY.isoformat() / f"{village.username}.txt"
    text = path.read_text(encoding="utf-8")
    assert "待办" in text and "【已逾期】" in text and "/affairs/" in text
    reminders = Notification.objects.filter(user=village).exclude(stage=Stage.DIGEST)
    assert reminders.filter(stage=Stage.OVERDUE).exists()  # disclosures overdue since February
    counts = (Notification.objects.count(), Digest.objects.count())
    assert counts[1] >= 4 and "digests sent" in first
    path.write_text("read by the user", encoding="utf-8")

    second = _run()
    assert (Notification.objects.count(), Digest.objects.count()) == counts
    assert path.read_text(encoding="utf-8") == "read by the user"  # not written again
    assert " 0 new reminders" in second and " 0 digests sent" in second


def test_due_soon_within_the_configured_days(settings, personas, work):
    """The member's commitment is due on 22 November: reminded from the 19th (3 days), not on the 18th."""
    settings.NOTIFICATION_DUE_SOON_DAYS = 3
    mine = Notification.objects.filter(user=personas.member, stage=Stage.DUE_SOON)
    reminders_send(day=dt.date(2010, 11, 18), backends=[], users=[personas.member])
    assert not mine.exists()
    reminders_send(day=dt.date(2010, 11, 19), backends=[], users=[personas.member])
    (reminder,) = mine
    assert reminder.kind == "practice.commitment_report" and reminder.due == dt.date(2010, 11, 22)
    reminders_send(day=dt.date(2010, 11, 23), backends=[], users=[personas.member])
    assert Notification.objects.filter(user=personas.member, stage=Stage.OVERDUE).count() == 1


def test_console_backend_and_english_digest(personas, work):
    Profile.objects.update_or_create(user=personas.member, defaults={"language": "en"})
    out = io.StringIO()
    reminders_send(day=TODAY, backends=[ConsoleBackend(out)], users=[personas.member])
    assert "member" in out.getvalue() and "Report on commitment" in out.getvalue()


def test_file_backend_path_and_full_links(settings, tmp_path, personas, work):
    settings.NOTIFICATION_SITE_URL = "https://xianfeng.example.gov.cn"
    reminders_send(day=TODAY, backends=[FileBackend(tmp_path)], users=[personas.member])
    text = (tmp_path / "2010-11-05" / "member.txt").read_text(encoding="utf-8")
    assert "https://xianfeng.example.gov.cn/practice/commitments/" in text
    assert "https://xianfeng.example.gov.cn/todos/" in text


def test_bad_date_is_refused_and_writes_nothing(personas, work):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2010-13-01")
    assert not Notification.objects.exists() and not Digest.objects.exists()


def test_the_page_marks_read_and_shows_only_ones_own(client, personas, work):
    reminders_send(day=DUE_SOON, backends=[], users=[personas.member, personas.village_admin_b])
    mine = Notification.objects.filter(user=personas.member).first()
    theirs = Notification.objects.filter(user=personas.village_admin_b).first()
    client.force_login(personas.member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert mine.title in page and theirs.title not in page
    assert 'data-unread-count="1"' in client.get(reverse("notifications:badge"), headers=HTMX).content.decode()
    # Someone else's notification: 404, and it stays unread.
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405  # POST only
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'data-unread-count="0"' in client.get(reverse("notifications:badge"), headers=HTMX).content.decode()


def test_mark_all_read_touches_only_ones_own(client, personas, work):
    reminders_send(day=DUE_SOON, backends=[], users=[personas.member, personas.village_admin_b])
    client.force_login(personas.village_admin_b)
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(user=personas.village_admin_b).unread().exists()
    assert Notification.objects.filter(user=personas.member).unread().exists()
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No unread reminders." in page


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_user_without_work_gets_no_digest(county):
    quiet = f.user("quiet", "village_supervisor", organization=county.village_a1)
    summary = reminders_send(day=TODAY, backends=[], users=[quiet])
    assert summary.digests == 0 and not Digest.objects.exists()
