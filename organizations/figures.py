from django.utils.translation import gettext_lazy as _

from common.figures import register

from .models import Organization


@register("administrative_villages", label=_("行政村"), requirement="F-ORG", unit=_("个"))
def administrative_villages(unit: Organization, period: int) -> int:
    return Organization.objects.villages().within(unit.code).count()


@register("party_groups", label=_("党小组"), requirement="F-ORG", unit=_("个"))
def party_groups(unit: Organization, period: int) -> int:
    return Organization.objects.party_groups().within(unit.code).count()
