"""setup_demo: one account per role, bound to the loaded county, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Role, RoleAssignment
from organizations.models import Organization
from people.models import Appointment, Post
from scenarios.demo import DEMO_PASSWORD, demo_accounts_ensure
from scenarios.loader import SMALL, load_scenario

pytestmark = pytest.mark.django_db
USERNAMES = ["county", "township", "village", "leader", "partner", "member", "supervisor", "sysadmin", "secadmin", "auditor"]


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
