from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from organizations.pickers import OrganizationField
from people.models import Person
from people.pickers import PersonField

from .models import CADENCE_CHOICES, AttendanceStatus, MeetingKind, Notice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class _Choices(forms.Form):
    """A form whose model choice fields get their (scoped) querysets from the view."""

    def __init__(self, *args: object, querysets: dict | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, qs in (querysets or {}).items():
            self.fields[name].queryset = qs  # type: ignore[attr-defined]


class MeetingForm(_Choices):
    """A meeting and one attendance choice per member of the branch (``att_<person id>``)."""

    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("日期"), widget=DATE)
    topic = forms.CharField(label=_("主题"), max_length=200)
    presided_by: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("主持人"),
        queryset=Person.objects.none(),
        required=False,
    )
    decisions = forms.CharField(
        label=_("决定事项"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("支部党员大会、民主评议党员作出决定时，到会正式党员须超过半数。"),
    )

    def __init__(
        self, *args: object, members: list | None = None, joined: dict[int, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members or []
        self.joined = joined or {}  # person id → joining date: who joined after the meeting was not its member
        for person in self.members:
            self.fields[f"att_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=AttendanceStatus.choices, initial=AttendanceStatus.PRESENT
            )

    def attendance(self) -> dict[int, str]:
        """Each member's choice; members who joined after the meeting's date are left out (they were not members)."""
        day = self.cleaned_data.get("date")
        return {
            p.pk: self.cleaned_data[f"att_{p.pk}"]
            for p in self.members
            if day is None or self.joined.get(p.pk) is None or self.joined[p.pk] <= day
        }


class CadenceForm(forms.Form):
    def __init__(self, *args: object, initial_months: dict[str, int] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in MeetingKind:
            self.fields[kind.value] = forms.TypedChoiceField(
                label=kind.label, choices=CADENCE_CHOICES, coerce=int, initial=(initial_months or {}).get(kind.value)
            )


class DuesRangeForm(forms.Form):
    minimum = forms.DecimalField(label=_("农村党员每月最低（元）"), max_digits=8, decimal_places=2, min_value=0)
    maximum = forms.DecimalField(label=_("农村党员每月最高（元）"), max_digits=8, decimal_places=2, min_value=0)


class PaymentForm(_Choices):
    member = PersonField(label=_("党员"))
    month = forms.DateField(label=_("所属月份"), widget=MONTH, input_formats=MONTH_FORMATS)
    amount = forms.DecimalField(
        label=_("金额（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("留空则按该党员核定的每月党费。"),
    )
    paid_on = forms.DateField(label=_("交纳日期"), widget=DATE)


class RateForm(_Choices):
    member = PersonField(label=_("党员"))
    since = forms.DateField(label=_("起始月份"), widget=MONTH, input_formats=MONTH_FORMATS)
    base = forms.DecimalField(label=_("缴纳基数（元/月）"), max_digits=10, decimal_places=2, min_value=0)
    rate = forms.DecimalField(label=_("比例（%）"), max_digits=5, decimal_places=2, min_value=0, max_value=100)


class ReasonForm(_Choices):
    member = PersonField(label=_("党员"))
    start = forms.DateField(label=_("起始月份"), widget=MONTH, input_formats=MONTH_FORMATS)
    end = forms.DateField(label=_("截止月份"), widget=MONTH, input_formats=MONTH_FORMATS, required=False)
    reason = forms.CharField(label=_("原因"), max_length=200)


ROLE_CHOICES = [
    ("", _("所有人员")),
    (Role.TOWNSHIP_ADMIN, Role.TOWNSHIP_ADMIN.label),
    (Role.VILLAGE_ADMIN, Role.VILLAGE_ADMIN.label),
    (Role.MEMBER, Role.MEMBER.label),
    (Role.VILLAGE_SUPERVISOR, Role.VILLAGE_SUPERVISOR.label),
]


class NoticeForm(_Choices):
    origin = OrganizationField(label=_("发文单位"))
    target = OrganizationField(label=_("发送范围"))
    role = forms.ChoiceField(label=_("发送对象"), choices=ROLE_CHOICES, required=False)
    title = forms.CharField(label=_("标题"), max_length=Notice._meta.get_field("title").max_length)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}))
    deadline = forms.DateField(label=_("阅读期限"), widget=DATE)
