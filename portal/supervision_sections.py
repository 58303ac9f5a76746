"""The M3 section of a village page: demonstration-site badge and model members (public fields only)."""

from typing import Any

from django.apps import apps

from organizations.models import Organization


def supervision_context(village: Organization) -> dict[str, Any] | None:
    if not apps.is_installed("supervision"):
        return None
    from supervision.models import DemonstrationSite, ModelMember

    sites = list(
        DemonstrationSite.objects.filter(organization__code__startswith=village.code)
        .select_related("organization")
        .order_by("-year")
        .values("year", "organization__name", "organization__kind")
    )
    # Name, year and the public citation only — never ID number, phone or birth date.
    models = list(
        ModelMember.objects.filter(organization=village).order_by("-year", "id").values("year", "person__name", "citation")
    )
    if not sites and not models:
        return None
    return {"sites": sites, "models": models}
