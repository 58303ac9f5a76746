"""F-ORG figures: the units of the tree, counted from the tree itself."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.figures import register_rows

from .models import Organization


@register_rows("administrative_villages", label=_("行政村"), requirement="F-ORG", unit=_("个"), code_path="code")
def administrative_villages(year: int) -> QuerySet[Organization]:
    return Organization.objects.villages()


@register_rows("party_groups", label=_("党小组"), requirement="F-ORG", unit=_("个"), code_path="code")
def party_groups(year: int) -> QuerySet[Organization]:
    return Organization.objects.party_groups()


@register_rows("townships", label=_("乡（镇）"), requirement="F-ORG", unit=_("个"), code_path="code", headline=False)
def townships(year: int) -> QuerySet[Organization]:
    return Organization.objects.townships()
