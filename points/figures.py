"""Points figures, counted from the ledger's entries dated in the year, in the unit's subtree.

- ``points_earned``: points earned from records, net of the reversals that corrected them;
- ``points_redeemed``: points spent at love supermarkets, net of the redemptions reversed.
"""

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from common.figures import register_rows

from .models import PointEntry


@register_rows(
    "points_earned",
    label=_("获得积分"),
    requirement="B-LIFE",
    unit=_("分"),
    code_path="village__code",
    value=Sum("points"),
)
def points_earned(year: int) -> QuerySet[PointEntry]:
    return PointEntry.objects.filter(date__year=year).exclude(fact="")


@register_rows(
    "points_redeemed",
    label=_("兑换积分"),
    requirement="B-LIFE",
    unit=_("分"),
    code_path="village__code",
    value=Sum(F("points") * -1),
)
def points_redeemed(year: int) -> QuerySet[PointEntry]:
    return PointEntry.objects.filter(date__year=year, fact="")
