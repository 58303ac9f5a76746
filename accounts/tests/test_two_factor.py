"""Two-factor sign-in (T-TRUST, GB/T 22239-2019 8.1.4.1 d): required for county admins, the administrators
and superusers, optional for everyone else; wrong codes count toward the lockout."""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import current_code
from xianfeng.tests import factories as f

VERIFY = reverse("accounts:otp_verify")
SET_UP = reverse("accounts:otp_setup")


def log_in(client, username: str, password: str = f.PASSWORD, **extra: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def next_code(device: TOTPDevice) -> str:
    """A valid code not used yet: the next time step's (the device accepts one step of drift)."""
    device.refresh_from_db()
    return current_code(device, at=time.time() + device.step)


@pytest.fixture
def admin(county, personas):
    return personas.county_admin


def test_county_admin_without_a_device_is_sent_to_set_up_and_can_do_nothing_else(client, admin):
    response = log_in(client, "county_admin")
    assert response.status_code == 302

    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(SET_UP)
    for name in ("organizations:tree", "people:person_list", "accounts:my_account", "reports:dashboard"):
        blocked = client.get(reverse(name))
        assert blocked.status_code == 302 and blocked.url.startswith(SET_UP), name
    assert client.get("/admin/").url.startswith(SET_UP)
    # The set-up page's own fragments (the navigation's counts) get nothing, not the set-up page again.
    fragment = client.get(reverse("todo_badge"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204 and fragment.content == b""

    page = client.get(SET_UP).content.decode()
    assert "您的角色必须使用两步验证" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    wrong = client.post(SET_UP, {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post(SET_UP, {"code": current_code(device), "next": "/org/"})
    assert done.status_code == 302 and done.url == "/org/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_the_set_up_page_shows_the_secret_in_text(client, admin):
    log_in(client, "county_admin")
    page = client.get(SET_UP).content.decode()
    device = TOTPDevice.objects.get(user=admin)
    from accounts.two_factor import secret_text

    assert secret_text(device) in page


def test_county_admin_with_a_device_must_enter_the_code(client, admin):
    device = f.totp_device(admin)
    log_in(client, "county_admin")

    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(VERIFY)
    assert client.get(SET_UP).url.startswith(VERIFY)  # no new device before the code

    response = client.post(VERIFY, {"code": current_code(device), "next": "/people/"})

    assert response.status_code == 302 and response.url == "/people/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_counted_as_a_failure(client, admin):
    f.totp_device(admin)
    log_in(client, "county_admin")

    response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert client.get(reverse("home")).url.startswith(VERIFY)
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="county_admin").failures_since_start == 1


def test_a_malformed_code_is_refused_and_not_counted(client, admin):
    f.totp_device(admin)
    log_in(client, "county_admin")
    response = client.post(VERIFY, {"code": "12ab"})
    assert "请输入 6 位数字验证码。" in response.content.decode()
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()


def test_five_wrong_codes_lock_the_account_and_end_the_session(client, admin):
    device = f.totp_device(admin)
    device.tolerance = 0
    device.save()
    log_in(client, "county_admin")
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000001"}).status_code == 200

    fifth = client.post(VERIFY, {"code": "000001"})

    assert fifth.status_code == 429 and "已被锁定 30 分钟" in fifth.content.decode()
    assert "_auth_user_id" not in client.session
    # The password no longer opens the account either.
    again = log_in(client, "county_admin")
    assert again.status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, admin):
    f.totp_device(admin)
    for _ in range(3):
        log_in(client, "county_admin", "wrong-Password-1")
    log_in(client, "county_admin")
    client.post(VERIFY, {"code": "000001"})
    response = client.post(VERIFY, {"code": "000001"})
    assert response.status_code == 429


def test_member_signs_in_without_two_factor(client, personas):
    response = log_in(client, "member")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:my_account")).status_code == 200


def test_member_who_added_a_device_is_asked_for_the_code(client, personas):
    device = f.totp_device(personas.member)
    log_in(client, "member")
    assert client.get(reverse("home")).url.startswith(VERIFY)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(reverse("home")).status_code == 200


def test_superuser_needs_two_factor_for_the_admin_site(client, county):
    f.superuser("root")
    log_in(client, "root")
    assert client.get("/admin/").url.startswith(SET_UP)


def test_member_adds_and_removes_a_device_on_my_account(client, personas):
    client.force_login(personas.member)
    assert "尚未启用两步验证" in client.get(reverse("accounts:my_account")).content.decode()
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=personas.member)
    response = client.post(SET_UP, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:my_account")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    removed = client.post(reverse("accounts:device_remove", args=[device.pk]))

    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.member).exists()
    assert client.get(reverse("home")).status_code == 200


def test_county_admin_cannot_remove_their_last_device(client, admin):
    client.force_login(admin)
    device = TOTPDevice.objects.get(user=admin)

    response = client.post(reverse("accounts:device_remove", args=[device.pk]), follow=True)

    assert "不能删除最后一个设备" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_county_admin_may_remove_one_of_two_devices(client, admin):
    client.force_login(admin)
    spare = f.totp_device(admin, key="00" * 20)
    client.post(reverse("accounts:device_remove", args=[spare.pk]))
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()


def test_nobody_removes_another_users_device(client, personas):
    other = f.totp_device(personas.township_admin_a)
    client.force_login(personas.member)
    assert client.post(reverse("accounts:device_remove", args=[other.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_a_removed_device_no_longer_holds_a_verified_session(client, personas):
    """The security administrator removed the phone: the session is sent to set up a new device."""
    admin = personas.county_admin
    device = f.totp_device(admin)
    log_in(client, "county_admin")
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(reverse("home")).status_code == 200

    TOTPDevice.objects.filter(user=admin).delete()

    first = client.get(reverse("home"))
    assert first.url.startswith(VERIFY)
    assert client.get(first.url).url.startswith(SET_UP)


def test_next_is_kept_on_this_site_only(client, admin):
    device = f.totp_device(admin)
    log_in(client, "county_admin")
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_the_sign_in_pages_render_in_english(client, admin):
    client.cookies["django_language"] = "en"
    log_in(client, "county_admin")
    setup = client.get(SET_UP).content.decode()
    assert "Set up two-factor authentication" in setup and "Secret key" in setup
    f.totp_device(admin, key="00" * 20)
    TOTPDevice.objects.filter(user=admin, confirmed=False).delete()
    verify = client.get(VERIFY, follow=True).content.decode()  # by way of the set-up page, which sees the device
    assert "Two-factor authentication" in verify and "6-digit code" in verify
