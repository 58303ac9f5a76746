import datetime as dt
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils.translation import gettext

from accounts.two_factor import DEMO_TOTP_SECRET
from common import clock
from organizations.models import Organization
from scenarios.builders import BuildError
from scenarios.demo import DEMO_PASSWORD, DemoError, demo_accounts_ensure
from scenarios.loader import ZHENGHE, load_scenario, read_scenario
from scenarios.schema import ScenarioError

from .load_scenario import report


class Command(BaseCommand):
    help = (
        "Load the Zhenghe scenario if no county exists, then create one demo account per role (idempotent). "
        "The county is built as of the demo's today: XIANFENG_TODAY when set, else the scenario's demo_date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", default=str(ZHENGHE), help="scenario to load when the database has no county")

    def handle(self, *args: object, **options: object) -> None:
        try:
            scenario = read_scenario(str(options["scenario"]))
        except ScenarioError as exc:
            raise CommandError(str(exc)) from None
        # The demo's today: deadlines fall due on it, and nothing is built after it (common.clock).
        today = clock.configured_today() or scenario.demo_date
        with override_settings(XIANFENG_TODAY=today or ""):
            if not Organization.objects.counties().exists():
                try:
                    report(self, load_scenario(scenario, log=self.stdout.write))
                except (ScenarioError, BuildError) as exc:
                    raise CommandError(str(exc)) from None
            try:
                accounts = demo_accounts_ensure()
            except DemoError as exc:
                raise CommandError(str(exc)) from None
        rows = [(gettext("用户名"), gettext("角色"), gettext("绑定"), "")]
        rows += [(a.username, a.role, a.bound_to, gettext("新建") if a.created else "") for a in accounts]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
        self.stdout.write(gettext("所有演示账号的密码：%(password)s") % {"password": DEMO_PASSWORD})
        self.stdout.write(
            gettext(
                "县级管理员和三个管理员须两步验证：manage.py demo_totp county 显示当前验证码（演示密钥 %(secret)s）。"
            )
            % {"secret": DEMO_TOTP_SECRET}
        )
        self.stdout.write(gettext("演示账号只在 DEMO_ACCOUNTS=true 时免于强制改密（make run 已设置）。"))
        if today is not None:
            self.stdout.write(_demo_date_line(today))


def _demo_date_line(today: dt.date) -> str:
    return gettext(
        "演示日期 %(date)s：以 XIANFENG_TODAY=%(date)s 启动服务器，各项期限按这一天计算（make run 已设置）。"
    ) % {"date": today.isoformat()}


def _width(text: str) -> int:
    """Return the terminal width of ``text``: Chinese characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
