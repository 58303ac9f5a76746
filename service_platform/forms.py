from django import forms
from django.utils.translation import gettext_lazy as _

from common.punctuation import parens
from organizations.models import Organization
from people.models import Person

from .models import FacilityKind, FacilityStatus, LoanPurpose, LoanStatus, ProjectStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Amounts are text fields: the service reads them with common.checks.parse_amount, as the ledger does
# (thousands separators and full-width digits read, exponents, Infinity and NaN refused, at most 1亿元).
MONEY = forms.TextInput(attrs={"inputmode": "decimal"})


def _all(choices: list) -> list:
    return [("", _("全部")), *choices]


def _place_label(o: Organization) -> str:
    return f"{o.parent.display_name} {o.display_name}" if o.kind == "village" and o.parent_id else o.display_name


class FacilityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=_all(FacilityKind.choices), required=False)
    area = forms.ChoiceField(label=_("乡镇/村"), choices=_all([]), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=_all(FacilityStatus.choices), required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = _all(list(areas))  # type: ignore[attr-defined]


class ProjectFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("乡镇/村"), choices=_all([]), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=_all(ProjectStatus.choices), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = _all(list(areas))  # type: ignore[attr-defined]


class LoanFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("乡镇/村"), choices=_all([]), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=_all(LoanStatus.choices), required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = _all(list(areas))  # type: ignore[attr-defined]


class FacilityForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=FacilityKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    organization = forms.ModelChoiceField(
        label=_("所在乡镇/村"), queryset=Organization.objects.none(), help_text=_("党员服务中心设在乡镇")
    )
    location = forms.CharField(label=_("地址"), max_length=200, required=False)
    opened_on = forms.DateField(label=_("启用日期"), widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=FacilityStatus.choices, initial=FacilityStatus.OPEN)
    closed_on = forms.DateField(label=_("关闭日期"), widget=DATE, required=False)
    description = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, places=None, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            # Kind and place are fixed once created: a facility that moves is a new facility.
            del self.fields["kind"]
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = places  # type: ignore[attr-defined]
            self.fields["organization"].label_from_instance = _place_label  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    organization = forms.ModelChoiceField(label=_("所在乡镇/村"), queryset=Organization.objects.none())
    industry = forms.CharField(label=_("产业"), max_length=60)
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ProjectStatus.choices)
    support = forms.CharField(label=_("扶持内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    amount = forms.CharField(label=_("扶持金额（元）"), max_length=30, required=False, widget=MONEY)
    responsible = forms.ModelChoiceField(label=_("负责党员"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: object, places=None, members=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organization"].queryset = places  # type: ignore[attr-defined]
        self.fields["organization"].label_from_instance = _place_label  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]


class LoanForm(forms.Form):
    applicant = forms.ModelChoiceField(label=_("申请党员"), queryset=Person.objects.none())
    purpose = forms.ChoiceField(label=_("用途"), choices=LoanPurpose.choices)
    amount = forms.CharField(label=_("金额（元）"), max_length=30, widget=MONEY)
    lender = forms.CharField(label=_("放款机构"), max_length=100, initial=_("农村信用社"))
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, members=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["applicant"].queryset = members  # type: ignore[attr-defined]
        self.fields["applicant"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: parens(p.name, p.membership.branch.display_name)
        )


class LoanStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("步骤"),
        choices=[
            (LoanStatus.APPROVED, _("批准")),
            (LoanStatus.REFUSED, _("不予批准")),
            (LoanStatus.REPAID, _("已还款")),
        ],
    )
    date = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(
        label=_("说明/理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("不予批准时必须填写理由"),
    )
