"""Forms for the organization tree. They only collect input; the services validate and save."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.division_codes import CODE_LENGTHS

from .models import GroupBasis, Organization, OrganizationKind, UnitKind


def add_service_errors(form: forms.Form, exc: ValidationError, prefix: str = "") -> None:
    """Show a service's ValidationError on the form: on its field if the form has one, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = f"{prefix}{field}"
        form.add_error(name if name in form.fields else None, errors)


class OrganizationCreateForm(forms.Form):
    code = forms.CharField(label=_("区划代码"), max_length=15, required=False)
    name = forms.CharField(label=_("名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=100, required=False)
    basis = forms.ChoiceField(label=_("建组方式"), choices=GroupBasis.choices, initial=GroupBasis.LOCALITY)

    def __init__(self, *args: object, kind: str, parent: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.kind = kind
        self.parent = parent
        length = CODE_LENGTHS[kind]
        self.fields["code"].help_text = _("%(length)d 位数字，以上级代码 %(parent)s 开头。") % {
            "length": length,
            "parent": parent.code,
        }
        if kind == OrganizationKind.PARTY_GROUP:
            self.fields["code"].help_text = _("可留空，系统自动编号。")
        else:
            self.fields["code"].required = True
            del self.fields["basis"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        # Checked here so a duplicate reads as a sentence, not a database error. The other
        # unit may lie outside the user's scope, so its name is not shown.
        if code and Organization.objects.filter(code=code).exists():
            raise ValidationError(_("代码“%(code)s”已被其他组织使用。"), code="duplicate", params={"code": code})
        return code


class OrganizationEditForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=100, required=False)
    basis = forms.ChoiceField(label=_("建组方式"), choices=GroupBasis.choices)

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial", {"name": organization.name, "name_en": organization.name_en, "basis": organization.basis}
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if organization.kind != OrganizationKind.PARTY_GROUP:
            del self.fields["basis"]


class UnitFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=[("", _("全部"))] + UnitKind.choices, required=False)
    q = forms.CharField(label=_("名称"), required=False)
