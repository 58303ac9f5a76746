"""setup_demo: one account per role, bound to the loaded county, and a second run changes nothing."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordState, Role, RoleAssignment
from accounts.two_factor import DEMO_TOTP_KEY, current_code
from organizations.models import Organization
from people.models import Appointment, Post
from scenarios.demo import DEMO_PASSWORD, demo_accounts_ensure
from scenarios.loader import SMALL, load_scenario

pytestmark = pytest.mark.django_db
USERNAMES = [
    "province",
    "prefecture",
    "county",
    "township",
    "village",
    "leader",
    "partner",
    "member",
    "supervisor",
    "sysadmin",
    "secadmin",
    "auditor",
]


def run_setup_demo() -> str:
    out = io.StringIO()
    call_command("setup_demo", "--scenario", str(SMALL), stdout=out)
    return out.getvalue()


def test_setup_demo_loads_the_scenario_when_no_county_exists_and_states_the_password():
    output = run_setup_demo()

    assert Organization.objects.counties().get().code == "350799"
    assert DEMO_PASSWORD in output
    for username in USERNAMES:
        assert username in output


def test_each_role_of_the_requirements_has_one_demo_account():
    run_setup_demo()

    roles = {a.user.username: a for a in RoleAssignment.objects.select_related("user")}
    assert sorted(roles) == sorted(USERNAMES)
    assert {a.role for a in roles.values()} == set(Role.values)
    assert roles["county"].organization.code == "350799"
    assert (roles["province"].organization.code, roles["province"].organization.name) == ("35", "福建省")
    assert (roles["prefecture"].organization.code, roles["prefecture"].organization.name) == ("3507", "南平市")
    assert roles["township"].organization.kind == "township"
    village = roles["village"].organization
    assert village.parent == roles["township"].organization
    assert roles["supervisor"].organization == village
    assert roles["member"].person.membership.branch == village
    minister = Appointment.objects.get(post=Post.ORGANIZATION_MINISTER).person
    assert roles["leader"].person == minister
    assert roles["partner"].unit.kind == "department"
    user = get_user_model().objects.get(username="member")
    assert user.check_password(DEMO_PASSWORD)


def test_a_second_run_changes_nothing():
    run_setup_demo()
    before = (
        list(get_user_model().objects.order_by("id").values_list("id", "username", "password")),
        list(RoleAssignment.objects.order_by("id").values_list("id", "role", "organization", "unit", "person")),
        RoleAssignment.history.count(),
        Organization.objects.count(),
    )

    output = run_setup_demo()

    after = (
        list(get_user_model().objects.order_by("id").values_list("id", "username", "password")),
        list(RoleAssignment.objects.order_by("id").values_list("id", "role", "organization", "unit", "person")),
        RoleAssignment.history.count(),
        Organization.objects.count(),
    )
    assert after == before
    assert "新建" not in output


def test_a_missing_role_is_added_back_without_touching_the_others():
    load_scenario(SMALL)
    demo_accounts_ensure()
    RoleAssignment.objects.filter(user__username="supervisor").delete()

    accounts = demo_accounts_ensure()

    assert [a.username for a in accounts if a.created] == ["supervisor"]
    assert RoleAssignment.objects.count() == len(USERNAMES)


def test_setup_demo_refuses_a_bad_scenario_without_creating_accounts(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("scenario: bad\n", encoding="utf-8")

    with pytest.raises(CommandError, match="county"):
        call_command("setup_demo", "--scenario", str(path), stdout=io.StringIO())

    assert not get_user_model().objects.exists()


# -- the demo accounts and the login rules (T-TRUST) -------------------------------------------


def demo_log_in(client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})


def demo_code(username: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", username, stdout=out)
    return out.getvalue().strip()


def test_demo_totp_prints_the_current_code_of_the_published_secret():
    load_scenario(SMALL)
    demo_accounts_ensure()
    device = TOTPDevice.objects.get(user__username="county")
    assert device.key == DEMO_TOTP_KEY
    code = demo_code("county")
    assert len(code) == 6 and code == current_code(device)


def test_demo_totp_refuses_an_account_without_the_demo_device():
    load_scenario(SMALL)
    demo_accounts_ensure()
    with pytest.raises(CommandError, match="setup_demo"):
        call_command("demo_totp", "member", stdout=io.StringIO())


def test_with_demo_accounts_on_the_demo_password_and_secret_just_work(client, settings):
    settings.DEMO_ACCOUNTS = True
    load_scenario(SMALL)
    demo_accounts_ensure()

    demo_log_in(client, "county")
    assert client.get(reverse("home")).url.startswith(reverse("accounts:otp_verify"))
    client.post(reverse("accounts:otp_verify"), {"code": demo_code("county")})
    assert client.get(reverse("home")).status_code == 200

    member = client.__class__()
    demo_log_in(member, "member")
    assert member.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("username", ["member", "county", "sysadmin"])
def test_without_demo_accounts_a_demo_account_must_change_its_password(client, settings, username):
    settings.DEMO_ACCOUNTS = False
    load_scenario(SMALL)
    demo_accounts_ensure()

    demo_log_in(client, username)

    assert client.get(reverse("home")).url.startswith(reverse("accounts:password_change"))


def test_without_demo_accounts_the_published_secret_is_no_second_factor(client, settings):
    settings.DEMO_ACCOUNTS = False
    load_scenario(SMALL)
    demo_accounts_ensure()
    demo_log_in(client, "county")
    # Not asked for the demo code: the published secret does not count; the password comes first.
    home = client.get(reverse("home"))
    assert home.url.startswith(reverse("accounts:password_change"))
    client.post(
        reverse("accounts:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Own-Choice-2011", "new_password2": "Own-Choice-2011"},
    )
    assert client.get(reverse("home")).url.startswith(reverse("accounts:otp_setup"))
    refused = client.post(reverse("accounts:otp_setup"), {"code": demo_code("county")})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()


def test_a_demo_password_expires_only_without_demo_accounts(client, settings):
    load_scenario(SMALL)
    demo_accounts_ensure()
    PasswordState.objects.filter(user__username="member").update(
        must_change=False, changed_at=timezone.now() - dt.timedelta(days=400)
    )
    settings.DEMO_ACCOUNTS = True
    demo_log_in(client, "member")
    assert client.get(reverse("home")).status_code == 200
    settings.DEMO_ACCOUNTS = False
    other = client.__class__()
    demo_log_in(other, "member")
    assert other.get(reverse("home")).url.startswith(reverse("accounts:password_change"))


def test_demo_accounts_are_marked_and_a_second_run_adds_no_device():
    load_scenario(SMALL)
    demo_accounts_ensure()
    demo_accounts_ensure()
    assert set(PasswordState.objects.filter(is_demo=True).values_list("user__username", flat=True)) == set(USERNAMES)
    with_device = set(TOTPDevice.objects.values_list("user__username", flat=True))
    assert with_device == {"province", "prefecture", "county", "sysadmin", "secadmin", "auditor"}
    assert TOTPDevice.objects.count() == 6
