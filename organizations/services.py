"""Writes to the organization tree. Pages, imports, the API and the scenario loader call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.division_codes import prefecture_code, province_code
from common.services import clean_and_save

from .divisions import name_for
from .models import GroupBasis, Organization, OrganizationKind, OutsideUnit, UnitKind, UnitLevel


@transaction.atomic
def province_create(*, code: str, name: str, name_en: str = "") -> Organization:
    return clean_and_save(Organization(kind=OrganizationKind.PROVINCE, code=code, name=name, name_en=name_en))


@transaction.atomic
def prefecture_create(*, province: Organization, code: str, name: str, name_en: str = "") -> Organization:
    return clean_and_save(
        Organization(kind=OrganizationKind.PREFECTURE, parent=province, code=code, name=name, name_en=name_en)
    )


@transaction.atomic
def county_create(*, code: str, name: str, name_en: str = "", prefecture: Organization | None = None) -> Organization:
    return clean_and_save(
        Organization(kind=OrganizationKind.COUNTY, parent=prefecture, code=code, name=name, name_en=name_en)
    )


def _level(code: str, kind: str, name: str, name_en: str, parent: Organization | None) -> Organization:
    """The province or prefecture ``code``: the one on record, else created, named as given or by GB/T 2260."""
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                _("代码“%(code)s”已被%(kind)s“%(name)s”使用。"),
                code="division_taken",
                params={"code": code, "kind": existing.get_kind_display(), "name": existing.name},
            )
        return existing
    name = name_for(code, name)
    if kind == OrganizationKind.PROVINCE:
        return province_create(code=code, name=name, name_en=name_en)
    assert parent is not None  # noqa: S101 - a prefecture is made under its province, just found or created
    return prefecture_create(province=parent, code=code, name=name, name_en=name_en)


@transaction.atomic
def upper_levels_ensure(
    *,
    county_code: str,
    province_name: str = "",
    province_name_en: str = "",
    prefecture_name: str = "",
    prefecture_name_en: str = "",
) -> Organization:
    """Return the prefecture of ``county_code``, creating it and its province when missing.

    Names come from the caller (a scenario) when given, else from the national division
    table; a code the table lacks is refused (``division_unknown``). Two counties whose
    codes share 4 digits get one prefecture.
    """
    province = _level(
        province_code(county_code), OrganizationKind.PROVINCE, province_name, province_name_en, parent=None
    )
    return _level(
        prefecture_code(county_code), OrganizationKind.PREFECTURE, prefecture_name, prefecture_name_en, parent=province
    )


@transaction.atomic
def township_create(*, county: Organization, code: str, name: str, name_en: str = "") -> Organization:
    return clean_and_save(
        Organization(kind=OrganizationKind.TOWNSHIP, parent=county, code=code, name=name, name_en=name_en)
    )


@transaction.atomic
def village_create(*, township: Organization, code: str, name: str, name_en: str = "") -> Organization:
    return clean_and_save(
        Organization(kind=OrganizationKind.VILLAGE, parent=township, code=code, name=name, name_en=name_en)
    )


@transaction.atomic
def party_group_create(
    *, village: Organization, name: str, basis: str = GroupBasis.LOCALITY, code: str = "", name_en: str = ""
) -> Organization:
    if not code:
        code = next_party_group_code(village)
    return clean_and_save(
        Organization(
            kind=OrganizationKind.PARTY_GROUP, parent=village, code=code, name=name, name_en=name_en, basis=basis
        )
    )


def next_party_group_code(village: Organization) -> str:
    """Return the next free 15-digit group code under ``village``."""
    last = (
        Organization.objects.filter(parent=village, kind=OrganizationKind.PARTY_GROUP)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[-3:]) + 1 if last else 1
    return f"{village.code}{number:03d}"


@transaction.atomic
def organization_update(*, organization: Organization, name: str, name_en: str = "", basis: str = "") -> Organization:
    """Rename an organization (and change a group's basis). Codes and parents do not move."""
    organization.name = name
    organization.name_en = name_en
    if organization.kind == OrganizationKind.PARTY_GROUP:
        organization.basis = basis or organization.basis
    return clean_and_save(organization)


@transaction.atomic
def outside_unit_create(
    *,
    home: Organization,
    kind: str,
    name: str,
    level: str = UnitLevel.COUNTY,
    name_en: str = "",
    party_organization: str = "",
) -> OutsideUnit:
    unit = OutsideUnit(
        home=home, kind=UnitKind(kind), level=level, name=name, name_en=name_en, party_organization=party_organization
    )
    unit.full_clean()
    unit.save()
    return unit
