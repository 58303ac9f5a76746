"""The form of one sub-record kind, built from the kind's fields; a masked viewer's phone field is write-only."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from people.forms import ScopedFilterForm

from .kinds import Kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ON_RECORD = _("已登记（留空则不修改）")


class RecordForm(forms.Form):
    def __init__(self, *args: Any, kind: Kind, phone_hidden: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.phone_hidden = phone_hidden
        self.fields.update(
            fields_for_model(kind.model, fields=list(kind.fields), widgets=dict.fromkeys(kind.dates, DATE))
        )
        if phone_hidden and "phone" in self.fields:
            # Replace, never read (docs/security.md "Edit forms"): the stored phone is not sent to a masked viewer.
            self.fields["phone"].widget.attrs["placeholder"] = str(ON_RECORD)
            self.initial.pop("phone", None)


class MemberFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("姓名/身份证号/电话"), required=False)
    field_order = ["q", "org"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel文件"), help_text=_("本页导出的工作簿，或按其格式填写的 .xlsx 文件。"))
