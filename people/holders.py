"""Who held which post where on a day: the accountable people that rule findings name."""

import datetime as dt

from common.division_codes import county_code
from common.figures import Unit
from common.rules import Accountable, evaluation_cache

from .models import Appointment


def _county_appointments(code: str) -> list[Appointment]:
    """Every appointment (any dates) in the county, ordered by start; read once per ``evaluate()``."""
    cache = evaluation_cache()
    key = f"people.appointments:{code}"
    if cache is not None and key in cache:
        return cache[key]
    rows = list(
        Appointment.objects.filter(organization__code__startswith=code).select_related("person").order_by("start", "id")
    )
    if cache is not None:
        cache[key] = rows
    return rows


class HolderIndex:
    """Appointments of a subtree on one day, loaded once, so that rules do not query per unit.

    Within ``evaluate()`` the county's appointments are read once for all rules and days
    (R-DISCLOSE asks about one day per deadline); the day is then applied in Python,
    as ``Appointment.objects.on(day)`` does.
    """

    def __init__(self, unit: Unit, day: dt.date) -> None:
        self._by_org: dict[tuple[int | None, str], list[Accountable]] = {}
        roles: dict[str, str] = {}
        for a in _county_appointments(county_code(unit.code)):
            if a.start > day or (a.end is not None and a.end < day):
                continue
            if a.post not in roles:
                roles[a.post] = str(a.get_post_display())
            self._by_org.setdefault((a.organization_id, a.post), []).append(
                Accountable(name=a.person.name, role=roles[a.post], person_id=a.person_id)
            )

    def get(self, organization_id: int | None, *posts: str) -> list[Accountable]:
        """The holders of ``posts`` in the organization; none for no organization (a root's parent)."""
        found: list[Accountable] = []
        for post in posts:
            found.extend(self._by_org.get((organization_id, post), []))
        return found
