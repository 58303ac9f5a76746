"""Forms for the M2 pages; they only parse input, the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AppealDecision, AssessmentPeriod, Grade, Item, StandardCode, Status

DATE = forms.DateInput(attrs={"type": "date"})


class StandardForm(forms.Form):
    code = forms.ChoiceField(label=_("标准"), choices=StandardCode.choices)
    name = forms.CharField(label=_("标准名称"), max_length=100)
    total_points = forms.DecimalField(label=_("总分"), max_digits=6, decimal_places=1, initial=Decimal("100"))


class StandardEditForm(forms.Form):
    name = forms.CharField(label=_("标准名称"), max_length=100)
    total_points = forms.DecimalField(label=_("总分"), max_digits=6, decimal_places=1)
    effective_from = forms.DateField(label=_("生效日期"), required=False, widget=DATE)


class DimensionForm(forms.Form):
    name = forms.CharField(label=_("维度名称"), max_length=60)


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["dimension", "title", "points", "guidance", "evidence_wanted"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, standard=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if standard is not None:
            self.fields["dimension"].queryset = standard.dimensions.all()  # type: ignore[attr-defined]


class BandsForm(forms.Form):
    def __init__(self, *args, bands=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = {b.grade: b.minimum for b in bands or []}
        for grade in Grade:
            self.fields[grade.value] = forms.DecimalField(
                label=grade.label, max_digits=6, decimal_places=1, initial=current.get(grade.value)
            )


class PeriodForm(forms.ModelForm):
    class Meta:
        model = AssessmentPeriod
        fields = ["year", "name", "start", "end", "self_deadline", "review_deadline", "approval_deadline"]
        widgets = dict.fromkeys(["start", "end", "self_deadline", "review_deadline", "approval_deadline"], DATE)


class FilterForm(forms.Form):
    period = forms.ModelChoiceField(label=_("考评周期"), queryset=AssessmentPeriod.objects.none(), required=False)
    standard = forms.ChoiceField(label=_("标准"), choices=[("", "---------"), *StandardCode.choices], required=False)
    township = forms.ChoiceField(label=_("乡镇"), choices=[("", "---------")], required=False)
    status = forms.ChoiceField(label=_("环节"), choices=[("", "---------"), *Status.choices], required=False)
    q = forms.CharField(label=_("名称"), required=False)

    def __init__(self, *args, periods=None, townships=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["township"].choices = [("", "---------"), *((t.code, t.display_name) for t in townships)]  # type: ignore[attr-defined]


class StartForm(forms.Form):
    period = forms.ModelChoiceField(label=_("考评周期"), queryset=AssessmentPeriod.objects.none())
    standard = forms.ChoiceField(label=_("标准"), choices=StandardCode.choices)

    def __init__(self, *args, periods=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG、PNG、DOCX 或 XLSX，不超过 10 MB"))
    item = forms.ModelChoiceField(label=_("对应细则"), queryset=Item.objects.none(), required=False)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, standard=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if standard is not None:
            self.fields["item"].queryset = Item.objects.filter(dimension__standard=standard)  # type: ignore[attr-defined]


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("处理结果"), choices=AppealDecision.choices)
    reason = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 2}))
    revised_total = forms.DecimalField(label=_("更正后总分"), max_digits=6, decimal_places=1, required=False)
