"""Pages for people (F-PEOPLE): lists with filters and Excel export, detail, and edit forms.

ID numbers and phones are masked everywhere except for county admins of the person's
county and the person themself (``Scope.sees_unmasked``).
"""

import logging
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.http import AuthedRequest
from common.pages import add_service_errors, chosen_filters, paginate
from common.personal_data import PERSONAL_SHEETS
from common.scope import Right, Scope
from common.sections import PERSON_DETAIL, sections_for
from common.xlsx import XLSX_CONTENT_TYPE, Column, workbook_sheets_bytes, xlsx_response

from . import services
from .forms import HouseholdFilterForm, HouseholdForm, MemberFilterForm, PersonFilterForm, PersonForm
from .models import Household, Person
from .selectors import (
    can_change_person,
    households_visible_to,
    members_visible_to,
    person_visible_or_none,
    persons_visible_to,
    place_code,
    with_shown_contact,
)

logger = logging.getLogger(__name__)


def _village_name(org) -> str:
    if org is None:
        return ""
    return f"{org.parent.name} {org.name}" if org.parent_id else org.name


PERSON_COLUMNS = [
    Column(gettext_lazy("姓名"), lambda p: p.name, 12),
    Column(gettext_lazy("性别"), lambda p: p.get_sex_display(), 6),
    Column(gettext_lazy("出生日期"), lambda p: p.shown_birth, 12),
    Column(gettext_lazy("身份证号"), lambda p: p.shown_id_number, 22),
    Column(gettext_lazy("电话"), lambda p: p.shown_phone, 14),
    Column(gettext_lazy("学历"), lambda p: p.get_education_display(), 10),
    Column(gettext_lazy("户籍村"), lambda p: p.home_village.name if p.home_village else "", 16),
    Column(gettext_lazy("户籍村代码"), lambda p: p.home_village.code if p.home_village else "", 16),
]


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = PersonFilterForm(request.GET or None, scope=scope)
    persons = persons_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("人员.xlsx"), _("人员"), PERSON_COLUMNS, with_shown_contact(scope, persons))
    page = paginate(request, persons)
    page.object_list = with_shown_contact(scope, page.object_list)
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page_obj": page, "can_add": scope.may_anywhere(Right.MANAGE)},
    )


MEMBER_COLUMNS = [
    Column(gettext_lazy("姓名"), lambda m: m.person.name, 12),
    Column(gettext_lazy("性别"), lambda m: m.person.get_sex_display(), 6),
    Column(gettext_lazy("出生日期"), lambda m: m.person.shown_birth, 12),
    Column(gettext_lazy("身份证号"), lambda m: m.person.shown_id_number, 22),
    Column(gettext_lazy("电话"), lambda m: m.person.shown_phone, 14),
    Column(gettext_lazy("党员类别"), lambda m: m.get_status_display(), 10),
    Column(gettext_lazy("入党日期"), lambda m: m.joined_on, 12),
    Column(gettext_lazy("乡镇"), lambda m: m.branch.parent.name if m.branch.parent else "", 12),
    Column(gettext_lazy("所在支部（村）"), lambda m: m.branch.name, 14),
    Column(gettext_lazy("党小组"), lambda m: m.party_group.name if m.party_group else "", 18),
]


def _with_member_contact(scope: Scope, memberships) -> list:
    rows = list(memberships)
    with_shown_contact(scope, (m.person for m in rows))
    return rows


@login_required
def member_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = MemberFilterForm(request.GET or None, scope=scope)
    members = members_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("党员.xlsx"), _("党员"), MEMBER_COLUMNS, _with_member_contact(scope, members))
    page = paginate(request, members)
    page.object_list = _with_member_contact(scope, page.object_list)
    return render(
        request,
        "people/member_list.html",
        {"form": form, "page_obj": page, "can_add": scope.may_anywhere(Right.MANAGE)},
    )


HOUSEHOLD_COLUMNS = [
    Column(gettext_lazy("户主"), lambda h: h.head.name, 12),
    Column(gettext_lazy("乡镇"), lambda h: h.village.parent.name if h.village.parent else "", 12),
    Column(gettext_lazy("所在村"), lambda h: h.village.name, 14),
    Column(gettext_lazy("家庭人口"), lambda h: h.size, 10),
    Column(gettext_lazy("致困原因"), lambda h: h.get_cause_display(), 10),
    Column(gettext_lazy("状态"), lambda h: h.get_status_display(), 10),
]


@login_required
def household_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = HouseholdFilterForm(request.GET or None, scope=scope)
    households = households_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("困难户.xlsx"), _("困难户"), HOUSEHOLD_COLUMNS, households)
    return render(request, "people/household_list.html", {"form": form, "page_obj": paginate(request, households)})


def _person_or_404(scope: Scope, pk: int) -> Person:
    person = person_visible_or_none(scope, pk)
    if person is None:
        raise Http404
    return person


def may_export_personal_data(scope: Scope, person: Person) -> bool:
    """The person themself, and whoever may see them unmasked (the county admins of their county)."""
    return person.pk in scope.person_ids or scope.sees_unmasked(person.pk, place_code(person))


@login_required
def person_data_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """Everything Xianfeng holds about one person, one sheet per kind (PIPL art. 45: the right to a copy)."""
    scope = request.scope
    person = _person_or_404(scope, pk)
    if not may_export_personal_data(scope, person):
        raise Http404
    sheets = [(sheet.title, sheet.columns, sheet.rows(person)) for sheet in PERSONAL_SHEETS.values()]
    response = HttpResponse(workbook_sheets_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    filename = _("个人信息-%(name)s.xlsx") % {"name": person.name}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    logger.info("personal data export of person %s by user %s", person.pk, request.user.pk)
    return response


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    person = _person_or_404(scope, pk)
    with_shown_contact(scope, [person])
    appointments = person.appointments.select_related("organization").order_by("-start")
    households = Household.objects.filter(head=person).select_related("village")
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "membership": getattr(person, "membership", None),
            "cadre": getattr(person, "cadre", None),
            "appointments": appointments,
            "households": households,
            "can_change": can_change_person(scope, person),
            "can_export": may_export_personal_data(scope, person),
            "sections": sections_for(PERSON_DETAIL, person, scope),
        },
    )


def _save_person(form: PersonForm, person: Person | None) -> Person:
    """Write the person and their membership together: one failing rolls both back."""
    data = form.cleaned_data
    fields = {k: data[k] for k in ("name", "sex", "birth_date", "id_number", "phone", "education", "home_village")}
    fields["id_number"] = fields["id_number"] or None
    with transaction.atomic():
        person = services.person_create(**fields) if person is None else services.person_update(person=person, **fields)
        if data["is_member"]:
            try:
                services.membership_set(
                    person=person,
                    status=data["member_status"],
                    joined_on=data["member_joined_on"],
                    branch=data["member_branch"],
                    party_group=data["member_party_group"],
                )
            except ValidationError as exc:
                # Membership fields carry a prefix on the form.
                raise ValidationError(
                    {f"member_{k}": v for k, v in exc.error_dict.items()} if hasattr(exc, "error_dict") else exc
                ) from None
    return person


def _person_form_page(request: AuthedRequest, scope: Scope, person: Person | None) -> HttpResponse:
    form = PersonForm(request.POST or None, scope=scope, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_person(form, person)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            form.add_error("id_number", _("该身份证号已登记。"))
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": saved.name})
            return redirect("people:person_detail", pk=saved.pk)
    title = _("修改人员") if person else _("添加人员")
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": title})


@login_required
def person_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.may_anywhere(Right.MANAGE):
        raise Http404
    return _person_form_page(request, scope, None)


@login_required
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    person = _person_or_404(scope, pk)
    if not can_change_person(scope, person):
        raise Http404
    return _person_form_page(request, scope, person)


@login_required
def household_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record or update the household in difficulty headed by this person."""
    scope = request.scope
    person = _person_or_404(scope, pk)
    if not can_change_person(scope, person):
        raise Http404
    household = Household.objects.filter(head=person).first()
    initial = (
        {"village": household.village_id, "size": household.size, "cause": household.cause, "status": household.status}
        if household
        else {"village": person.home_village_id}
    )
    form = HouseholdForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set(head=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/household_form.html", {"form": form, "person": person, "household": household})
