"""Branch life: organizational life (三会一课 and more), party dues (党费) and notices with read receipts (通知).

Meetings keep one ``Attendance`` row per member (present / excused / absent), so whatever
is later derived from taking part (points, a member's Five-Lead record) counts rows, never
a typed total. Dues are payments per member and month; the county's table says the
cadence of each kind of meeting and the range of a rural member's monthly dues.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import MoneyField
from organizations.models import Organization
from people.models import Person


class MeetingKind(models.TextChoices):
    ASSEMBLY = "assembly", _("支部党员大会")
    COMMITTEE = "committee", _("支委会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    APPRAISAL = "appraisal", _("民主评议党员")


# Months between two meetings of a kind unless the county's table says otherwise (Django
# setting ``BRANCH_LIFE_CADENCE`` overrides these defaults for a deployment).
DEFAULT_CADENCE_MONTHS: dict[str, int] = {
    MeetingKind.ASSEMBLY: 3,
    MeetingKind.LECTURE: 3,
    MeetingKind.COMMITTEE: 1,
    MeetingKind.GROUP: 1,
    MeetingKind.THEME_DAY: 1,
    MeetingKind.LIFE_MEETING: 12,
    MeetingKind.APPRAISAL: 12,
}
CADENCE_CHOICES = [(1, _("每月")), (3, _("每季度")), (6, _("每半年")), (12, _("每年"))]

# Meetings of the whole branch whose decisions need more than half of its full members present.
QUORUM_KINDS = frozenset({MeetingKind.ASSEMBLY, MeetingKind.APPRAISAL})

# A rural member's monthly dues, in 元, unless the county's table says otherwise.
DEFAULT_DUES_RANGE = (Decimal("0.20"), Decimal("1.00"))


def default_cadence() -> dict[str, int]:
    return {**DEFAULT_CADENCE_MONTHS, **getattr(settings, "BRANCH_LIFE_CADENCE", {})}


def default_dues_range() -> tuple[Decimal, Decimal]:
    low, high = getattr(settings, "BRANCH_LIFE_DUES_RANGE", DEFAULT_DUES_RANGE)
    return Decimal(str(low)), Decimal(str(high))


class MeetingCadence(models.Model):
    """The county's cadence of one kind of meeting: at least one every ``months`` months."""

    county = models.ForeignKey(Organization, verbose_name=_("县"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("会议类型"), max_length=16, choices=MeetingKind.choices)
    months = models.PositiveSmallIntegerField(_("频次"), choices=CADENCE_CHOICES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织生活频次")
        verbose_name_plural = _("组织生活频次")
        ordering = ["county", "kind"]
        constraints = [models.UniqueConstraint(fields=["county", "kind"], name="one_cadence_per_county_and_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_months_display()}"


class Meeting(models.Model):
    """One meeting of a village branch: when, what about, who presided, what was decided."""

    branch = models.ForeignKey(
        Organization, verbose_name=_("支部（村）"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类型"), max_length=16, choices=MeetingKind.choices)
    date = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    presided_by = models.ForeignKey(
        Person, verbose_name=_("主持人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decisions = models.TextField(_("决定事项"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织生活会议")
        verbose_name_plural = _("组织生活会议")
        ordering = ["-date", "branch__code", "id"]
        indexes = [models.Index(fields=["branch", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.topic}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")


class Attendance(models.Model):
    """One member at one meeting: the row points and a member's record are counted from."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    status = models.CharField(_("出席情况"), max_length=8, choices=AttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        ordering = ["meeting", "member__name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"


# -- party dues ---------------------------------------------------------------------


class DuesRange(models.Model):
    """The county's range of a rural member's monthly dues (农村党员每月0.2至1元)."""

    county = models.OneToOneField(Organization, verbose_name=_("县"), on_delete=models.CASCADE, related_name="+")
    minimum = MoneyField(_("每月最低"))
    maximum = MoneyField(_("每月最高"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费标准")
        verbose_name_plural = _("党费标准")

    def __str__(self) -> str:
        return f"{self.minimum}–{self.maximum}"


class DuesRate(models.Model):
    """A member's monthly base and rate from a month on: the monthly dues are base × rate."""

    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_rates")
    since = models.DateField(_("起始月份"))
    base = MoneyField(_("缴纳基数（元/月）"))
    rate = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["member", "-since"]
        constraints = [models.UniqueConstraint(fields=["member", "since"], name="one_dues_rate_per_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.since:%Y-%m} {self.monthly}"

    @property
    def monthly(self) -> Decimal:
        return monthly_dues(self.base, self.rate)


def monthly_dues(base: Decimal, rate: Decimal) -> Decimal:
    return (base * rate / Decimal(100)).quantize(Decimal("0.01"))


class DuesPayment(models.Model):
    """A member's dues for one month, as the branch received them."""

    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_payments")
    branch = models.ForeignKey(Organization, verbose_name=_("支部（村）"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("所属月份"))
    amount = MoneyField(_("金额（元）"), positive=True)
    paid_on = models.DateField(_("交纳日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费交纳")
        verbose_name_plural = _("党费交纳")
        ordering = ["-month", "branch__code", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="one_dues_payment_per_month")]
        indexes = [models.Index(fields=["branch", "month"])]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}"


class ArrearsReason(models.Model):
    """Why a member does not pay for a while (illness, working away…): R-DUES then does not flag them."""

    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="arrears_reasons")
    start = models.DateField(_("起始月份"))
    end = models.DateField(_("截止月份"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)
    recorded_on = models.DateField(_("登记日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("欠缴原因")
        verbose_name_plural = _("欠缴原因")
        ordering = ["member", "-start"]

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# -- notices ------------------------------------------------------------------------


class Notice(models.Model):
    """A notice a county or township sends to a subtree, optionally to one role there.

    ``sent_at`` and a receipt's ``read_at`` are on the campaign's clock (``clock.now()``), the
    clock its deadline is judged by: a demonstration of a past campaign reads and sends in its year.
    """

    origin = models.ForeignKey(Organization, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Organization, verbose_name=_("发送范围"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("发送对象"), max_length=32, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    deadline = models.DateField(_("阅读期限"))
    sent_at = models.DateTimeField(_("发送时间"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-sent_at", "id"]

    def __str__(self) -> str:
        return self.title


class NoticeReceipt(models.Model):
    """One recipient of a notice and when they first opened it (read receipt)."""

    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notice_receipts"
    )
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知回执")
        verbose_name_plural = _("通知回执")
        ordering = ["notice", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="one_receipt_per_user")]

    def __str__(self) -> str:
        return f"{self.notice} · {self.user}"
