"""Forms for people pages. They collect input; ``people.services`` validates and saves."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.pickers import MAX_OPTIONS
from common.scope import Scope
from organizations.models import Organization, OrganizationKind
from organizations.pickers import OrganizationField

from .models import Education, HouseholdCause, HouseholdStatus, MembershipStatus, PartyMembership, Person, Sex
from .selectors import birth_year_label, party_group_choices, place_code, village_choices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALL: "list[tuple[str, StrOrPromise]]" = [("", _("全部"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ScopedFilterForm(forms.Form):
    """A list filter whose unit choices are the units the viewer may see (one query each)."""

    org = forms.ChoiceField(label=_("乡镇/村"), required=False)

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = scope.filter(Organization.objects.exclude(kind=OrganizationKind.PARTY_GROUP), "").order_by("code")
        # Indent by depth so villages read under their township in a plain <select>.
        indent: dict[str, str] = {OrganizationKind.TOWNSHIP: "\u3000", OrganizationKind.VILLAGE: "\u3000\u3000"}
        cast(forms.ChoiceField, self.fields["org"]).choices = ALL + [
            (o.code, f"{indent.get(o.kind, '')}{o}") for o in units.only("code", "kind", "name", "name_en")
        ]


class PersonFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("姓名/身份证号/电话"), required=False)
    sex = forms.ChoiceField(label=_("性别"), choices=[*ALL, *Sex.choices], required=False)
    field_order = ["q", "org", "sex"]


class MemberFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("姓名/身份证号/电话"), required=False)
    status = forms.ChoiceField(label=_("党员类别"), choices=[*ALL, *MembershipStatus.choices], required=False)
    party_group = forms.ChoiceField(label=_("党小组"), required=False)
    field_order = ["q", "status", "org", "party_group"]

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        groups = party_group_choices(scope)
        org = self.data.get("org", "") if self.is_bound else ""
        if org:
            groups = groups.filter(code__startswith=org)
        # A county has hundreds of party groups: they are listed once the unit chosen narrows them enough.
        if groups.count() > MAX_OPTIONS:
            cast(forms.ChoiceField, self.fields["party_group"]).choices = [("", _("全部（选择村后可选党小组）"))]
            return
        cast(forms.ChoiceField, self.fields["party_group"]).choices = ALL + [
            (g.code, f"{g.parent.display_name if g.parent else ''} {g}") for g in groups
        ]


class HouseholdFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("户主姓名"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[*ALL, *HouseholdStatus.choices], required=False)
    cause = forms.ChoiceField(label=_("致困原因"), choices=[*ALL, *HouseholdCause.choices], required=False)
    field_order = ["q", "org", "status", "cause"]


ON_RECORD = _("已登记（留空则不修改）")
ON_RECORD_HELP = _("已登记，为保护个人信息不显示；留空则保留原值，填写则替换。")
# Fields a masked editor may replace but never read (docs/security.md, "Personal data").
WRITE_ONLY_FIELDS = ("id_number", "phone", "birth_date")


class PersonForm(forms.Form):
    """A person and, optionally, their party membership on one page.

    An editor who may not see the person unmasked (a township or village admin) gets the
    ID number, phone and birth date empty, marked as on record: left empty they keep the
    stored value, typed they replace it. The full values never reach their page.
    """

    name = forms.CharField(label=_("姓名"), max_length=50)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=DateInput())
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    phone = forms.CharField(label=_("电话"), max_length=20, required=False)
    education = forms.ChoiceField(label=_("学历"), choices=[("", "—"), *Education.choices], required=False)
    home_village = OrganizationField(label=_("户籍村"))
    is_member = forms.BooleanField(label=_("是党员"), required=False)
    member_status = forms.ChoiceField(label=_("党员类别"), choices=MembershipStatus.choices, required=False)
    member_joined_on = forms.DateField(label=_("入党日期"), widget=DateInput(), required=False)
    member_branch = OrganizationField(label=_("所在支部（村）"), required=False)
    member_party_group = OrganizationField(label=_("党小组"), required=False)

    def __init__(self, *args: object, scope: Scope, person: Person | None = None, **kwargs: object) -> None:
        membership: PartyMembership | None = getattr(person, "membership", None) if person else None
        self.person = person
        self.masked = person is not None and not scope.sees_unmasked(person.pk, place_code(person))
        if person is not None:
            kwargs.setdefault("initial", _person_initial(person, membership, masked=self.masked))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.had_membership = membership is not None
        if self.masked and person is not None:
            self._mark_on_record(person)
        villages = village_choices(scope, writable=True).select_related("parent")
        cast(OrganizationField, self.fields["home_village"]).queryset = villages
        cast(OrganizationField, self.fields["member_branch"]).queryset = villages
        cast(OrganizationField, self.fields["member_party_group"]).queryset = party_group_choices(scope, writable=True)

    def _mark_on_record(self, person: Person) -> None:
        """Show a masked editor that a value is on record, without showing it."""
        for name in ("id_number", "phone"):
            if getattr(person, name):
                self.fields[name].widget.attrs.update(placeholder=str(ON_RECORD), autocomplete="off")
                self.fields[name].help_text = ON_RECORD_HELP
        birth = self.fields["birth_date"]
        birth.required = False
        birth.help_text = _("已登记：%(year)s（留空则不修改；修改时须同时填写身份证号）") % {
            "year": birth_year_label(person.birth_date)
        }

    def _keep_what_was_left_empty(self, data: dict[str, Any]) -> None:
        """Left empty, a write-only field keeps the stored value; a new birth date needs the ID number typed too.

        Checking a new birth date against the stored, unseen ID number would tell the
        editor, one refused date at a time, the birth date the mask hides.
        """
        person = self.person
        assert person is not None
        typed_id = bool(data.get("id_number"))
        if data.get("birth_date") and not typed_id and person.id_number:
            self.add_error(
                "birth_date",
                forms.ValidationError(_("修改出生日期时须同时重新填写身份证号。"), code="birth_date_needs_id_number"),
            )
        for name in WRITE_ONLY_FIELDS:
            if name not in self.errors and not data.get(name):
                data[name] = getattr(person, name)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data; the stubs allow None for overrides
        if self.masked and self.person is not None:
            self._keep_what_was_left_empty(data)
        if self.had_membership and not data.get("is_member"):
            self.add_error(
                "is_member",
                forms.ValidationError(_("此页面不能取消党员身份，请联系县委组织部。"), code="membership_not_removable"),
            )
        if data.get("is_member"):
            for name in ("member_status", "member_joined_on", "member_branch"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, forms.ValidationError(_("党员必须填写此项。"), code="required"))
        return data


def _person_initial(person: Person, membership: PartyMembership | None, *, masked: bool) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "name": person.name,
        "sex": person.sex,
        "education": person.education,
        "home_village": person.home_village_id,
    }
    if not masked:
        initial.update(birth_date=person.birth_date, id_number=person.id_number or "", phone=person.phone)
    if membership is not None:
        initial.update(
            is_member=True,
            member_status=membership.status,
            member_joined_on=membership.joined_on,
            member_branch=membership.branch_id,
            member_party_group=membership.party_group_id,
        )
    return initial


class HouseholdForm(forms.Form):
    village = OrganizationField(label=_("所在村"))
    size = forms.IntegerField(label=_("家庭人口"))
    cause = forms.ChoiceField(label=_("致困原因"), choices=HouseholdCause.choices)
    status = forms.ChoiceField(label=_("状态"), choices=HouseholdStatus.choices, initial=HouseholdStatus.IN_DIFFICULTY)

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        villages = village_choices(scope, writable=True).select_related("parent")
        cast(OrganizationField, self.fields["village"]).queryset = villages
