from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import PartyMembership


@register("rural_party_members", label=_("通过党小组组织起来的农村党员"), requirement="F-PEOPLE", unit=_("名"))
def rural_party_members(unit: Organization, period: int) -> int:
    # The source counts the capable rural members organized through party groups.
    return PartyMembership.objects.filter(branch__code__startswith=unit.code, party_group__isnull=False).count()
