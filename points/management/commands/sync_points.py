"""``manage.py sync_points [--on YYYY-MM-DD]``: the daily run that books each county's points from its records."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common import clock
from organizations.models import Organization, OrganizationKind
from points import services


class Command(BaseCommand):
    help = "Book the points each county's records call for (and reverse those they no longer do)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["on"] or clock.today()
        for county in Organization.objects.filter(kind=OrganizationKind.COUNTY).order_by("code"):
            booked, reversed_ = services.points_sync(county=county, on=on)
            self.stdout.write(f"{county.code} {county.name}: booked {booked}, reversed {reversed_}")
