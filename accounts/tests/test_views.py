import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Profile
from xianfeng.tests import factories as f

PASSWORD = f.PASSWORD


@pytest.fixture
def admin_user(county):
    return f.user("county_admin", "county_admin", organization=county.county)


def test_login_page_renders_in_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_with_right_password_goes_home(client, admin_user):
    response = client.post(reverse("accounts:login"), {"username": "county_admin", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_with_wrong_password_is_refused(client, admin_user):
    response = client.post(reverse("accounts:login"), {"username": "county_admin", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_signs_out(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_sets_new_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Qingshan-2011-new", "new_password2": "Qingshan-2011-new"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    admin_user.refresh_from_db()
    assert admin_user.check_password("Qingshan-2011-new")


def test_password_change_refuses_wrong_old_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "Qingshan-2011-new", "new_password2": "Qingshan-2011-new"},
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_anonymous_is_sent_to_login_from_my_account(client, db):
    response = client.get(reverse("accounts:my_account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_my_account_lists_roles(persona_client, personas):
    response = persona_client.get(reverse("accounts:my_account"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    expected = {
        "county_admin": "县级管理员",
        "township_admin_a": "乡镇管理员",
        "village_admin_b": "村级管理员",
        "member": "党员",
    }[persona_client.persona]
    assert expected in page


def test_my_account_saves_language_on_a_new_profile(client, admin_user):
    client.force_login(admin_user)
    assert not Profile.objects.filter(user=admin_user).exists()
    response = client.post(reverse("accounts:my_account"), {"language": "en"})
    assert response.status_code == 302
    assert Profile.objects.get(user=admin_user).language == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_my_account_refuses_unknown_language(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("accounts:my_account"), {"language": "xx"})
    assert response.status_code == 200
    assert Profile.objects.get(user=admin_user).language == "zh-hans"


def test_language_switch_is_remembered_on_profile(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert Profile.objects.get(user=admin_user).language == "en"


def test_language_switch_works_for_anonymous(client, db):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not Profile.objects.exists()
