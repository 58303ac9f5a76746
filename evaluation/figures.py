"""M2 figures: the item counts of the county's active Five-Good and Five-Lead standards, counted from records."""

from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import Item, StandardCode, StandardStatus


def _active_items(unit: Organization, code: str) -> int:
    return Item.objects.filter(
        dimension__standard__county__code=unit.code[:6],
        dimension__standard__code=code,
        dimension__standard__status=StandardStatus.ACTIVE,
    ).count()


@register("five_good_items", label=_("五个好考评细则"), requirement="M2", unit=_("项"))
def five_good_items(unit: Organization, period: int) -> int:  # noqa: ARG001 - the standard in force, not per year
    return _active_items(unit, StandardCode.FIVE_GOOD)


@register("five_lead_items", label=_("五带头考评细则"), requirement="M2", unit=_("项"))
def five_lead_items(unit: Organization, period: int) -> int:  # noqa: ARG001
    return _active_items(unit, StandardCode.FIVE_LEAD)
