from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import DEMO_TOTP_KEY, DEMO_TOTP_SECRET, current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (its device uses the published demo secret)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="a demo account, e.g. county")

    def handle(self, *args: object, **options: Any) -> None:
        username = str(options["username"])
        device = TOTPDevice.objects.filter(user__username=username, key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            raise CommandError(
                gettext("%(user)s 不是带演示两步验证设备的演示账号：请先运行 setup_demo。") % {"user": username}
            )
        self.stdout.write(current_code(device))
        if int(options["verbosity"]) > 1:
            self.stdout.write(gettext("演示密钥：%(secret)s") % {"secret": DEMO_TOTP_SECRET})
