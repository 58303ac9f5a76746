"""Pages for M3 supervision: demonstration sites, model members, contact points and their reviews.

Every list and object comes through a visibility selector built on ``accounts.scope``:
anything outside the user's scope answers 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import clock
from common.http import AuthedRequest, fragment_of
from common.pages import add_service_errors, paginate
from common.params import campaign_of, day_param
from common.scope import Right, Scope
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import county_administered, display_name_of
from people.models import Appointment, Person

from . import selectors, services
from .forms import (
    CompleteActionForm,
    ContactPointForm,
    DemonstrationSiteForm,
    FollowUpActionForm,
    ModelMemberForm,
    ReviewForm,
    ReviewRequirementForm,
)
from .models import LEADER_RANKS, ContactPoint, FollowUpAction, LeaderLevel, Review
from .review_schedule import ReviewState


def _year(request: AuthedRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def _on(request: AuthedRequest) -> dt.date:
    return day_param(request)


def _township_of(townships: dict[str, Organization], code: str) -> Organization | None:
    return townships.get(code[:9])


# -- landing ------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    campaign = campaign_of(request)
    today = campaign.day
    points = list(selectors.contact_points_visible(scope).active_on(today))
    statuses = selectors.review_status(points, today)
    counts = dict.fromkeys(ReviewState.values, 0)
    for status in statuses.values():
        counts[str(status.state)] += 1
    context = {
        "year": campaign.year,
        "sites": selectors.demonstration_sites_visible(scope).filter(year=campaign.year).count(),
        "models": selectors.model_members_visible(scope).filter(year=campaign.year).count(),
        "points": len(points),
        "counts": counts,
        "due_reviews": selectors.due_reviews_for_user(scope, today),
        "can_configure": county_administered(scope) is not None,
    }
    return render(request, "supervision/index.html", context)


@login_required
@fragment_of(lambda request: reverse("supervision:index") + "#my-due-reviews")
def my_reviews(request: AuthedRequest) -> HttpResponse:
    """The "my due reviews" partial on its own (for ``hx-get`` from the home page)."""
    scope = request.scope
    due = selectors.due_reviews_for_user(scope, day_param(request))
    return render(request, "supervision/includes/my_reviews.html", {"due_reviews": due, "is_leader": bool(due)})


# -- demonstration sites -------------------------------------------------------------------


@login_required
def site_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    townships = selectors.townships_by_code(scope)
    sites = selectors.demonstration_sites_visible(scope)
    year, township = _year(request), request.GET.get("township", "")
    if year:
        sites = sites.filter(year=year)
    if township:
        sites = sites.filter(organization__code__startswith=township)
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("年度"), lambda s: s.year, 8),
            Column(_("乡镇"), lambda s: _township_of(townships, s.organization.code) or "", 14),
            Column(_("单位"), lambda s: s.organization.display_name, 22),
            Column(_("类型"), lambda s: s.organization.get_kind_display(), 10),
            Column(_("区划代码"), lambda s: s.organization.code, 16),
            Column(_("评选理由"), lambda s: s.reason, 50),
        ]
        return xlsx_response(_("示范点.xlsx"), _("示范点"), columns, sites)
    page = paginate(request, sites)
    rows = [(s, _township_of(townships, s.organization.code)) for s in page]
    county_code = county_administered(scope)
    return render(
        request,
        "supervision/site_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "townships": townships.values(),
            "year": year,
            "township": township,
            "can_add": county_code is not None,
        },
    )


@login_required
def site_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    county_code = county_administered(scope)
    if county_code is None:
        raise PermissionDenied
    organizations = Organization.objects.within(county_code).filter(
        kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP]
    )
    form = DemonstrationSiteForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            services.demonstration_site_create(selected_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加示范点。"))
            return redirect("supervision:site_list")
    return render(
        request, "supervision/form.html", {"form": form, "title": _("添加示范点"), "back": "supervision:site_list"}
    )


@login_required
@require_POST
def site_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    site = get_object_or_404(selectors.demonstration_sites_visible(scope), pk=pk)
    if not scope.may(Right.CONFIGURE, code=site.organization.code):
        raise PermissionDenied
    services.demonstration_site_delete(site=site)
    messages.success(request, _("已移除示范点。"))
    return redirect("supervision:site_list")


# -- model members ------------------------------------------------------------------------


@login_required
def model_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    townships = selectors.townships_by_code(scope)
    models = selectors.model_members_visible(scope)
    year, township = _year(request), request.GET.get("township", "")
    if year:
        models = models.filter(year=year)
    if township:
        models = models.filter(organization__code__startswith=township)
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("年度"), lambda m: m.year, 8),
            Column(_("姓名"), lambda m: m.person.name, 12),
            Column(_("乡镇"), lambda m: _township_of(townships, m.organization.code) or "", 14),
            Column(_("所在支部（村）"), lambda m: m.organization.display_name, 18),
            Column(_("主要事迹"), lambda m: m.deeds, 50),
            Column(_("公开评语"), lambda m: m.citation, 40),
        ]
        return xlsx_response(_("标兵.xlsx"), _("标兵"), columns, models)
    page = paginate(request, models)
    rows = [(m, _township_of(townships, m.organization.code)) for m in page]
    return render(
        request,
        "supervision/model_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "townships": townships.values(),
            "year": year,
            "township": township,
            "can_add": county_administered(scope) is not None,
        },
    )


@login_required
def model_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    county_code = county_administered(scope)
    if county_code is None:
        raise PermissionDenied
    people = (
        Person.objects.filter(membership__branch__code__startswith=county_code)
        .annotate(where=display_name_of("membership__branch"))
        .order_by("membership__branch__code", "name")
    )
    form = ModelMemberForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.model_member_create(selected_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加标兵。"))
            return redirect("supervision:model_list")
    return render(
        request, "supervision/form.html", {"form": form, "title": _("添加标兵"), "back": "supervision:model_list"}
    )


@login_required
@require_POST
def model_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    model_member = get_object_or_404(selectors.model_members_visible(scope), pk=pk)
    if not scope.may(Right.CONFIGURE, code=model_member.organization.code):
        raise PermissionDenied
    services.model_member_delete(model_member=model_member)
    messages.success(request, _("已移除标兵。"))
    return redirect("supervision:model_list")


# -- contact points -----------------------------------------------------------------------


@login_required
def contact_point_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    on = _on(request)
    townships = selectors.townships_by_code(scope)
    points_qs = selectors.contact_points_visible(scope)
    level, township, state = request.GET.get("level", ""), request.GET.get("township", ""), request.GET.get("state", "")
    if level == LeaderLevel.COUNTY:
        points_qs = points_qs.filter(target__kind=OrganizationKind.TOWNSHIP)
    elif level == LeaderLevel.TOWNSHIP:
        points_qs = points_qs.filter(target__kind=OrganizationKind.VILLAGE)
    if township:
        points_qs = points_qs.filter(target__code__startswith=township)
    # Statuses are computed for every filtered point (two queries) so that the state filter works.
    points = list(points_qs)
    year_start = dt.date(on.year, 1, 1)
    current = [p for p in points if p.start <= on and (p.end is None or p.end >= year_start)]
    statuses = selectors.review_status(current, on)
    if state in ReviewState.values:
        points = [p for p in points if p.pk in statuses and statuses[p.pk].state == state]
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("挂点领导"), lambda p: p.leader.name, 12),
            Column(_("层级"), lambda p: p.get_level_display(), 14),
            Column(_("联系点"), lambda p: p.target.display_name, 18),
            Column(_("区划代码"), lambda p: p.target.code, 16),
            Column(_("开始日期"), lambda p: p.start, 12),
            Column(_("结束日期"), lambda p: p.end, 12),
            Column(_("应点评"), lambda p: statuses[p.pk].required if p.pk in statuses else "", 8),
            Column(_("已点评"), lambda p: statuses[p.pk].done if p.pk in statuses else "", 8),
            Column(_("状态"), lambda p: statuses[p.pk].get_state_display() if p.pk in statuses else "", 10),
            Column(_("逾期日期"), lambda p: statuses[p.pk].overdue_on if p.pk in statuses else "", 12),
        ]
        return xlsx_response(_("挂点联系点.xlsx"), _("挂点联系点"), columns, points)
    page = paginate(request, points)
    rows = [(p, statuses.get(p.pk)) for p in page]
    return render(
        request,
        "supervision/contact_point_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "on": on,
            "townships": townships.values(),
            "township": township,
            "level": level,
            "state": state,
            "levels": LeaderLevel.choices,
            "states": ReviewState.choices,
            "can_add": county_administered(scope) is not None,
        },
    )


@login_required
def contact_point_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    county_code = county_administered(scope)
    if county_code is None:
        raise PermissionDenied
    leaders = (
        Person.objects.filter(cadre__rank__in=LEADER_RANKS, cadre__organization__code__startswith=county_code)
        .annotate(where=display_name_of("cadre__organization"))
        .order_by("cadre__organization__code", "name")
    )
    targets = Organization.objects.within(county_code).filter(
        kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE]
    )
    form = ContactPointForm(request.POST or None, leaders=leaders, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.contact_point_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加联系点。"))
            return redirect("supervision:contact_point_detail", pk=point.pk)
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": _("添加联系点"), "back": "supervision:contact_point_list"},
    )


def point_url(point: ContactPoint) -> str:
    return reverse("supervision:contact_point_detail", args=[point.pk])


def _visible_point(scope: Scope, pk: int) -> ContactPoint:
    return get_object_or_404(selectors.contact_points_visible(scope), pk=pk)


def _owners(scope: Scope, point: ContactPoint) -> QuerySet[Person]:
    """People who may own a follow-up action.

    Someone who may read the target (its admins) picks among its members and cadres. A
    linked leader reads no village's people: they pick the target's office holders on
    the day, by post (secretary, director, cadre in charge), or themselves.
    """
    code = point.target.code
    if scope.can_see_code(code):
        return (
            Person.objects.filter(
                Q(membership__branch__code__startswith=code)
                | Q(cadre__organization__code__startswith=code)
                | Q(pk=point.leader_id)
            )
            .annotate(where=display_name_of("membership__branch"))
            .distinct()
            .order_by("name")
        )
    holders = Appointment.objects.on(clock.today()).filter(organization__code__startswith=code)
    return (
        Person.objects.filter(Q(pk__in=holders.values("person_id")) | Q(pk=point.leader_id))
        .annotate(
            where=Subquery(
                holders.filter(person_id=OuterRef("pk"))
                .annotate(place=display_name_of("organization"))
                .values("place")[:1]
            )
        )
        .order_by("name")
    )


@login_required
def contact_point_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    point = _visible_point(scope, pk)
    on = _on(request)
    status = selectors.review_status([point], on)[point.pk] if point.start <= on else None
    can_review = scope.may(Right.RECORD_REVIEW, code=point.target.code, person_id=point.leader_id)
    return render(
        request,
        "supervision/contact_point_detail.html",
        {
            "point": point,
            "status": status,
            "on": on,
            "reviews": selectors.reviews_with_actions(point),
            "can_review": can_review,
            "today": clock.today(),
        },
    )


@login_required
def review_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    point = _visible_point(scope, pk)
    if not scope.may(Right.RECORD_REVIEW, code=point.target.code, person_id=point.leader_id):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(contact_point=point, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录点评。"))
            return redirect("supervision:contact_point_detail", pk=point.pk)
    title = _("点评：%(target)s") % {"target": point.target.display_name}
    return render(request, "supervision/form.html", {"form": form, "title": title, "back_url": point_url(point)})


@login_required
def action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    review = get_object_or_404(Review.objects.select_related("contact_point"), pk=pk)
    point = _visible_point(scope, review.contact_point_id)
    if not scope.may(Right.RECORD_REVIEW, code=point.target.code, person_id=point.leader_id):
        raise PermissionDenied
    form = FollowUpActionForm(request.POST or None, owners=_owners(scope, point))
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_action_add(review=review, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加整改事项。"))
            return redirect("supervision:contact_point_detail", pk=point.pk)
    return render(
        request, "supervision/form.html", {"form": form, "title": _("添加整改事项"), "back_url": point_url(point)}
    )


@login_required
@require_POST
def action_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    action = get_object_or_404(FollowUpAction.objects.select_related("review"), pk=pk)
    point = _visible_point(scope, action.review.contact_point_id)
    if not scope.may(Right.RECORD_REVIEW, code=point.target.code, person_id=point.leader_id):
        raise PermissionDenied
    form = CompleteActionForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_action_complete(action=action, done_on=form.cleaned_data["done_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已标记完成。"))
    else:
        messages.error(request, _("请填写有效的完成日期。"))
    return redirect("supervision:contact_point_detail", pk=point.pk)


# -- configuration ------------------------------------------------------------------------


@login_required
def requirements(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    county_code = county_administered(scope)
    if county_code is None:
        raise Http404
    county = get_object_or_404(Organization.objects.counties(), code=county_code)
    current = selectors.review_requirements([county_code])
    forms = {}
    for level in LeaderLevel:
        r = current[(county_code, level)]
        initial = {
            "reviews_required": r.reviews_required,
            "period_months": r.period_months,
            "due_soon_days": r.due_soon_days,
        }
        posted = request.method == "POST" and request.POST.get("level") == level
        forms[level] = ReviewRequirementForm(request.POST if posted else None, initial=initial, prefix=level)
        if posted and forms[level].is_valid():
            try:
                services.review_requirement_set(county=county, level=level, **forms[level].cleaned_data)
            except ValidationError as exc:
                add_service_errors(forms[level], exc)
            else:
                messages.success(request, _("已保存点评要求。"))
                return redirect("supervision:requirements")
    return render(
        request,
        "supervision/requirements.html",
        {"county": county, "forms": [(level, level.label, form) for level, form in forms.items()]},
    )
