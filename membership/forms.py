"""Forms of the recruitment and transfer pages; the services refuse, these only parse."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.pickers import OrganizationField
from people.models import MembershipStatus, Person
from people.pickers import PersonField

from .models import EndReason, Reach, RecruitmentRules
from .steps import Step

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplyForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("党支部（村）"), queryset=Organization.objects.none())
    person = PersonField(label=_("申请人"))
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE_WIDGET)
    basis = forms.CharField(label=_("依据（会议或文件）"), max_length=200, initial=_("入党申请书"))

    def __init__(self, *args: Any, branches: QuerySet[Organization], people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches
        cast(PersonField, self.fields["person"]).queryset = people


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("步骤"))
    on = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    basis = forms.CharField(label=_("依据（会议或文件）"), max_length=200)
    first_person = PersonField(label=_("第一名培养联系人/入党介绍人"), required=False)
    second_person = PersonField(label=_("第二名培养联系人/入党介绍人"), required=False)
    days = forms.IntegerField(label=_("培训天数"), min_value=0, max_value=365, required=False)
    hours = forms.IntegerField(label=_("培训学时"), min_value=0, max_value=2000, required=False)
    extension_months = forms.IntegerField(label=_("延长预备期（月）"), min_value=0, max_value=24, required=False)
    party_group = forms.ModelChoiceField(label=_("编入党小组"), queryset=Organization.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        steps: list[Step],
        members: QuerySet[Person],
        groups: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["step"]).choices = [(s.code, f"{s.number}. {s.name}") for s in steps]
        for name in ("first_person", "second_person"):
            cast(PersonField, self.fields[name]).queryset = members
        cast(forms.ModelChoiceField, self.fields["party_group"]).queryset = groups


class TransferForm(forms.Form):
    person = PersonField(label=_("党员"))
    to_branch = forms.ModelChoiceField(
        label=_("转入支部（县内）"), queryset=Organization.objects.none(), required=False
    )
    outside = forms.CharField(label=_("县外接收党组织"), max_length=120, required=False)
    reach = forms.ChoiceField(label=_("转接范围"), choices=Reach.choices)
    on = forms.DateField(label=_("介绍信日期"), widget=DATE_WIDGET)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=40)
    dues_paid_to = forms.DateField(label=_("党费交至"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, members: QuerySet[Person], branches: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonField, self.fields["person"]).queryset = members
        cast(forms.ModelChoiceField, self.fields["to_branch"]).queryset = branches


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("回执日期"), widget=DATE_WIDGET)
    receipt_by = forms.CharField(label=_("回执经办人"), max_length=50)
    party_group = forms.ModelChoiceField(label=_("编入党小组"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: Any, groups: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["party_group"]).queryset = groups


class RulesForm(forms.ModelForm):
    class Meta:
        model = RecruitmentRules
        fields = [
            "talk_months",
            "assessment_months",
            "cultivation_months",
            "training_days",
            "training_hours",
            "review_valid_months",
            "assembly_months",
            "submit_months",
            "restart_months",
            "approval_months",
            "approval_max_months",
            "probation_months",
            "extension_min_months",
            "extension_max_months",
            "publicity_days",
            "letter_months",
            "letter_months_other_province",
        ]


class AwayForm(forms.Form):
    person = PersonField(label=_("党员"))
    since = forms.DateField(label=_("外出日期"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("外出地点"), max_length=120)
    contact = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    receiving = forms.CharField(
        label=_("临时接收党组织"),
        max_length=120,
        required=False,
        help_text=_("可以是县外的党组织，填写其全称。"),
    )
    receiving_org = forms.ModelChoiceField(
        label=_("临时接收党组织（本系统内）"), queryset=Organization.objects.none(), required=False
    )
    certificate_number = forms.CharField(label=_("流动党员活动证编号"), max_length=40, required=False)
    certificate_issued_on = forms.DateField(label=_("活动证发放日期"), widget=DATE_WIDGET, required=False)

    def __init__(
        self, *args: Any, members: QuerySet[Person], organizations: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonField, self.fields["person"]).queryset = members
        cast(forms.ModelChoiceField, self.fields["receiving_org"]).queryset = organizations


class AwayDateForm(forms.Form):
    """One date for the actions of a member away: the return, the loss of contact, its end."""

    on = forms.DateField(label=_("日期"), widget=DATE_WIDGET)


class TransferInForm(forms.Form):
    """A member whose letter comes from outside the county (县外转入): the person must already be in Xianfeng."""

    person = PersonField(label=_("党员姓名"), help_text=_("先在人员中登记此人，再登记转入。"))
    to_branch = OrganizationField(label=_("转入支部"))
    party_group = OrganizationField(label=_("编入党小组"), required=False)
    status = forms.ChoiceField(label=_("党员类别"), choices=MembershipStatus.choices)
    joined_on = forms.DateField(label=_("入党日期"), widget=DATE_WIDGET)
    outside = forms.CharField(label=_("县外转出党组织"), max_length=120)
    reach = forms.ChoiceField(label=_("转接范围"), choices=[c for c in Reach.choices if c[0] != Reach.COUNTY])
    on = forms.DateField(label=_("转入日期"), widget=DATE_WIDGET)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=40)
    valid_until = forms.DateField(
        label=_("有效期至"), widget=DATE_WIDGET, required=False, help_text=_("不填则按本县时限规则计算。")
    )
    dues_paid_to = forms.DateField(label=_("党费交至"), widget=DATE_WIDGET)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        branches: QuerySet[Organization],
        groups: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonField, self.fields["person"]).queryset = people
        cast(OrganizationField, self.fields["to_branch"]).queryset = branches
        cast(OrganizationField, self.fields["party_group"]).queryset = groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, branch = data.get("party_group"), data.get("to_branch")
        if group is not None and branch is not None and group.parent_id != branch.pk:
            self.add_error("party_group", ValidationError(_("党小组须属于本支部。"), code="group_not_in_branch"))
        return data


class EndForm(forms.Form):
    """The end of a membership (党籍终止): the member died, or left the party; counted until that day."""

    on = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(label=_("原因"), choices=EndReason.choices)
