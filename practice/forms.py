from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.pickers import OrganizationField
from people.pickers import HouseholdField, PersonField

from .models import Half, PostKind, RaterKind, ReviewRating

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Choices(forms.Form):
    """A form whose model choice fields get their (scoped) querysets from the view."""

    def __init__(self, *args: object, querysets: dict | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, qs in (querysets or {}).items():
            self.fields[name].queryset = qs  # type: ignore[attr-defined]


class PostForm(_Choices):
    village = OrganizationField(label=_("村"))
    kind = forms.ChoiceField(label=_("岗位类别"), choices=PostKind.choices)
    title = forms.CharField(label=_("岗位名称"), max_length=100)
    duties = forms.CharField(label=_("岗位职责"), widget=forms.Textarea(attrs={"rows": 3}))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    announced_on = forms.DateField(label=_("公布日期"), widget=DATE)
    capacity = forms.IntegerField(label=_("定岗人数"), min_value=1, max_value=50, initial=1)


class NominateForm(_Choices):
    member = PersonField(label=_("推荐党员"))


class ReviewForm(forms.Form):
    half = forms.ChoiceField(label=_("半年"), choices=Half.choices)
    date = forms.DateField(label=_("点评日期"), widget=DATE)
    rating = forms.ChoiceField(label=_("评价"), choices=ReviewRating.choices)
    comment = forms.CharField(label=_("点评意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RateForm(forms.Form):
    # No min/max here: the service refuses a star outside 1–5 with its own message.
    stars = forms.IntegerField(label=_("年终星级（1–5）"))
    comment = forms.CharField(label=_("评星说明"), max_length=200, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("承诺内容"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    public = forms.BooleanField(label=_("在村务公开栏公开"), required=False, initial=True)


class ReportForm(forms.Form):
    date = forms.DateField(label=_("报告日期"), widget=DATE)
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("已兑现"), required=False)


class CommitmentRateForm(forms.Form):
    rater_kind = forms.ChoiceField(label=_("评议方"), choices=RaterKind.choices)
    score = forms.IntegerField(label=_("评分（1–5）"))
    rated_on = forms.DateField(label=_("评议日期"), widget=DATE)
    comment = forms.CharField(label=_("评语"), max_length=200, required=False)


class VolunteerForm(forms.Form):
    start = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    end = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    activity = forms.CharField(label=_("服务内容"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)


class AidForm(_Choices):
    member = PersonField(label=_("党员"))
    household = HouseholdField(label=_("困难户"))
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    measures = forms.CharField(label=_("帮扶措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VisitForm(forms.Form):
    date = forms.DateField(label=_("走访日期"), widget=DATE)
    measure = forms.CharField(label=_("帮扶措施"), max_length=200, required=False)
    note = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class GroupForm(_Choices):
    village = OrganizationField(label=_("村"))
    name = forms.CharField(label=_("名称"), max_length=100)
    industry = forms.CharField(label=_("产业"), max_length=50)
    leader = PersonField(label=_("组长"))
    founded_on = forms.DateField(label=_("成立日期"), widget=DATE)


class GroupMemberForm(_Choices):
    person = PersonField(label=_("组员"))
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)
