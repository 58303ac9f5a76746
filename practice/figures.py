"""P3 figures, counted from the practice records in the scope's subtree for the period year.

- ``posts_claimed``: claims the branch assigned (认领成功) on posts of the year. The
  source's "5,400+ posts claimed" counts members on posts, so a post held by two
  members counts twice, and a claim still waiting or declined does not count.
- ``households_paired``: distinct households (by the household's own village) with a
  member's assistance pairing active at any time in the year.
- ``mutual_aid_groups``: groups founded on or before the year's end.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import ClaimStatus, HouseholdAid, MutualAidGroup, PostClaim, active_during


@register("posts_claimed", label=_("党员认领岗位"), requirement="P3", unit=_("个"))
def posts_claimed(unit: Organization, period: int) -> int:
    return PostClaim.objects.filter(
        post__village__code__startswith=unit.code, post__year=period, status=ClaimStatus.ASSIGNED
    ).count()


@register("households_paired", label=_("党员结对帮扶困难户"), requirement="P3", unit=_("户"))
def households_paired(unit: Organization, period: int) -> int:
    return (
        HouseholdAid.objects.filter(
            active_during(dt.date(period, 1, 1), dt.date(period, 12, 31)),
            household__village__code__startswith=unit.code,
        )
        .order_by()
        .values("household_id")
        .distinct()
        .count()
    )


@register("mutual_aid_groups", label=_("产业互助组"), requirement="P3", unit=_("个"))
def mutual_aid_groups(unit: Organization, period: int) -> int:
    return MutualAidGroup.objects.filter(village__code__startswith=unit.code, founded_on__year__lte=period).count()
