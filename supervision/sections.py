"""The M3 section of a village's public page: demonstration-site badge and model members (public fields only)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from common import public_pages
from common.sections import PUBLIC_VILLAGE, section
from organizations.models import Organization

from .models import DemonstrationSite, ModelMember


@section(
    PUBLIC_VILLAGE,
    "supervision.sites_and_models",
    order=30,
    template="supervision/public_section.html",
    anchor="models",
    label=_("示范标兵"),
)
def sites_and_models(village: Organization) -> dict[str, Any] | None:
    # The place named as everywhere on the page's language: its English name on English pages.
    sites = [
        {"year": s.year, "organization__name": s.organization.display_name, "organization__kind": s.organization.kind}
        for s in DemonstrationSite.objects.filter(organization__code__startswith=village.code)
        .select_related("organization")
        .order_by("-year")
    ]
    # Name, year and the public citation only — never ID number, phone or birth date.
    models = list(
        ModelMember.objects.filter(organization=village)
        .order_by("-year", "id")
        .values("year", "person__name", "citation")
    )
    if not sites and not models:
        return None
    return {"sites": sites, "models": models}


# What the section shows, watched for the public page's cache (common.public_pages).
public_pages.watch(DemonstrationSite, "organization__code")
public_pages.watch(ModelMember, "organization__code")
