"""Pages for branch life: meetings (三会一课 and more) and the county's settings. Dues and notices have their own modules.

Every row is read through ``selectors`` with the viewer's scope: outside it answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.params import year_param
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where
from people.models import PartyMembership, Person

from . import exports, selectors, services
from .forms import CadenceForm, DuesRangeForm, MeetingForm
from .models import MeetingKind
from .rules import cadence_of


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    # The viewer's own statement, when they are a party member (a linked leader may be bound to a
    # person who is not: no link to a page that would answer 404).
    member_id = (
        PartyMembership.objects.filter(person_id__in=scope.person_ids)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .first()
        if scope.person_ids
        else None
    )
    return render(
        request,
        "branch_life/home.html",
        {
            "can_record": selectors.writable_villages(scope).exists(),
            "can_configure": scope.may_anywhere(Right.CONFIGURE),
            "is_member": member_id is not None,
            "member_id": member_id,
        },
    )


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    year = year_param(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    branch = request.GET.get("branch", "")
    if request.GET.get("format") == "xlsx":
        meetings = selectors.meetings_visible_to(request.scope, year=year, kind=kind, branch=branch)
        return xlsx_response(_("组织生活会议.xlsx"), _("组织生活会议"), exports.MEETING_COLUMNS, meetings)
    page = paginate(request, selectors.meetings_listed(request.scope, year=year, kind=kind, branch=branch))
    page.object_list = list(page.object_list)
    selectors.with_attendance(page.object_list)
    return render(
        request,
        "branch_life/meeting_list.html",
        {
            "page_obj": page,
            "year": year,
            "kind": kind,
            "kinds": MeetingKind.choices,
            "can_add": selectors.writable_villages(request.scope).exists(),
        },
    )


@login_required
def meeting_create(request: AuthedRequest) -> HttpResponse:
    villages = selectors.writable_villages(request.scope)
    code = request.POST.get("branch") or request.GET.get("branch") or ""
    branch = villages.filter(code=code).first() if code else villages.first()
    if branch is None:
        raise Http404
    memberships = list(selectors.members_of(branch))
    members = [m.person for m in memberships]
    initial = {"date": clock.today(), "kind": request.GET.get("kind", MeetingKind.THEME_DAY)}
    form = MeetingForm(
        request.POST or None,
        members=members,
        joined={m.person_id: m.joined_on for m in memberships},
        initial=initial,
        querysets={"presided_by": Person.objects.filter(pk__in=[p.pk for p in members]).order_by("name")},
    )
    if request.method == "POST" and apply_service(
        form,
        lambda d: services.meeting_record(
            branch=branch,
            kind=d["kind"],
            date=d["date"],
            topic=d["topic"],
            presided_by=d["presided_by"],
            decisions=d["decisions"],
            attendance=form.attendance(),
            actor=request.user,
        ),
    ):
        messages.success(request, _("会议已登记。"))
        return redirect("branch_life:meetings")
    return render(
        request,
        "branch_life/meeting_form.html",
        {"form": form, "branch": branch, "villages": villages.select_related("parent"), "members": members},
    )


@login_required
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(request.scope, pk)
    attendance = meeting.attendance.select_related("member").order_by("member__name")
    return render(request, "branch_life/meeting_detail.html", {"meeting": meeting, "attendance": attendance})


@login_required
def settings_page(request: AuthedRequest) -> HttpResponse:
    """The county admin's table: cadence of each kind of meeting, range of a rural member's monthly dues."""
    counties = organizations_where(request.scope, Right.CONFIGURE, [OrganizationKind.COUNTY]).order_by("code")
    county: Organization | None = counties.first()
    if county is None:
        raise Http404
    cadence = cadence_of(county.code)
    low, high = services.dues_range_of(county.code)
    cadence_form = CadenceForm(
        request.POST if "cadence" in request.POST else None, initial_months=cadence, prefix="cadence"
    )
    dues_form = DuesRangeForm(
        request.POST if "dues" in request.POST else None, initial={"minimum": low, "maximum": high}, prefix="dues"
    )
    if request.method == "POST" and "cadence" in request.POST and cadence_form.is_valid():
        for kind, months in cadence_form.cleaned_data.items():
            services.cadence_set(county=county, kind=kind, months=months)
        messages.success(request, _("组织生活频次已保存。"))
        return redirect("branch_life:settings")
    if (
        request.method == "POST"
        and "dues" in request.POST
        and apply_service(dues_form, lambda d: services.dues_range_set(county=county, **d))
    ):
        messages.success(request, _("党费标准已保存。"))
        return redirect("branch_life:settings")
    return render(
        request, "branch_life/settings.html", {"county": county, "cadence_form": cadence_form, "dues_form": dues_form}
    )
