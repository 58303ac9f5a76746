"""Factories for tests: small, valid records built through the services."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordState, Role, RoleAssignment
from organizations import services as org_services
from organizations.models import GroupBasis, Organization
from people import services as people_services
from people.id_numbers import make_id_number
from people.models import MembershipStatus, Person

_sequence = itertools.count(1)
# Every factory user's password; it follows the password rules (accounts/passwords.py).
PASSWORD = "pw-Zhenghe-2010"  # noqa: S105


def county(
    code: str = "350725", name: str = "政和县", name_en: str = "Zhenghe County", prefecture: Organization | None = None
) -> Organization:
    return org_services.county_create(code=code, name=name, name_en=name_en, prefecture=prefecture)


def province(code: str = "35", name: str = "福建省", name_en: str = "Fujian Province") -> Organization:
    return org_services.province_create(code=code, name=name, name_en=name_en)


def prefecture(
    province: Organization, suffix: str = "07", name: str = "南平市", name_en: str = "Nanping"
) -> Organization:
    return org_services.prefecture_create(province=province, code=province.code + suffix, name=name, name_en=name_en)


def township(county: Organization, suffix: str = "100", name: str = "熊山镇", name_en: str = "") -> Organization:
    return org_services.township_create(county=county, code=county.code + suffix, name=name, name_en=name_en)


def village(township: Organization, suffix: str = "201", name: str = "") -> Organization:
    return org_services.village_create(township=township, code=township.code + suffix, name=name or f"村{suffix}")


def party_group(village: Organization, name: str = "第一党小组", basis: str = GroupBasis.LOCALITY) -> Organization:
    return org_services.party_group_create(village=village, name=name, basis=basis)


def person(
    village: Organization | None = None,
    name: str = "",
    sex: str = "M",
    born: dt.date = dt.date(1970, 5, 17),
    phone: str = "",
) -> Person:
    n = next(_sequence)
    region = village.code[:6] if village is not None else "350725"
    return people_services.person_create(
        name=name or f"测试{n}",
        sex=sex,
        birth_date=born,
        id_number=make_id_number(region, born, n, sex),
        phone=phone,
        home_village=village,
    )


def member(village: Organization, group: Organization | None = None, **kwargs: object) -> Person:
    p = person(village, **kwargs)  # type: ignore[arg-type]
    people_services.membership_set(
        person=p, status=MembershipStatus.FULL, joined_on=dt.date(2000, 7, 1), branch=village, party_group=group
    )
    return p


def user(username: str, role: str | None = None, password: str = PASSWORD, **binding: object):  # noqa: S107
    """A user who chose their own password (so no forced change); ``role`` binds them to ``binding``."""
    u = get_user_model().objects.create_user(username=username, password=password)
    chose_own_password(u)
    if role is not None:
        RoleAssignment.objects.create(user=u, role=Role(role), **binding)
    return u


def superuser(username: str = "root", password: str = PASSWORD):  # noqa: S107
    """A superuser (break-glass) who chose their own password; ``client.force_login`` passes two-factor."""
    u = get_user_model().objects.create_superuser(username, password=password)
    chose_own_password(u)
    return u


def chose_own_password(u: object, when: dt.datetime | None = None) -> None:
    """As after the user set their password on the password page (``create_user`` records nothing)."""
    PasswordState.objects.update_or_create(
        user=u, defaults={"changed_at": when or timezone.now(), "must_change": False}
    )


# A fixed secret for tests' devices (base32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_device(user: object, key: str = TEST_TOTP_KEY) -> TOTPDevice:
    """A confirmed TOTP device; ``accounts.two_factor.current_code(device)`` gives its code."""
    return TOTPDevice.objects.create(user=user, name="test", key=key, confirmed=True)
