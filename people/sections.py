"""What people records add to the organization pages: members on the tree, office holders on a unit's page."""

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count

from common.division_codes import ancestor_codes
from common.scope import Scope
from common.sections import ORGANIZATION_DETAIL, node_count, section
from organizations.models import Organization

from .models import Appointment, PartyMembership


@node_count("members")
def members(scope: Scope, within: str) -> dict[str, int]:
    """Party members under each unit: by branch (village, added up to township and county) and by party group."""
    rows = scope.filter(PartyMembership.objects.all(), "branch")
    if within:
        rows = rows.filter(branch__code__startswith=within)
    counts: Counter[str] = Counter()
    for row in rows.values("branch__code", "party_group__code").annotate(n=Count("id")).order_by():
        for code in ancestor_codes(row["branch__code"], including_self=True):
            counts[code] += row["n"]
        if row["party_group__code"]:
            counts[row["party_group__code"]] += row["n"]
    return dict(counts)


@section(ORGANIZATION_DETAIL, "people.office_holders", order=10, template="people/org_office_holders.html")
def office_holders(org: Organization, scope: Scope, on: dt.date) -> dict[str, Any]:
    appointments = (
        Appointment.objects.on(on).filter(organization=org).select_related("person").order_by("post", "start")
    )
    return {"appointments": appointments, "on": on}
