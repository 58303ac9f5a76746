"""Forms for points. The services refuse what is wrong; the forms only read the fields."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Person

from .models import Fact, PointRule, StockItem


class RulesForm(forms.Form):
    """One points field and one cap field per kind of fact."""

    def __init__(self, *args: Any, rules: dict[str, PointRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Fact.choices:
            rule = rules.get(value)
            self.fields[f"{value}_points"] = forms.IntegerField(
                label=_("%(fact)s：每次积分") % {"fact": label}, min_value=0, initial=rule.points if rule else 0
            )
            self.fields[f"{value}_cap"] = forms.IntegerField(
                label=_("%(fact)s：每月上限（空为不限）") % {"fact": label},
                min_value=0,
                required=False,
                initial=rule.monthly_cap if rule else None,
            )

    def rules(self) -> list[tuple[str, int, int | None]]:
        d = self.cleaned_data
        return [(v, d[f"{v}_points"], d[f"{v}_cap"]) for v in Fact.values]


class StockForm(forms.Form):
    name = forms.CharField(label=_("物品"), max_length=60)
    price = forms.IntegerField(label=_("所需积分"))
    quantity = forms.IntegerField(label=_("库存数量"))


class RedeemForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("兑换人"), queryset=Person.objects.none())
    item = forms.ModelChoiceField(label=_("物品"), queryset=StockItem.objects.none())
    quantity = forms.IntegerField(label=_("数量"), initial=1)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, holders: Any, items: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["request_key"] = uuid.uuid4().hex
        super().__init__(*args, **kwargs)
        holder_field = self.fields["holder"]
        item_field = self.fields["item"]
        assert isinstance(holder_field, forms.ModelChoiceField) and isinstance(item_field, forms.ModelChoiceField)
        holder_field.queryset = holders
        item_field.queryset = items


class ReverseForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("冲正原因"), max_length=200)
