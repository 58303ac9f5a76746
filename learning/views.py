"""Pages for P1 Learning: service teams and visits, trainings with attendance, each member's learning record."""

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, chosen_filters, paginate
from common.pickers import MAX_OPTIONS
from common.scope import Right
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import area_choices

from . import selectors, services
from .forms import (
    AttendeesForm,
    RecordFilterForm,
    TeamForm,
    TrainingFilterForm,
    TrainingForm,
    VisitFilterForm,
    VisitForm,
)
from .models import Training

# -- service teams -----------------------------------------------------------------


TEAM_COLUMNS = [
    Column(gettext_lazy("服务队名称"), lambda t: t.name, 24),
    Column(gettext_lazy("组建单位"), lambda t: t.organization.name, 14),
    Column(gettext_lazy("组建机关"), lambda t: str(t.unit) if t.unit_id else "", 20),
    Column(gettext_lazy("队长"), lambda t: t.leader.name if t.leader_id else "", 10),
    Column(gettext_lazy("队员"), lambda t: t.member_count, 8),
    Column(gettext_lazy("下访次数"), lambda t: t.visit_count, 10),
    Column(gettext_lazy("备注"), lambda t: t.note, 30),
]


@login_required
def team_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    teams = selectors.teams_visible_to(scope)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("服务队.xlsx"), _("服务队"), TEAM_COLUMNS, teams)
    can_add = scope.is_admin and selectors.team_organizations(scope).exists()
    return render(request, "learning/team_list.html", {"page_obj": paginate(request, teams), "can_add": can_add})


@login_required
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    team = selectors.team_detail(scope, pk)
    return render(
        request,
        "learning/team_detail.html",
        {"team": team, "can_record": scope.may(Right.MANAGE, code=team.organization.code)},
    )


@login_required
def team_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    organizations = selectors.team_organizations(scope)
    if not scope.is_admin or not organizations.exists():
        raise Http404
    form = TeamForm(request.POST or None, **selectors.team_choices(organizations))
    created = []
    if request.method == "POST" and apply_service(form, lambda d: created.append(services.service_team_create(**d))):
        messages.success(request, _("服务队已建立。"))
        return redirect("learning:team_detail", pk=created[0].pk)
    return render(request, "learning/form.html", {"form": form, "title": _("新建服务队"), "back": "learning:team_list"})


# -- visits ------------------------------------------------------------------------

VISIT_COLUMNS = [
    Column(gettext_lazy("日期"), lambda v: v.date, 12),
    Column(gettext_lazy("服务队"), lambda v: v.team.name, 20),
    Column(gettext_lazy("乡镇"), lambda v: v.village.parent.name, 12),
    Column(gettext_lazy("村"), lambda v: v.village.name, 12),
    Column(
        gettext_lazy("党小组"), lambda v: v.target.name if v.target.kind == OrganizationKind.PARTY_GROUP else "", 16
    ),
    Column(gettext_lazy("四送"), lambda v: "、".join(d.kind.name for d in v.deliveries.all()), 20),
    Column(gettext_lazy("服务内容"), lambda v: v.content, 40),
    Column(gettext_lazy("受益人数"), lambda v: v.people_reached, 10),
]


@login_required
def visit_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = VisitFilterForm(request.GET or None, areas=area_choices(scope))
    visits = selectors.visits_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("服务队下访.xlsx"), _("服务队下访"), VISIT_COLUMNS, visits)
    can_add = scope.is_admin and selectors.writable_teams(scope).exists()
    return render(
        request, "learning/visit_list.html", {"form": form, "page_obj": paginate(request, visits), "can_add": can_add}
    )


@login_required
def visit_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    teams = selectors.writable_teams(scope).order_by("organization__code", "name")
    if not scope.is_admin or not teams.exists():
        raise Http404
    counties = sorted({code[:6] for code in teams.values_list("organization__code", flat=True)})
    targets = Organization.objects.filter(
        code__startswith=counties[0] if len(counties) == 1 else "",
        kind__in=[OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP],
    ).select_related("parent__parent__parent")
    initial: dict[str, object] = {"date": clock.today()}
    if request.GET.get("team"):
        initial["team"] = request.GET["team"]
    form = VisitForm(request.POST or None, teams=teams, targets=targets.order_by("code"), initial=initial)
    created = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.visit_record(recorded_by=request.user, **d))
    ):
        messages.success(request, _("下访已记录。"))
        return redirect("learning:team_detail", pk=created[0].team_id)
    return render(
        request, "learning/form.html", {"form": form, "title": _("记录服务队下访"), "back": "learning:visit_list"}
    )


# -- trainings ---------------------------------------------------------------------


TRAINING_COLUMNS = [
    Column(gettext_lazy("日期"), lambda t: t.date, 12),
    Column(gettext_lazy("培训主题"), lambda t: t.topic, 30),
    Column(gettext_lazy("培训渠道"), lambda t: t.get_channel_display(), 12),
    Column(
        gettext_lazy("组织单位"),
        lambda t: (
            f"{t.organization.parent.name} {t.organization.name}"
            if t.organization.kind == OrganizationKind.VILLAGE
            else t.organization.name
        ),
        20,
    ),
    Column(gettext_lazy("授课人"), lambda t: t.trainer_name, 12),
    Column(gettext_lazy("学时"), lambda t: t.hours, 8),
    Column(gettext_lazy("地点"), lambda t: t.location, 16),
    Column(gettext_lazy("参训人数"), lambda t: t.attendance_count, 10),
]


@login_required
def training_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = TrainingFilterForm(request.GET or None, areas=area_choices(scope))
    trainings = selectors.trainings_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("培训.xlsx"), _("培训"), TRAINING_COLUMNS, trainings)
    can_add = scope.is_admin and selectors.writable_training_organizations(scope).exists()
    return render(
        request,
        "learning/training_list.html",
        {"form": form, "page_obj": paginate(request, trainings), "can_add": can_add},
    )


@login_required
def training_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    training = selectors.training_detail(scope, pk)
    attendances = list(training.attendances.all())
    return render(
        request,
        "learning/training_detail.html",
        {
            "training": training,
            "attendances": attendances,
            "total_hours": sum((a.hours for a in attendances), start=selectors.ZERO_HOURS),
            "can_record": scope.may(Right.MANAGE, code=training.organization.code),
            "records_visible": selectors.records_visible(scope, [a.person_id for a in attendances]),
        },
    )


@login_required
def training_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    organizations = selectors.writable_training_organizations(scope).order_by("code")
    if not scope.is_admin or not organizations.exists():
        raise Http404
    form = TrainingForm(
        request.POST or None,
        organizations=organizations,
        initial={"date": clock.today(), "organization": organizations.first()},
    )
    created: list[Training] = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.training_create(recorded_by=request.user, **d))
    ):
        messages.success(request, _("培训已登记，请登记参训党员。"))
        return redirect("learning:attendance_add", pk=created[0].pk)
    return render(
        request, "learning/form.html", {"form": form, "title": _("登记培训"), "back": "learning:training_list"}
    )


@login_required
def attendance_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Bulk add: tick the party members of the trainer's scope who attended."""
    scope = request.scope
    training = cast(
        Training, scope.object_or_404(Training.objects.select_related("organization"), "organization", pk=pk)
    )
    if not scope.may(Right.MANAGE, code=training.organization.code):
        raise Http404
    candidates = selectors.attendee_candidates(training)
    form = AttendeesForm(request.POST or None, candidates=candidates)
    # A township's or the county's members are too many to tick in a table: the form's picker finds them.
    many = candidates.count() > MAX_OPTIONS
    added: list = []
    if request.method == "POST" and apply_service(
        form,
        lambda d: added.extend(services.attendance_add(training=training, people=d["people"], hours=d["hours"])),
    ):
        messages.success(request, _("已登记%(n)s名党员参训。") % {"n": len(added)})
        return redirect("learning:training_detail", pk=training.pk)
    return render(
        request,
        "learning/attendance_form.html",
        {
            "form": form,
            "training": training,
            "many": many,
            "candidates": () if many else candidates,
            "selected": set(request.POST.getlist("people")),
        },
    )


# -- the learning record -----------------------------------------------------------


@login_required
def member_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member's learning record: their own, or any in an admin's scope."""
    scope = request.scope
    person = selectors.person_for_record(scope, pk)
    if person is None:
        raise Http404
    form = RecordFilterForm(request.GET or None)
    year = chosen_filters(form).get("year")
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    entry = selectors.learning_record([person.pk], start, end)[person.pk]
    return render(
        request,
        "learning/member_record.html",
        {
            "person": person,
            "form": form,
            "year": year,
            "entry": entry,
            "channels": selectors.channel_rows(entry),
            "attendances": selectors.member_attendances(person, start, end),
        },
    )


@login_required
def my_record(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.person_ids:
        raise Http404
    return redirect("learning:member_record", pk=min(scope.person_ids))
