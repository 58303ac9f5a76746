"""Separation of duties (三权分立, GB/T 22239-2019 8.1.4.2/8.1.4.3): the system, security and audit
administrators each do one job, none can do another's, and none reads a campaign record."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordState, Role, RoleAssignment
from accounts.scope import scope_for_user
from common.scope import Right
from xianfeng.tests import factories as f

User = get_user_model()


@pytest.fixture
def admins(county, personas) -> dict[str, object]:
    return {
        "system": f.user("sysadmin", Role.SYSTEM_ADMIN),
        "security": f.user("secadmin", Role.SECURITY_ADMIN),
        "audit": f.user("auditor", Role.AUDIT_ADMIN),
    }


def pages(target_pk: int) -> dict[str, list[str]]:
    return {
        "system": [
            reverse("accounts:user_list"),
            reverse("accounts:user_create"),
            reverse("accounts:user_detail", args=[target_pk]),
        ],
        "security": [reverse("accounts:security"), reverse("accounts:security_user", args=[target_pk])],
    }


@pytest.mark.parametrize("who", ["system", "security", "audit"])
def test_each_administrator_reaches_their_pages_only(client, admins, personas, who: str):
    client.force_login(admins[who])
    for job, urls in pages(personas.member.pk).items():
        for url in urls:
            status = client.get(url).status_code
            assert status == (200 if job == who else 404), (who, url, status)
            if job != who:
                assert client.post(url, {"action": "deactivate", "username": "member"}).status_code == 404
    assert User.objects.get(pk=personas.member.pk).is_active


@pytest.mark.parametrize("persona", ["county_admin", "township_admin_a", "member"])
def test_campaign_roles_reach_no_administrator_page(client, personas, persona: str):
    client.force_login(getattr(personas, persona))
    for urls in pages(personas.member.pk).values():
        for url in urls:
            assert client.get(url).status_code == 404


def test_superuser_break_glass_reaches_both(client, personas):
    client.force_login(f.superuser())
    for urls in pages(personas.member.pk).values():
        for url in urls:
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["system", "security", "audit"])
def test_administrators_read_no_campaign_record(client, admins, personas, who: str):
    scope = scope_for_user(admins[who])
    assert scope.read_codes == () and not scope.grants and not scope.is_admin
    client.force_login(admins[who])
    for name in ("organizations:tree", "people:person_list", "people:member_list"):
        page = client.get(reverse(name)).content.decode()
        assert "熊山镇" not in page and "李党员" not in page, name
    detail = client.get(reverse("organizations:detail", args=[personas.member_person.home_village.code]))
    assert detail.status_code == 404


def test_each_administrator_holds_their_right_only(admins):
    held = {who: {r for r in Right if scope_for_user(u).holds(r)} for who, u in admins.items()}
    assert held == {
        "system": {Right.MANAGE_USERS},
        "security": {Right.MANAGE_SECURITY},
        "audit": {Right.READ_SECURITY_LOG},
    }


def test_the_navigation_offers_each_administrator_their_page(client, admins):
    client.force_login(admins["system"])
    nav = client.get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") in nav and reverse("accounts:security") not in nav
    client.force_login(admins["security"])
    nav = client.get(reverse("home")).content.decode()
    assert reverse("accounts:security") in nav and reverse("accounts:user_list") not in nav


def test_an_administrator_role_binds_to_nothing(county):
    user = f.user("x")
    assignment = RoleAssignment(user=user, role=Role.AUDIT_ADMIN, organization=county.county)
    with pytest.raises(Exception, match="不绑定"):
        assignment.full_clean()


# -- the system administrator ------------------------------------------------------------------


def new_user(**overrides: str) -> dict[str, str]:
    return {
        "username": "wang",
        "name": "王五",
        "password": "Tea-Hills-2010",
        "role": Role.VILLAGE_ADMIN,
        "organization": "350725100201",
        "unit": "",
        "person": "",
        **overrides,
    }


def test_system_admin_creates_a_user_bound_to_a_village_who_must_change_the_password(client, admins, county):
    client.force_login(admins["system"])
    response = client.post(reverse("accounts:user_create"), new_user())
    user = User.objects.get(username="wang")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.role == Role.VILLAGE_ADMIN and assignment.organization == county.village_a1
    assert PasswordState.objects.get(user=user).must_change

    other = client.__class__()
    other.post(reverse("accounts:login"), {"username": "wang", "password": "Tea-Hills-2010"})
    assert other.get(reverse("home")).url.startswith(reverse("accounts:password_change"))


def test_system_admin_binds_a_member_by_id_number(client, admins, personas):
    client.force_login(admins["system"])
    number = personas.member_person.id_number
    client.post(reverse("accounts:user_create"), new_user(role=Role.MEMBER, organization="", person=number))
    assert RoleAssignment.objects.get(user__username="wang").person == personas.member_person


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "xianfeng2010"}, "密码不能包含本系统的名称"),
        ({"password": "wang12345"}, "至少 3 类"),
        ({"organization": ""}, "该角色必须绑定一个行政村。"),
        ({"organization": "350725100"}, "该角色必须绑定一个行政村。"),
        ({"organization": "999999999"}, "没有区划代码为 999999999 的组织。"),
        ({"role": Role.MEMBER, "organization": "", "person": "110101199003077777"}, "没有身份证号为该号码的人员。"),
        ({"role": Role.SECURITY_ADMIN, "organization": ""}, "选择一个有效的选项"),
        ({"username": "member"}, "已存在一位使用该名字的用户。"),
    ],
)
def test_system_admin_is_refused_bad_input_and_nothing_is_created(client, admins, overrides, message):
    client.force_login(admins["system"])
    before = User.objects.count(), RoleAssignment.objects.count()
    response = client.post(reverse("accounts:user_create"), new_user(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (User.objects.count(), RoleAssignment.objects.count()) == before


def test_system_admin_deactivates_and_the_user_can_no_longer_sign_in(client, admins, personas):
    member = personas.member
    other = client.__class__()
    other.force_login(member)
    client.force_login(admins["system"])

    client.post(reverse("accounts:user_detail", args=[member.pk]), {"action": "deactivate"})

    assert not User.objects.get(pk=member.pk).is_active
    assert other.get(reverse("home")).url.startswith(reverse("accounts:login"))
    fresh = client.__class__()
    refused = fresh.post(reverse("accounts:login"), {"username": "member", "password": f.PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in fresh.session
    client.post(reverse("accounts:user_detail", args=[member.pk]), {"action": "activate"})
    assert User.objects.get(pk=member.pk).is_active


def test_system_admin_adds_and_removes_a_role(client, admins, personas, county):
    client.force_login(admins["system"])
    url = reverse("accounts:user_detail", args=[personas.member.pk])
    data = {"action": "add_role", "role": Role.VILLAGE_SUPERVISOR, "organization": county.village_a1.code}
    client.post(url, {**data, "unit": "", "person": ""})
    added = RoleAssignment.objects.get(user=personas.member, role=Role.VILLAGE_SUPERVISOR)
    client.post(url, {"action": "remove_role", "assignment": added.pk})
    assert not RoleAssignment.objects.filter(pk=added.pk).exists()


def test_system_admin_cannot_touch_administrators_or_themselves(client, admins):
    client.force_login(admins["system"])
    for target in (admins["security"], admins["audit"], admins["system"]):
        url = reverse("accounts:user_detail", args=[target.pk])
        response = client.post(url, {"action": "deactivate"}, follow=True)
        assert User.objects.get(pk=target.pk).is_active
        page = response.content.decode()
        assert "管理员账号只能由超级用户管理。" in page or "不能对自己的账号执行此操作。" in page
        role = RoleAssignment.objects.get(user=target)
        client.post(url, {"action": "remove_role", "assignment": role.pk})
        assert RoleAssignment.objects.filter(pk=role.pk).exists()
    url = reverse("accounts:user_detail", args=[admins["system"].pk])
    client.post(url, {"action": "add_role", "role": Role.COUNTY_ADMIN, "organization": "350725"})
    assert RoleAssignment.objects.filter(user=admins["system"]).count() == 1


def test_system_admin_resets_a_password_and_the_user_must_change_it(client, admins, personas):
    client.force_login(admins["system"])
    url = reverse("accounts:user_detail", args=[personas.member.pk])
    weak = client.post(url, {"action": "reset_password", "new_password1": "abc", "new_password2": "abc"})
    assert weak.status_code == 200 and User.objects.get(pk=personas.member.pk).check_password(f.PASSWORD)

    client.post(url, {"action": "reset_password", "new_password1": "Temp-Hills-22", "new_password2": "Temp-Hills-22"})

    assert User.objects.get(pk=personas.member.pk).check_password("Temp-Hills-22")
    other = client.__class__()
    other.post(reverse("accounts:login"), {"username": "member", "password": "Temp-Hills-22"})
    assert other.get(reverse("home")).url.startswith(reverse("accounts:password_change"))


# -- the security administrator ------------------------------------------------------------------


def lock(client, username: str, address: str = "127.0.0.1") -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong-Pass-1"}, REMOTE_ADDR=address)


def test_security_admin_sees_the_locked_account_and_unlocks_it(client, admins, personas):
    attacker = client.__class__()
    lock(attacker, "member", address="10.9.9.9")
    client.force_login(admins["security"])

    page = client.get(reverse("accounts:security")).content.decode()
    assert "member" in page and "10.9.9.9" in page

    client.post(reverse("accounts:security"), {"username": "member"})

    assert not AccessAttempt.objects.filter(username="member").exists()
    user = client.__class__()
    ok = user.post(reverse("accounts:login"), {"username": "member", "password": f.PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert ok.status_code == 302


def test_security_admin_unlocks_an_address(client, admins, personas):
    attacker = client.__class__()
    for name in ("a", "b", "c", "d", "e"):
        lock_once = {"username": name, "password": "wrong-Pass-1"}
        attacker.post(reverse("accounts:login"), lock_once, REMOTE_ADDR="10.9.9.9")
    client.force_login(admins["security"])
    client.post(reverse("accounts:security"), {"address": "10.9.9.9"})
    ok = attacker.post(
        reverse("accounts:login"), {"username": "member", "password": f.PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert ok.status_code == 302


def test_unlocking_nothing_is_refused(client, admins):
    client.force_login(admins["security"])
    response = client.post(reverse("accounts:security"), {}, follow=True)
    assert "请指定要解锁的账号或地址。" in response.content.decode()


def test_security_admin_resets_two_factor_of_a_county_admin(client, admins, personas):
    device = f.totp_device(personas.county_admin)
    client.force_login(admins["security"])
    client.post(reverse("accounts:security_user", args=[personas.county_admin.pk]), {"action": "reset_two_factor"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_security_admin_resets_a_password(client, admins, personas):
    client.force_login(admins["security"])
    url = reverse("accounts:security_user", args=[personas.member.pk])
    client.post(url, {"action": "reset_password", "new_password1": "Temp-Hills-22", "new_password2": "Temp-Hills-22"})
    assert User.objects.get(pk=personas.member.pk).check_password("Temp-Hills-22")
    assert PasswordState.objects.get(user=personas.member).must_change


def test_security_admin_cannot_reset_another_administrator(client, admins):
    client.force_login(admins["security"])
    device = f.totp_device(admins["audit"], key="00" * 20)
    url = reverse("accounts:security_user", args=[admins["audit"].pk])
    response = client.post(url, {"action": "reset_two_factor"}, follow=True)
    assert "管理员账号只能由超级用户管理。" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.post(url, {"action": "reset_password", "new_password1": "Temp-Hills-22", "new_password2": "Temp-Hills-22"})
    assert User.objects.get(pk=admins["audit"].pk).check_password(f.PASSWORD)


def test_the_administrators_pages_render_in_english(client, admins, personas):
    client.cookies["django_language"] = "en"
    client.force_login(admins["system"])
    assert "User management" in client.get(reverse("accounts:user_list")).content.decode()
    assert "New user" in client.get(reverse("accounts:user_create")).content.decode()
    assert "Reset password" in client.get(reverse("accounts:user_detail", args=[personas.member.pk])).content.decode()
    client.force_login(admins["security"])
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Locked accounts" in page and "Current security policy" in page
    page = client.get(reverse("accounts:security_user", args=[personas.member.pk])).content.decode()
    assert "Remove all devices" in page
