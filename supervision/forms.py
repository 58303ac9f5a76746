"""Forms for supervision pages. They only collect input; the services decide what is allowed."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import clock
from common.punctuation import parens
from organizations.models import Organization, OrganizationKind
from organizations.pickers import OrganizationField
from people.models import Person
from people.pickers import PersonField

from .models import PeriodMonths, Rating

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationChoiceField(OrganizationField):
    def label_from_instance(self, obj: Organization) -> str:
        parent = (
            f"{obj.parent.display_name} · " if obj.kind != OrganizationKind.TOWNSHIP and obj.parent is not None else ""
        )
        return parent + parens(obj.display_name, obj.get_kind_display())


class PersonChoiceField(PersonField):
    def label_from_instance(self, obj: Person) -> str:
        where = getattr(obj, "where", "")
        return parens(obj.name, where) if where else obj.name


def _this_year() -> int:
    return clock.today().year


class DemonstrationSiteForm(forms.Form):
    organization = OrganizationChoiceField(label=_("单位"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100, initial=_this_year)
    reason = forms.CharField(label=_("评选理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organizations: QuerySet[Organization], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(OrganizationChoiceField, self.fields["organization"]).queryset = organizations.select_related("parent")


class ModelMemberForm(forms.Form):
    person = PersonChoiceField(label=_("党员"), queryset=Person.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100, initial=_this_year)
    deeds = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 3}))
    citation = forms.CharField(label=_("公开评语"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, people: QuerySet[Person], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(PersonChoiceField, self.fields["person"]).queryset = people


class ContactPointForm(forms.Form):
    leader = PersonChoiceField(label=_("挂点领导"), queryset=Person.objects.none())
    target = OrganizationChoiceField(label=_("联系点"), queryset=Organization.objects.none())
    start = forms.DateField(label=_("开始日期"), widget=DATE_WIDGET, initial=timezone.localdate)
    end = forms.DateField(label=_("结束日期"), widget=DATE_WIDGET, required=False)

    def __init__(
        self, *args: object, leaders: QuerySet[Person], targets: QuerySet[Organization], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(PersonChoiceField, self.fields["leader"]).queryset = leaders
        cast(OrganizationChoiceField, self.fields["target"]).queryset = targets.select_related("parent")


class ReviewForm(forms.Form):
    date = forms.DateField(label=_("点评日期"), widget=DATE_WIDGET, initial=timezone.localdate)
    rating = forms.ChoiceField(label=_("评价"), choices=Rating.choices)
    findings = forms.CharField(label=_("点评意见"), widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpActionForm(forms.Form):
    description = forms.CharField(label=_("整改事项"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(label=_("责任人"), queryset=Person.objects.none())
    deadline = forms.DateField(label=_("完成时限"), widget=DATE_WIDGET)

    def __init__(self, *args: object, owners: QuerySet[Person], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(PersonChoiceField, self.fields["owner"]).queryset = owners


class CompleteActionForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=DATE_WIDGET, initial=timezone.localdate)


class ReviewRequirementForm(forms.Form):
    reviews_required = forms.IntegerField(label=_("每周期应点评次数"), min_value=1, max_value=12)
    period_months = forms.TypedChoiceField(label=_("周期"), choices=PeriodMonths.choices, coerce=int)
    due_soon_days = forms.IntegerField(label=_("提前提醒天数"), min_value=0, max_value=366)
