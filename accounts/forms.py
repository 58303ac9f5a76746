from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OutsideUnit
from organizations.pickers import UnitField
from people.models import Person, id_number_hash

from .models import ADMINISTRATOR_ROLES, Profile, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LanguageForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("界面语言"), choices=settings.LANGUAGES)

    class Meta:
        model = Profile
        fields = ["language"]


class CodeForm(forms.Form):
    """A 6-digit code from the user's authenticator app."""

    code = forms.RegexField(
        label=_("验证码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入 6 位数字验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class UserCreateForm(forms.Form):
    """A new user with one role, bound to an organization (by division code), a unit or a person (by ID number)."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("用户首次登录时必须修改。"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=[])
    organization = forms.CharField(label=_("所辖组织的区划代码"), max_length=15, required=False)
    unit = UnitField(label=_("所属单位"), queryset=OutsideUnit.objects.order_by("name"), required=False)
    person = forms.CharField(label=_("对应人员的身份证号"), max_length=18, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["role"]).choices = assignable_roles()

    def clean_organization(self) -> Organization | None:
        code = self.cleaned_data["organization"].strip()
        if not code:
            return None
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            raise forms.ValidationError(
                _("没有区划代码为 %(code)s 的组织。"), code="unknown_code", params={"code": code}
            )
        return organization

    def clean_person(self) -> Person | None:
        number = self.cleaned_data["person"].strip().upper()
        if not number:
            return None
        person = Person.objects.filter(id_number_hash=id_number_hash(number)).first()  # encrypted: by its keyed hash
        if person is None:
            raise forms.ValidationError(_("没有身份证号为该号码的人员。"), code="unknown_id_number")
        return person


class RoleAddForm(UserCreateForm):
    """Another role for an existing user."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("username", "name", "password"):
            del self.fields[name]


def assignable_roles() -> "list[tuple[str, StrOrPromise]]":
    """The roles a system administrator may grant: all but the three administrators' (a superuser's to grant)."""
    return [(value, label) for value, label in Role.choices if value not in ADMINISTRATOR_ROLES]
