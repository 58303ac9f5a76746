from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OutsideUnit
from people.models import Person

from .models import HOURS_NOT_A_NUMBER, HOURS_RANGE, NOBODY_ATTENDED, Channel, DeliveryKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HOURS_ERRORS = {
    "invalid": HOURS_NOT_A_NUMBER,
    "max_decimal_places": _("学时最多保留一位小数。"),
    "max_digits": HOURS_RANGE,
    "max_whole_digits": HOURS_RANGE,
}


class _Choices:
    """Set the choices of named fields from keyword arguments (querysets or lists)."""

    def set_choices(self, **choices: object) -> None:
        for name, value in choices.items():
            if value is None:
                continue
            field = self.fields[name]  # type: ignore[attr-defined]
            if hasattr(field, "queryset"):
                field.queryset = value
            else:
                field.choices = [("", _("全部")), *value]  # type: ignore[misc]


class VisitFilterForm(_Choices, forms.Form):
    kind = forms.ModelChoiceField(
        label=_("四送类别"), queryset=DeliveryKind.objects.all(), required=False, empty_label=_("全部")
    )
    area = forms.ChoiceField(label=_("乡镇/村"), choices=[("", _("全部"))], required=False)
    month = forms.CharField(
        label=_("月份"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("格式：2010-05"),
    )

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(area=list(areas))

    def clean_month(self) -> str:
        month = self.cleaned_data.get("month") or ""
        if not month:
            return ""
        parts = month.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
            raise forms.ValidationError(_("月份格式应为“年-月”，例如 2010-05。"), code="month_format")
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}"


class TrainingFilterForm(_Choices, forms.Form):
    channel = forms.ChoiceField(label=_("培训渠道"), choices=[("", _("全部"))] + Channel.choices, required=False)
    area = forms.ChoiceField(label=_("乡镇/村"), choices=[("", _("全部"))], required=False)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(area=list(areas))


class TeamForm(_Choices, forms.Form):
    name = forms.CharField(label=_("服务队名称"), max_length=100)
    organization = forms.ModelChoiceField(label=_("组建单位（县/乡镇）"), queryset=Organization.objects.none())
    unit = forms.ModelChoiceField(
        label=_("组建机关"), queryset=OutsideUnit.objects.none(), required=False, help_text=_("县级服务队必须选择")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("队员"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    leader = forms.ModelChoiceField(label=_("队长"), queryset=Person.objects.none(), required=False)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, organizations=None, units=None, cadres=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(organization=organizations, unit=units, members=cadres, leader=cadres)


class VisitForm(_Choices, forms.Form):
    team = forms.ModelChoiceField(label=_("服务队"), queryset=None)  # type: ignore[arg-type]
    date = forms.DateField(label=_("日期"), widget=DATE)
    target = forms.ModelChoiceField(label=_("服务对象（村/党小组）"), queryset=Organization.objects.none())
    kinds = forms.ModelMultipleChoiceField(
        label=_("四送"),
        queryset=DeliveryKind.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}))
    people_reached = forms.IntegerField(label=_("受益人数"), min_value=0, initial=0)

    def __init__(self, *args: object, teams=None, targets=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(team=teams, target=targets)
        self.fields["target"].label_from_instance = _target_label  # type: ignore[attr-defined]


def _target_label(org: Organization) -> str:
    """Township, village (and party group) names: "熊山镇 念山村 念山第一党小组"."""
    chain = [org]
    while chain[-1].parent_id and chain[-1].parent.kind != "county":
        chain.append(chain[-1].parent)
    return " ".join(o.display_name for o in reversed(chain))


class TrainingForm(_Choices, forms.Form):
    channel = forms.ChoiceField(label=_("培训渠道"), choices=Channel.choices)
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    trainer_name = forms.CharField(label=_("授课人"), max_length=100)
    organization = forms.ModelChoiceField(
        label=_("组织单位"),
        queryset=Organization.objects.none(),
        help_text=_("村组织的培训只登记本村党员，乡镇组织的培训登记本乡镇各村党员"),
    )
    date = forms.DateField(label=_("日期"), widget=DATE)
    hours = forms.DecimalField(
        label=_("学时"),
        max_digits=4,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    location = forms.CharField(label=_("地点"), max_length=200, required=False)

    def __init__(self, *args: object, organizations=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(organization=organizations)
        self.fields["organization"].label_from_instance = (  # type: ignore[attr-defined]
            lambda o: (
                f"{o.parent.display_name} {o.display_name}" if o.parent_id and o.kind == "village" else o.display_name
            )
        )


class AttendeesForm(_Choices, forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("参训党员"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NOBODY_ATTENDED, "invalid_choice": _("所选人员不在可登记范围内。")},
    )
    hours = forms.DecimalField(
        label=_("计入学时"),
        max_digits=4,
        decimal_places=1,
        required=False,
        error_messages=HOURS_ERRORS,
        help_text=_("留空则按培训学时计"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: object, candidates=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_choices(people=candidates)


class RecordFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)
