"""Forms for people pages. They collect input; ``people.services`` validates and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.scope import Scope
from organizations.models import Organization, OrganizationKind

from .models import Education, HouseholdCause, HouseholdStatus, MembershipStatus, PartyMembership, Person, Sex
from .selectors import party_group_choices, village_choices

ALL = [("", _("全部"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.parent.name if obj.parent_id and obj.parent else ''} {obj}".strip()


class ScopedFilterForm(forms.Form):
    """A list filter whose unit choices are the units the viewer may see (one query each)."""

    org = forms.ChoiceField(label=_("乡镇/村"), required=False)

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = scope.filter(Organization.objects.exclude(kind=OrganizationKind.PARTY_GROUP), "").order_by("code")
        # Indent by depth so villages read under their township in a plain <select>.
        indent = {OrganizationKind.TOWNSHIP: "\u3000", OrganizationKind.VILLAGE: "\u3000\u3000"}
        self.fields["org"].choices = ALL + [
            (o.code, f"{indent.get(o.kind, '')}{o}") for o in units.only("code", "kind", "name", "name_en")
        ]


class PersonFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("姓名/身份证号/电话"), required=False)
    sex = forms.ChoiceField(label=_("性别"), choices=ALL + Sex.choices, required=False)
    field_order = ["q", "org", "sex"]


class MemberFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("姓名/身份证号/电话"), required=False)
    status = forms.ChoiceField(label=_("党员类别"), choices=ALL + MembershipStatus.choices, required=False)
    party_group = forms.ChoiceField(label=_("党小组"), required=False)
    field_order = ["q", "status", "org", "party_group"]

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        groups = party_group_choices(scope)
        org = self.data.get("org", "") if self.is_bound else ""
        if org:
            groups = groups.filter(code__startswith=org)
        self.fields["party_group"].choices = ALL + [(g.code, f"{g.parent.name} {g}") for g in groups]


class HouseholdFilterForm(ScopedFilterForm):
    q = forms.CharField(label=_("户主姓名"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ALL + HouseholdStatus.choices, required=False)
    cause = forms.ChoiceField(label=_("致困原因"), choices=ALL + HouseholdCause.choices, required=False)
    field_order = ["q", "org", "status", "cause"]


class PersonForm(forms.Form):
    """A person and, optionally, their party membership on one page."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=DateInput())
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    phone = forms.CharField(label=_("电话"), max_length=20, required=False)
    education = forms.ChoiceField(label=_("学历"), choices=[("", "—")] + Education.choices, required=False)
    home_village = OrgChoiceField(label=_("户籍村"), queryset=Organization.objects.none())
    is_member = forms.BooleanField(label=_("是党员"), required=False)
    member_status = forms.ChoiceField(label=_("党员类别"), choices=MembershipStatus.choices, required=False)
    member_joined_on = forms.DateField(label=_("入党日期"), widget=DateInput(), required=False)
    member_branch = OrgChoiceField(label=_("所在支部（村）"), queryset=Organization.objects.none(), required=False)
    member_party_group = OrgChoiceField(label=_("党小组"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: object, scope: Scope, person: Person | None = None, **kwargs: object) -> None:
        membership: PartyMembership | None = getattr(person, "membership", None) if person else None
        if person is not None:
            kwargs.setdefault("initial", _person_initial(person, membership))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.had_membership = membership is not None
        villages = village_choices(scope, writable=True).select_related("parent")
        self.fields["home_village"].queryset = villages
        self.fields["member_branch"].queryset = villages
        self.fields["member_party_group"].queryset = party_group_choices(scope, writable=True)

    def clean(self) -> dict:
        data = super().clean()
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


def _person_initial(person: Person, membership: PartyMembership | None) -> dict:
    initial = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "id_number": person.id_number or "",
        "phone": person.phone,
        "education": person.education,
        "home_village": person.home_village_id,
    }
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
    village = OrgChoiceField(label=_("所在村"), queryset=Organization.objects.none())
    size = forms.IntegerField(label=_("家庭人口"))
    cause = forms.ChoiceField(label=_("致困原因"), choices=HouseholdCause.choices)
    status = forms.ChoiceField(label=_("状态"), choices=HouseholdStatus.choices, initial=HouseholdStatus.IN_DIFFICULTY)

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["village"].queryset = village_choices(scope, writable=True).select_related("parent")
