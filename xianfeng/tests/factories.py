"""Factories for tests: small, valid records built through the services."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from accounts.models import Role, RoleAssignment
from organizations import services as org_services
from organizations.models import GroupBasis, Organization
from people import services as people_services
from people.id_numbers import make_id_number
from people.models import MembershipStatus, Person

_sequence = itertools.count(1)


def county(code: str = "350725", name: str = "政和县", name_en: str = "Zhenghe County") -> Organization:
    return org_services.county_create(code=code, name=name, name_en=name_en)


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


def user(username: str, role: str | None = None, password: str = "pw-Xianfeng-2010", **binding: object):  # noqa: S107
    u = get_user_model().objects.create_user(username=username, password=password)
    if role is not None:
        RoleAssignment.objects.create(user=u, role=Role(role), **binding)
    return u
