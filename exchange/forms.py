from django import forms
from django.utils.translation import gettext_lazy as _

from common.importers import kind_choices

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=kind_choices)
    file = forms.FileField(label=_("Excel文件（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的Excel文件（可先下载模板）。"), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过20MB，请分批导入。"), code="file_size")
        return upload
