from django import forms
from django.utils.translation import gettext_lazy as _

from people.pickers import PersonField

from .models import GroupRole, WorkKind

DATE = forms.DateInput(attrs={"type": "date"})


class GroupForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, required=False, help_text=_("留空则自动命名"))
    established_on = forms.DateField(label=_("成立日期"), widget=DATE)
    office_location = forms.CharField(label=_("办公室地址"), max_length=120, required=False)
    office_phone = forms.CharField(label=_("办公室电话"), max_length=20, required=False)


class MemberForm(forms.Form):
    person = PersonField(label=_("人员"))
    role = forms.ChoiceField(label=_("职务"), choices=GroupRole.choices)
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE, required=False)

    def __init__(self, *args: object, people: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class EndMemberForm(forms.Form):
    end = forms.DateField(label=_("结束日期"), widget=DATE)


class LogForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("类别"), choices=WorkKind.choices)
    title = forms.CharField(label=_("事项"), max_length=200)
    description = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
