"""The audit administrator's search of the security log."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.checks import end_not_before_start

from .models import Kind, Outcome

ALL = [("", _("全部"))]
# The start of an IPv4 or IPv6 address: digits, hex letters, dots and colons.
ADDRESS_PREFIX = re.compile(r"[0-9a-fA-F.:]{1,45}")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    user = forms.CharField(label=_("用户名"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("事件类型"), choices=ALL + Kind.choices, required=False)
    outcome = forms.ChoiceField(label=_("结果"), choices=ALL + Outcome.choices, required=False)
    start = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    address = forms.CharField(label=_("客户端地址"), required=False, max_length=45)

    def clean_user(self) -> str:
        return self.cleaned_data["user"].strip()

    def clean_address(self) -> str:
        address = self.cleaned_data["address"].strip()
        if address and not ADDRESS_PREFIX.fullmatch(address):
            raise ValidationError(
                _("请输入 IP 地址或其开头部分（数字、点和冒号），例如 10.0. 或 192.168.1.20。"), code="address_prefix"
            )
        return address

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end_not_before_start(data.get("start"), data.get("end"))
        return data

    def filters(self) -> dict[str, Any]:
        """The chosen filters, empty ones left out (only for a valid form)."""
        return {name: value for name, value in self.cleaned_data.items() if value}
