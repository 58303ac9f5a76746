from django import forms
from django.utils.translation import gettext_lazy as _

from common.checks import AMOUNT_TWO_DECIMALS
from common.pickers import SearchChoiceField
from common.punctuation import parens
from organizations.models import Organization
from organizations.pickers import OrganizationField, UnitField
from people.models import Cadre, Person
from people.pickers import HouseholdField, PersonField, person_label, person_match, person_search

from .models import NEGATIVE_AMOUNT, FiveTogether, HelpKind, OutcomeType, PairingKind, PostingBatch, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CadreField(SearchChoiceField):
    """A cadre, searched and typed as a person is."""

    label_related = ("person__home_village", "person__membership__branch")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            queryset=Cadre.objects.none(),
            search=lambda qs, text: qs.filter(person__in=person_search(Person.objects.all(), text)),
            match=lambda qs, text: qs.filter(person__in=person_match(Person.objects.all(), text)),
            **kwargs,  # type: ignore[arg-type]
        )

    def label_from_instance(self, obj: Cadre) -> str:
        return parens(person_label(obj.person), obj.position) if obj.position else person_label(obj.person)


class PairingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("结对类型"), choices=[("", _("全部"))] + PairingKind.choices, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + Status.choices, required=False)
    on = forms.DateField(label=_("状态日期"), widget=DATE, required=False)
    area = forms.ChoiceField(label=_("乡镇/村"), choices=[("", _("全部"))], required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = [("", _("全部")), *areas]  # type: ignore[attr-defined]


class PostingFilterForm(forms.Form):
    batch = forms.ModelChoiceField(
        label=_("批次"), queryset=PostingBatch.objects.none(), required=False, empty_label=_("全部")
    )
    area = forms.ChoiceField(label=_("乡镇/村"), choices=[("", _("全部"))], required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + Status.choices, required=False)

    def __init__(self, *args: object, batches=None, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if batches is not None:
            self.fields["batch"].queryset = batches  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("全部")), *areas]  # type: ignore[attr-defined]


class OutcomeFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)
    area = forms.ChoiceField(label=_("乡镇/村"), choices=[("", _("全部"))], required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = [("", _("全部")), *areas]  # type: ignore[attr-defined]


class VillagePickForm(forms.Form):
    village = OrganizationField(label=_("结对村"), to_field_name="code")

    def __init__(self, *args: object, villages=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class PairingForm(forms.Form):
    kind = forms.ChoiceField(label=_("结对类型"), choices=PairingKind.choices)
    unit = UnitField(label=_("结对单位"), required=False, help_text=_("支部结对、部门/文明单位/企业结对时填写"))
    urban_person = PersonField(label=_("城市一方人员"), required=False, help_text=_("党员结对、干部帮扶时填写"))
    rural_person = PersonField(label=_("农村一方人员"), required=False)
    household = HouseholdField(label=_("帮扶困难户"), required=False)
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, units=None, urban=None, rural=None, households=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, qs in (("unit", units), ("urban_person", urban), ("rural_person", rural), ("household", households)):
            if qs is not None:
                self.fields[name].queryset = qs  # type: ignore[attr-defined]


class EndForm(forms.Form):
    end = forms.DateField(label=_("结束日期"), widget=DATE)


class ContributionForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    kinds = forms.MultipleChoiceField(
        label=_("帮扶类别"), choices=HelpKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(label=_("帮扶内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    kinds = forms.MultipleChoiceField(
        label=_("五共"), choices=FiveTogether.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(label=_("活动内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OutcomeForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    type = forms.ChoiceField(label=_("成果类型"), choices=OutcomeType.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    amount = forms.DecimalField(
        label=_("数额"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("资金填金额（元，最多两位小数）；就业岗位、助学填人数或个数；其他类型留空"),
        error_messages={
            "invalid": _("数额必须是数字，例如 12500.00。"),
            "max_decimal_places": AMOUNT_TWO_DECIMALS,
            "max_digits": _("数额过大。"),
            "max_whole_digits": _("数额过大。"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(NEGATIVE_AMOUNT, code="amount_negative")
        return amount


class BatchForm(forms.Form):
    county = forms.ModelChoiceField(label=_("县"), queryset=Organization.objects.none())
    number = forms.IntegerField(label=_("批次"), min_value=1)
    name = forms.CharField(label=_("名称"), max_length=100, required=False, help_text=_("留空则自动命名"))
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE)

    def __init__(self, *args: object, counties=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]


class PostingForm(forms.Form):
    batch = forms.ModelChoiceField(label=_("批次"), queryset=PostingBatch.objects.none())
    cadre = CadreField(label=_("干部"))
    village = OrganizationField(label=_("挂职村"))
    start = forms.DateField(label=_("开始日期"), widget=DATE, required=False, help_text=_("留空则与批次相同"))
    end = forms.DateField(label=_("结束日期"), widget=DATE, required=False, help_text=_("留空则与批次相同"))
    duties = forms.CharField(label=_("职责"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, batches=None, cadres=None, villages=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["batch"].queryset = batches  # type: ignore[attr-defined]
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
