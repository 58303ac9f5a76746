"""Password rules, expiry, forced change and the idle timeout (T-TRUST, GB/T 22239-2019 8.1.4.1 a-c)."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.models import PasswordState
from accounts.passwords import character_classes
from xianfeng.tests import factories as f

CHANGE = reverse("accounts:password_change")


def codes(password: str, user=None) -> set[str | None]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {error.code for error in exc.error_list}
    return set()


def log_in(client, username: str, password: str = f.PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def change(client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


# -- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!xyz", "password_too_short"),
        ("abcdefgh12", "password_too_simple"),  # two classes
        ("ABCDEFGH!!", "password_too_simple"),
        ("xianfeng2010", "password_product_name"),  # the published demo password
        ("Xianfeng@2024", "password_product_name"),
        ("XIANFENG-county-1", "password_product_name"),
        ("先锋Party-2010", "password_product_name"),
        ("12345678", "password_entirely_numeric"),
        ("Password123", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused_by_the_right_rule(password: str, code: str) -> None:
    assert code in codes(password)


def test_a_password_like_the_username_or_name_is_refused(db) -> None:
    user = get_user_model()(username="zhangsanfeng", first_name="Zhangsanfeng")
    assert "password_too_similar" in codes("Zhangsanfeng1!", user)


@pytest.mark.parametrize("password", [f.PASSWORD, "Qingshan-2011-new", "tea&Hills9", "茶山Tea2010", "Zheng he 2010"])
def test_strong_passwords_pass(password: str) -> None:
    assert codes(password) == set()


def test_character_classes() -> None:
    assert character_classes("aA1!") == 4
    assert character_classes("abc") == 1
    assert character_classes("abc 123") == 2  # a space is no symbol
    assert character_classes("茶abc") == 2  # a Chinese character counts as a symbol


def test_django_validators_stay() -> None:
    names = [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
        "CharacterClassesValidator",
        "ProductNameValidator",
        "PasswordAgeValidator",
    } <= set(names)


def test_the_password_page_refuses_a_weak_password_with_a_translated_message(client, personas):
    client.force_login(personas.member)
    response = change(client, f.PASSWORD, "xianfeng2010")
    page = response.content.decode()
    assert response.status_code == 200
    assert "密码不能包含本系统的名称（先锋、xianfeng）。" in page
    assert "密码须包含大写字母、小写字母、数字和符号中的至少 3 类。" in page
    assert get_user_model().objects.get(pk=personas.member.pk).check_password(f.PASSWORD)

    client.cookies["django_language"] = "en"
    page = change(client, f.PASSWORD, "xianfeng2010").content.decode()
    assert "must not contain the name of this system" in page
    assert "at least 3 of" in page


def test_the_rules_are_stated_on_the_password_page(client, personas):
    client.force_login(personas.member)
    page = client.get(CHANGE).content.decode()
    assert "密码不能包含本系统的名称" in page and "密码有效期为 90 天" in page


# -- when the password was set -------------------------------------------------------------------


def test_every_saved_password_is_recorded_as_chosen_by_someone_else(db):
    user = get_user_model().objects.create_user("lin")
    user.set_password("Lin-Hills-2010")
    user.save()
    state = PasswordState.objects.get(user=user)
    assert state.must_change and timezone.now() - state.changed_at < dt.timedelta(minutes=1)


def test_a_hash_upgrade_at_login_is_no_password_change(client, personas, settings):
    state = PasswordState.objects.get(user=personas.member)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    log_in(client, "member")  # Django rehashes the MD5 hash with PBKDF2
    assert get_user_model().objects.get(pk=personas.member.pk).password.startswith("pbkdf2")
    assert PasswordState.objects.get(pk=state.pk).changed_at == state.changed_at
    assert not PasswordState.objects.get(pk=state.pk).must_change


# -- expiry --------------------------------------------------------------------------------------


def test_an_expired_password_sends_to_the_change_page_and_nothing_else_is_reachable(client, personas):
    f.chose_own_password(personas.member, when=timezone.now() - dt.timedelta(days=91))
    response = log_in(client, "member")
    assert response.status_code == 302

    for name in ("home", "organizations:tree", "accounts:my_account", "people:person_list"):
        blocked = client.get(reverse(name))
        assert blocked.status_code == 302 and blocked.url.startswith(CHANGE), name
    assert client.post(reverse("accounts:my_account"), {"language": "en"}).url.startswith(CHANGE)
    page = client.get(CHANGE).content.decode()
    assert "您的密码已过期" in page
    assert client.get("/static/xianfeng/site.css").status_code != 302  # static files pass the gate
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_changing_the_expired_password_frees_the_user(client, personas):
    f.chose_own_password(personas.member, when=timezone.now() - dt.timedelta(days=91))
    log_in(client, "member")

    response = change(client, f.PASSWORD, "Tea-Hills-2011")

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    state = PasswordState.objects.get(user=personas.member)
    assert not state.must_change and timezone.now() - state.changed_at < dt.timedelta(minutes=1)


def test_a_password_within_its_age_is_not_expired(client, personas):
    f.chose_own_password(personas.member, when=timezone.now() - dt.timedelta(days=89))
    log_in(client, "member")
    assert client.get(reverse("home")).status_code == 200


def test_no_expiry_when_the_age_is_zero(client, personas, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    f.chose_own_password(personas.member, when=timezone.now() - dt.timedelta(days=900))
    log_in(client, "member")
    assert client.get(reverse("home")).status_code == 200


def test_expiry_also_reaches_a_session_that_is_already_open(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["xianfeng_password"]["changed_at"] = (timezone.now() - dt.timedelta(days=91)).isoformat()
    session.save()
    assert client.get(reverse("home")).url.startswith(CHANGE)


# -- forced change: first login, administrator's reset ------------------------------------------


def test_first_login_with_a_password_set_by_an_administrator_forces_the_change(client, county):
    user = get_user_model().objects.create_user("new_member")
    user.set_password("Temp-Pass-2010")
    user.save()

    log_in(client, "new_member", "Temp-Pass-2010")

    blocked = client.get(reverse("home"))
    assert blocked.url.startswith(CHANGE)
    assert "首次登录或管理员重置了密码" in client.get(CHANGE).content.decode()
    change(client, "Temp-Pass-2010", "Mine-Only-2010")
    assert client.get(reverse("home")).status_code == 200


def test_a_user_made_by_createsuperuser_must_change_the_password(client, county, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Break-Glass-2010")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", stdout=io.StringIO())
    log_in(client, "root", "Break-Glass-2010")
    assert client.get("/admin/").url.startswith(CHANGE)


def test_a_reset_in_the_django_admin_forces_the_change(client, personas):
    root = f.superuser("root")
    client.force_login(root)
    response = client.post(
        f"/admin/auth/user/{personas.member.pk}/password/",
        {"password1": "Admin-Set-2010", "password2": "Admin-Set-2010", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PasswordState.objects.get(user=personas.member).must_change

    other = client.__class__()
    log_in(other, "member", "Admin-Set-2010")
    assert other.get(reverse("home")).url.startswith(CHANGE)


# -- idle timeout --------------------------------------------------------------------------------


def test_idle_timeout_settings() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_each_request_extends_the_session_and_thirty_idle_minutes_end_it(client, personas):
    log_in(client, "member")
    client.get(reverse("home"))
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)

    # Thirty-one minutes without a request: the session has expired on the server.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(minutes=1))

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_session_cookie_ends_with_the_browser(client, personas):
    response = log_in(client, "member")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_idle_minutes_come_from_the_environment(monkeypatch) -> None:
    import importlib

    import xianfeng.settings as real

    monkeypatch.setenv("SESSION_IDLE_MINUTES", "10")
    monkeypatch.setenv("PASSWORD_MAX_AGE_DAYS", "30")
    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", "3")
    try:
        reloaded = importlib.reload(real)
        assert reloaded.SESSION_COOKIE_AGE == 600
        assert reloaded.PASSWORD_MAX_AGE_DAYS == 30
        assert reloaded.AXES_FAILURE_LIMIT == 3
    finally:
        monkeypatch.undo()
        importlib.reload(real)


def test_password_change_page_in_english(client, personas):
    f.chose_own_password(personas.member, when=timezone.now() - dt.timedelta(days=91))
    client.cookies["django_language"] = "en"
    log_in(client, "member")
    with override("en"):
        page = client.get(CHANGE).content.decode()
    assert "Your password has expired" in page
