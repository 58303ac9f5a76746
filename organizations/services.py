"""Writes to the organization tree. Pages, imports, the API and the scenario loader call these."""

from django.db import transaction

from common.services import clean_and_save

from .models import GroupBasis, Organization, OrganizationKind, OutsideUnit, UnitKind, UnitLevel


@transaction.atomic
def county_create(*, code: str, name: str, name_en: str = "") -> Organization:
    return clean_and_save(Organization(kind=OrganizationKind.COUNTY, code=code, name=name, name_en=name_en))


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
