"""Every security-relevant action writes its event, with who, when, what and from where."""

import datetime as dt
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, RoleAssignment
from accounts.two_factor import current_code
from exchange.models import ImportJob, ImportStatus
from exchange.tests.helpers import upload, xlsx
from security.chain import verify
from security.models import Kind, Outcome, SecurityEvent
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

ADDRESS = "10.20.30.40"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chromium/140"
FROM = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT}


def events(kind: Kind) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("seq"))


def only(kind: Kind) -> SecurityEvent:
    found = events(kind)
    assert len(found) == 1, [(e.kind, e.username, e.target) for e in found]
    return found[0]


def assert_from(event: SecurityEvent, path: str) -> None:
    assert event.address == ADDRESS and event.user_agent == AGENT and event.path == path
    assert abs(event.at - timezone.now()) < dt.timedelta(minutes=1)


def log_in(client, username: str, password: str = f.PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **FROM)


@pytest.fixture
def admins(county, personas) -> dict[str, object]:
    return {
        "system": f.user("sysadmin", Role.SYSTEM_ADMIN),
        "security": f.user("secadmin", Role.SECURITY_ADMIN),
    }


# -- signing in and out ---------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_who_when_and_from_where(client, personas):
    log_in(client, "member")
    event = only(Kind.LOGIN_SUCCEEDED)
    assert (event.user_id, event.username, event.outcome) == (personas.member.pk, "member", Outcome.SUCCESS)
    assert event.detail == {"factor": "password"}
    assert_from(event, reverse("accounts:login"))


def test_a_wrong_password_is_recorded_as_a_failure_of_that_account(client, personas):
    log_in(client, "member", "wrong-Password-1")
    event = only(Kind.LOGIN_FAILED)
    assert (event.user_id, event.username, event.outcome) == (personas.member.pk, "member", Outcome.FAILURE)
    assert_from(event, reverse("accounts:login"))
    assert not events(Kind.LOGIN_SUCCEEDED)


def test_a_failed_sign_in_with_an_unknown_name_keeps_the_name_tried(client, personas):
    log_in(client, "nobody-here", "wrong-Password-1")
    event = only(Kind.LOGIN_FAILED)
    assert (event.user_id, event.username, event.target) == (None, "nobody-here", "nobody-here")


def test_a_lockout_is_recorded(client, personas):
    for _ in range(5):
        log_in(client, "member", "wrong-Password-1")
    assert len(events(Kind.LOGIN_FAILED)) == 5
    lockout = only(Kind.LOCKOUT)
    assert (lockout.user_id, lockout.username, lockout.outcome) == (personas.member.pk, "member", Outcome.REFUSED)
    assert ADDRESS in lockout.target
    assert_from(lockout, reverse("accounts:login"))


def test_a_wrong_two_factor_code_and_the_right_one_are_recorded(client, personas):
    device = f.totp_device(personas.county_admin)
    log_in(client, "county_admin")
    client.post(reverse("accounts:otp_verify"), {"code": "000000"}, **FROM)
    failed = only(Kind.LOGIN_FAILED)
    assert failed.username == "county_admin" and failed.detail == {"factor": "two_factor"}
    assert_from(failed, reverse("accounts:otp_verify"))
    device.refresh_from_db()
    device.throttle_reset()  # django-otp waits a second after a wrong code
    code = current_code(device, at=time.time() + device.step)
    client.post(reverse("accounts:otp_verify"), {"code": code}, **FROM)
    assert [e.detail["factor"] for e in events(Kind.LOGIN_SUCCEEDED)] == ["password", "two_factor"]


def test_a_sign_out_is_recorded(client, personas):
    client.force_login(personas.member)
    client.post(reverse("accounts:logout"), **FROM)
    event = only(Kind.LOGOUT)
    assert (event.user_id, event.username) == (personas.member.pk, "member")
    assert_from(event, reverse("accounts:logout"))


# -- a user's own credentials ---------------------------------------------------------------------


def test_changing_ones_password_is_recorded(client, personas):
    client.force_login(personas.member)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": "Neues-Passwort-42", "new_password2": "Neues-Passwort-42"},
        **FROM,
    )
    event = only(Kind.PASSWORD_CHANGED)
    assert (event.user_id, event.target) == (personas.member.pk, "member")
    assert_from(event, reverse("accounts:password_change"))


def test_adding_and_removing_a_device_are_recorded(client, personas):
    client.force_login(personas.member)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=personas.member, confirmed=False)
    client.post(reverse("accounts:otp_setup"), {"code": "000000"}, **FROM)
    refused = only(Kind.DEVICE_ADDED)
    assert refused.outcome == Outcome.REFUSED and refused.detail == {"codes": ["otp_wrong"]}
    client.post(reverse("accounts:otp_setup"), {"code": current_code(device)}, **FROM)
    added = events(Kind.DEVICE_ADDED)[-1]
    assert (added.outcome, added.username, added.user_id) == (Outcome.SUCCESS, "member", personas.member.pk)
    assert_from(added, reverse("accounts:otp_setup"))

    client.post(reverse("accounts:device_remove", args=[device.pk]), **FROM)
    removed = only(Kind.DEVICE_REMOVED)
    assert removed.outcome == Outcome.SUCCESS and removed.target.startswith("member")
    assert_from(removed, reverse("accounts:device_remove", args=[device.pk]))


# -- the administrators ---------------------------------------------------------------------------


def test_creating_a_user_grants_a_role_and_both_are_recorded_as_the_system_administrators(client, admins, county):
    client.force_login(admins["system"])
    client.post(
        reverse("accounts:user_create"),
        {
            "username": "newbie",
            "name": "新人",
            "password": "Start-Passwort-42",
            "role": Role.VILLAGE_ADMIN,
            "organization": county.village_a1.code,
        },
        **FROM,
    )
    created = only(Kind.USER_CREATED)
    granted = only(Kind.ROLE_GRANTED)
    for event in (created, granted):
        assert (event.username, event.user_id, event.target) == ("sysadmin", admins["system"].pk, "newbie")
        assert_from(event, reverse("accounts:user_create"))
    assert granted.detail == {"role": f"village_admin {county.village_a1.code}"}


def test_role_grant_revoke_deactivate_and_reset_are_recorded(client, admins, personas, county):
    client.force_login(admins["system"])
    url = reverse("accounts:user_detail", args=[personas.member.pk])
    client.post(url, {"action": "add_role", "role": Role.VILLAGE_SUPERVISOR, "organization": county.village_a1.code})
    assignment = RoleAssignment.objects.get(user=personas.member, role=Role.VILLAGE_SUPERVISOR)
    client.post(url, {"action": "remove_role", "assignment": assignment.pk}, **FROM)
    client.post(url, {"action": "deactivate"}, **FROM)
    client.post(url, {"action": "activate"}, **FROM)
    client.post(
        url,
        {"action": "reset_password", "new_password1": "Temp-Passwort-42", "new_password2": "Temp-Passwort-42"},
        **FROM,
    )
    for kind in (Kind.ROLE_GRANTED, Kind.ROLE_REVOKED, Kind.USER_DEACTIVATED, Kind.USER_ACTIVATED, Kind.PASSWORD_RESET):
        event = only(kind)
        assert (event.username, event.target, event.outcome) == ("sysadmin", "member", Outcome.SUCCESS), kind
    assert only(Kind.ROLE_REVOKED).detail == {"role": f"village_supervisor {county.village_a1.code}"}
    assert_from(only(Kind.USER_DEACTIVATED), url)


def test_a_refused_administrator_action_stays_recorded_although_its_transaction_rolled_back(client, admins):
    client.force_login(admins["system"])
    url = reverse("accounts:user_detail", args=[admins["security"].pk])
    client.post(url, {"action": "deactivate"}, **FROM)
    assert get_user_model().objects.get(pk=admins["security"].pk).is_active
    event = only(Kind.USER_DEACTIVATED)
    assert (event.outcome, event.username, event.target) == (Outcome.REFUSED, "sysadmin", "secadmin")
    assert event.detail == {"codes": ["administrator_account"]}
    assert_from(event, url)


def test_security_administrator_resets_two_factor_and_unlocks_recorded(client, admins, personas):
    f.totp_device(personas.member)
    client.force_login(admins["security"])
    url = reverse("accounts:security_user", args=[personas.member.pk])
    client.post(url, {"action": "reset_two_factor"}, **FROM)
    reset = only(Kind.TWO_FACTOR_RESET)
    assert (reset.username, reset.target, reset.detail) == ("secadmin", "member", {"deleted": 1})
    assert_from(reset, url)

    AccessAttempt.objects.create(username="member", ip_address=ADDRESS, failures_since_start=5, user_agent="x")
    client.post(reverse("accounts:security"), {"username": "member"}, **FROM)
    client.post(reverse("accounts:security"), {}, **FROM)
    unlocked, refused = events(Kind.ACCOUNT_UNLOCKED)
    assert (unlocked.outcome, unlocked.username, unlocked.target) == (Outcome.SUCCESS, "secadmin", "member")
    assert (refused.outcome, refused.detail) == (Outcome.REFUSED, {"codes": ["unlock_nothing"]})
    assert_from(unlocked, reverse("accounts:security"))


def test_a_superusers_change_in_the_django_admin_is_recorded(client, personas):
    root = f.superuser()
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[personas.member.pk])
    form = {"username": "member", "is_active": "", "date_joined_0": "2010-01-01", "date_joined_1": "08:00:00"}
    response = client.post(url, {**form, "initial-date_joined_0": "2010-01-01", "initial-date_joined_1": "08:00:00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = only(Kind.ADMIN_ACTION)
    assert (event.username, event.user_id) == ("root", root.pk)
    assert event.target == f"auth.user {personas.member.pk}: member"
    assert event.detail["change"].startswith("changed: Changed")


# -- downloads ------------------------------------------------------------------------------------


def test_a_list_export_is_recorded_with_its_query(client, personas):
    client.force_login(personas.township_admin_a)
    client.get(reverse("people:member_list"), {"status": "full", "format": "xlsx"}, **FROM)
    event = only(Kind.DOWNLOAD)
    assert (event.username, event.user_id, event.target) == ("township_a", personas.township_admin_a.pk, "党员.xlsx")
    assert_from(event, f"{reverse('people:member_list')}?status=full&format=xlsx")


def test_a_report_download_is_recorded(client, personas, county):
    client.force_login(personas.county_admin)
    response = client.get(reverse("reports:report_download"), {"format": "html", "year": "2010"}, **FROM)
    assert response.status_code == 200
    event = only(Kind.DOWNLOAD)
    assert event.target == "campaign-report-350725-2010-zh-hans.html" and event.username == "county_admin"
    assert_from(event, f"{reverse('reports:report_download')}?format=html&year=2010")


def test_an_import_template_is_a_download_too(client, personas):
    client.force_login(personas.township_admin_a)
    client.get(reverse("exchange:template", args=["villages"]), **FROM)
    assert only(Kind.DOWNLOAD).path == reverse("exchange:template", args=["villages"])


def test_a_page_is_no_download(client, personas):
    client.force_login(personas.township_admin_a)
    client.get(reverse("people:member_list"), **FROM)
    assert not events(Kind.DOWNLOAD)


# -- personal data shown in full ------------------------------------------------------------------


def test_the_county_admin_seeing_a_person_in_full_is_recorded_with_the_persons_id(client, personas):
    client.force_login(personas.county_admin)
    url = reverse("people:person_detail", args=[personas.member_person.pk])
    client.get(url, **FROM)
    event = only(Kind.UNMASKED_VIEWED)
    assert event.detail == {"person_ids": [personas.member_person.pk]}
    assert (event.username, event.user_id) == ("county_admin", personas.county_admin.pk)
    assert_from(event, url)


def test_unmasked_lists_and_exports_record_every_person_shown(client, personas, county):
    other = f.member(county.village_b1, county.group_b1, name="王党员", phone="13900005678")
    client.force_login(personas.county_admin)
    client.get(reverse("people:person_list"), **FROM)
    client.get(reverse("people:member_list"), {"format": "xlsx"}, **FROM)
    shown = [sorted(e.detail["person_ids"]) for e in events(Kind.UNMASKED_VIEWED)]
    assert shown == [sorted([personas.member_person.pk, other.pk])] * 2
    assert only(Kind.DOWNLOAD).target == "党员.xlsx"


def test_masked_views_and_ones_own_record_are_not_recorded(client, personas):
    client.force_login(personas.township_admin_a)
    client.get(reverse("people:person_detail", args=[personas.member_person.pk]))
    client.force_login(personas.member)
    client.get(reverse("people:person_detail", args=[personas.member_person.pk]))
    assert not events(Kind.UNMASKED_VIEWED)


# -- imports --------------------------------------------------------------------------------------

VILLAGES = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"]])


def test_an_import_preview_and_commit_are_recorded(client, personas):
    client.force_login(personas.township_admin_a)
    client.post(reverse("exchange:import_start"), {"kind": "villages", "file": upload(VILLAGES, "村.xlsx")}, **FROM)
    job = ImportJob.objects.get()
    previewed = only(Kind.IMPORT_PREVIEWED)
    assert (previewed.username, previewed.target, previewed.outcome) == ("township_a", "villages: 村.xlsx", "success")
    assert previewed.detail == {"job": job.pk, "import_kind": "villages", "stage": "preview", "errors": 0}
    assert_from(previewed, reverse("exchange:import_start"))

    client.post(reverse("exchange:job_commit", args=[job.pk]), **FROM)
    committed = only(Kind.IMPORT_COMMITTED)
    assert committed.detail == {
        "job": job.pk,
        "import_kind": "villages",
        "stage": "commit",
        "errors": 0,
        "created": 1,
        "updated": 0,
    }
    assert_from(committed, reverse("exchange:job_commit", args=[job.pk]))


def test_a_failed_import_is_recorded(client, personas):
    client.force_login(personas.township_admin_a)
    client.post(reverse("exchange:import_start"), {"kind": "villages", "file": upload(b"not a workbook")}, **FROM)
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    failed = only(Kind.IMPORT_FAILED)
    assert (failed.outcome, failed.username, failed.detail["stage"]) == (Outcome.FAILURE, "township_a", "preview")


def test_after_all_that_the_chain_is_intact(client, personas):
    log_in(client, "member", "wrong-Password-1")
    log_in(client, "member")
    client.get(reverse("people:member_list"), {"format": "xlsx"}, **FROM)
    assert SecurityEvent.objects.count() >= 3 and verify().ok


def test_a_role_bound_to_a_person_names_the_persons_id_not_their_name(personas):
    from accounts import services as accounts_services

    accounts_services.role_assign(
        user=personas.township_admin_a, role=Role.LINKED_LEADER, person=personas.member_person
    )
    event = only(Kind.ROLE_GRANTED)
    assert event.detail == {"role": f"linked_leader person {personas.member_person.pk}"}
    assert (event.target, event.username, event.path) == ("township_a", "", "")  # no request: no one signed in
