"""Pages for P3 Practice. Members act on their own rows; the branch (village admin) on its village's rows.

Every row is read through ``selectors`` with the viewer's scope: outside it answers 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.params import campaign_of, year_param
from common.punctuation import semicolon
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization
from people.models import Household, Person
from people.selectors import person_q

from . import exports, selectors, services
from .forms import (
    AidForm,
    CommitmentForm,
    CommitmentRateForm,
    GroupForm,
    GroupMemberForm,
    NominateForm,
    PostForm,
    RateForm,
    ReportForm,
    ReviewForm,
    VisitForm,
    VolunteerForm,
)
from .models import (
    ClaimHow,
    ClaimStatus,
    Commitment,
    HouseholdAid,
    MutualAidGroup,
    PostClaim,
    VolunteerEntry,
    VolunteerStatus,
)


def _form_page(request: AuthedRequest, form: Form, title: str, back: str) -> HttpResponse:
    return render(request, "practice/form.html", {"form": form, "title": title, "back": back})


def _wants_xlsx(request: AuthedRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def _year(request: AuthedRequest) -> int:
    return year_param(request)


def _members_of(villages: QuerySet) -> QuerySet[Person]:
    return Person.objects.filter(membership__branch__in=villages).select_related("membership__branch").order_by("name")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    return render(
        request,
        "practice/home.html",
        {
            "is_member": selectors.member_branch(scope) is not None,
            "can_admin": selectors.writable_villages(scope).exists(),
        },
    )


# -- posts ---------------------------------------------------------------------------


@login_required
def post_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    year = _year(request)
    posts = selectors.posts_visible_to(scope, year=year)
    if _wants_xlsx(request):
        return xlsx_response(_("党员岗位.xlsx"), _("党员岗位"), exports.POST_COLUMNS, posts)
    membership = selectors.member_branch(scope)
    mine = set()
    if membership is not None:
        mine = set(
            PostClaim.objects.filter(member_id=membership.person_id, post__year=year).values_list("post_id", flat=True)
        )
    page = paginate(request, posts)
    for p in page.object_list:
        p.can_claim = membership is not None and p.village_id == membership.branch_id and p.pk not in mine
        p.claimed = p.pk in mine
    return render(
        request,
        "practice/post_list.html",
        {"page_obj": page, "year": year, "can_add": selectors.writable_villages(scope).exists()},
    )


@login_required
def post_create(request: AuthedRequest) -> HttpResponse:
    villages = selectors.writable_villages(request.scope).select_related("parent")
    if not villages.exists():
        raise Http404
    today = clock.today()
    form = PostForm(
        request.POST or None,
        querysets={"village": villages},
        initial={"year": today.year, "announced_on": today, "village": villages.first(), "capacity": 1},
    )
    if request.method == "POST" and apply_service(form, lambda d: services.post_announce(**d)):
        messages.success(request, _("岗位已公布。"))
        return redirect("practice:posts")
    return _form_page(request, form, _("公布党员岗位（设岗定责）"), "practice:posts")


@login_required
def post_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    post = selectors.post_detail(scope, pk)
    can_edit = scope.may(Right.MANAGE, code=post.village.code)
    nominate = None
    if can_edit:
        claimed = [c.member_id for c in post.claims.all()]
        nominate = NominateForm(
            querysets={"member": _members_of(Organization.objects.filter(pk=post.village_id)).exclude(pk__in=claimed)}
        )
    return render(
        request,
        "practice/post_detail.html",
        {
            "post": post,
            "can_edit": can_edit,
            "nominate": nominate,
            "applied": ClaimStatus.APPLIED,
            "assigned": ClaimStatus.ASSIGNED,
        },
    )


@login_required
@require_POST
def post_claim(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member claims a post of their own village (认领)."""
    scope = request.scope
    membership = selectors.member_branch(scope)
    post = selectors.post_detail(scope, pk)
    if membership is None:
        raise Http404
    try:
        services.post_claim(post=post, member=membership.person, actor=request.user)
    except ValidationError as exc:
        messages.error(request, semicolon().join(exc.messages))
    else:
        messages.success(request, _("已申请认领岗位，等待支部定岗。"))
    return redirect("practice:post_detail", pk=post.pk)


def _post_for_editor(request: AuthedRequest, pk: int):
    scope = request.scope
    post = selectors.post_detail(scope, pk)
    if not scope.may(Right.MANAGE, code=post.village.code):
        raise Http404
    return post


@login_required
@require_POST
def post_nominate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The village admin records the party group's nomination (党小组推荐)."""
    post = _post_for_editor(request, pk)
    form = NominateForm(request.POST, querysets={"member": Person.objects.filter(membership__isnull=False)})
    if apply_service(
        form, lambda d: services.post_claim(post=post, member=d["member"], how=ClaimHow.NOMINATED, actor=request.user)
    ):
        messages.success(request, _("已登记党小组推荐。"))
    else:
        messages.error(request, semicolon().join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("practice:post_detail", pk=post.pk)


def _claim_for_editor(request: AuthedRequest, pk: int) -> PostClaim:
    scope = request.scope
    claim = scope.object_or_404(PostClaim.objects.select_related("post__village", "member"), "post__village", pk=pk)
    if not scope.may(Right.MANAGE, code=claim.post.village.code):
        raise Http404
    return claim


@login_required
@require_POST
def claim_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    claim = _claim_for_editor(request, pk)
    service = {"assign": services.claim_assign, "decline": services.claim_decline}.get(action)
    if service is None:
        raise Http404
    try:
        service(claim=claim, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, semicolon().join(exc.messages))
    else:
        messages.success(request, _("已定岗。") if action == "assign" else _("已标记为未定岗。"))
    return redirect("practice:post_detail", pk=claim.post_id)


@login_required
def claim_review(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = _claim_for_editor(request, pk)
    form = ReviewForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and apply_service(
        form, lambda d: services.claim_review(claim=claim, actor=request.user, **d)
    ):
        messages.success(request, _("点评已记录。"))
        return redirect("practice:post_detail", pk=claim.post_id)
    return _form_page(request, form, _("半年点评：%(claim)s") % {"claim": claim}, "practice:posts")


@login_required
def claim_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = _claim_for_editor(request, pk)
    form = RateForm(request.POST or None, initial={"stars": claim.star_rating})
    if request.method == "POST" and apply_service(
        form, lambda d: services.claim_rate(claim=claim, stars=d["stars"], comment=d["comment"], actor=request.user)
    ):
        messages.success(request, _("年终星级已评定。"))
        return redirect("practice:post_detail", pk=claim.post_id)
    return _form_page(request, form, _("年终评星：%(claim)s") % {"claim": claim}, "practice:posts")


# -- commitments ---------------------------------------------------------------------


@login_required
def commitment_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    year = _year(request)
    rows = selectors.commitments_visible_to(scope, year=year).order_by(
        "village__code", "member__name", "deadline", "id"
    )
    if _wants_xlsx(request):
        return xlsx_response(
            _("党员承诺.xlsx"), _("党员承诺"), exports.COMMITMENT_COLUMNS, exports.with_state(rows.iterator())
        )
    today = campaign_of(request).day
    page = paginate(request, rows)
    for c in page.object_list:
        c.overdue = c.deadline < today and not c.reported
    return render(
        request,
        "practice/commitment_list.html",
        {"page_obj": page, "year": year, "can_make": bool(selectors.member_branch(scope))},
    )


@login_required
def commitment_create(request: AuthedRequest) -> HttpResponse:
    membership = selectors.member_branch(request.scope)
    if membership is None:
        raise Http404
    today = clock.today()
    form = CommitmentForm(request.POST or None, initial={"deadline": dt.date(today.year, 12, 31), "public": True})
    if request.method == "POST" and apply_service(
        form, lambda d: services.commitment_make(member=membership.person, year=today.year, promised_on=today, **d)
    ):
        messages.success(request, _("承诺已作出。"))
        return redirect("practice:commitments")
    return _form_page(request, form, _("作出承诺（%(year)s年）") % {"year": today.year}, "practice:commitments")


def _commitment(request: AuthedRequest, pk: int) -> Commitment:
    scope = request.scope
    try:
        return selectors.commitments_visible_to(scope).prefetch_related("reports", "ratings").get(pk=pk)
    except Commitment.DoesNotExist:
        raise Http404 from None


@login_required
def commitment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    c = _commitment(request, pk)
    return render(
        request,
        "practice/commitment_detail.html",
        {
            "c": c,
            "is_owner": scope.may(Right.ACT_AS_MEMBER, person_id=c.member_id),
            "can_rate": scope.may(Right.MANAGE, code=c.village.code),
        },
    )


@login_required
def commitment_report(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk)
    if not request.scope.may(Right.ACT_AS_MEMBER, person_id=c.member_id):
        raise Http404
    form = ReportForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and apply_service(
        form, lambda d: services.commitment_report(commitment=c, reported_by=request.user, **d)
    ):
        messages.success(request, _("践诺情况已报告。"))
        return redirect("practice:commitment_detail", pk=c.pk)
    return _form_page(request, form, _("报告践诺情况：%(c)s") % {"c": c}, "practice:commitments")


@login_required
def commitment_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The branch records the year-end ratings: its own, the members' and the public's vote (评诺)."""
    c = _commitment(request, pk)
    if not request.scope.may(Right.MANAGE, code=c.village.code):
        raise Http404
    form = CommitmentRateForm(request.POST or None, initial={"rated_on": clock.today(), "rater_kind": "branch"})
    if request.method == "POST" and apply_service(
        form, lambda d: services.commitment_rate(commitment=c, rated_by=request.user, **d)
    ):
        messages.success(request, _("评议已记录。"))
        return redirect("practice:commitment_detail", pk=c.pk)
    return _form_page(request, form, _("评诺：%(c)s") % {"c": c}, "practice:commitments")


# -- volunteer -----------------------------------------------------------------------


@login_required
def volunteer_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    status = request.GET.get("status", "")
    rows = selectors.volunteer_visible_to(scope, status=status if status in VolunteerStatus.values else "")
    if _wants_xlsx(request):
        return xlsx_response(
            _("志愿服务.xlsx"), _("志愿服务"), exports.VOLUNTEER_COLUMNS, rows.order_by("-start", "-id")
        )
    page = paginate(request, rows.order_by("-start", "-id"))
    for e in page.object_list:
        e.can_decide = e.status == VolunteerStatus.REPORTED and scope.may(Right.MANAGE, code=e.village.code)
    return render(
        request,
        "practice/volunteer_list.html",
        {
            "page_obj": page,
            "statuses": VolunteerStatus.choices,
            "status": status,
            "can_log": bool(selectors.member_branch(scope)),
        },
    )


@login_required
def volunteer_create(request: AuthedRequest) -> HttpResponse:
    membership = selectors.member_branch(request.scope)
    if membership is None:
        raise Http404
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and apply_service(
        form, lambda d: services.volunteer_log(member=membership.person, actor=request.user, **d)
    ):
        messages.success(request, _("志愿服务已登记，等待支部确认。"))
        return redirect("practice:volunteer")
    return _form_page(request, form, _("登记志愿服务"), "practice:volunteer")


@login_required
@require_POST
def volunteer_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    scope = request.scope
    entry = scope.object_or_404(VolunteerEntry.objects.select_related("village"), "village", pk=pk)
    service = {"confirm": services.volunteer_confirm, "reject": services.volunteer_reject}.get(action)
    if service is None or not scope.may(Right.MANAGE, code=entry.village.code):
        raise Http404
    try:
        service(entry=entry, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, semicolon().join(exc.messages))
    else:
        messages.success(request, _("已确认。") if action == "confirm" else _("已退回。"))
    return redirect("practice:volunteer")


# -- household aid -------------------------------------------------------------------


@login_required
def aid_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    rows = selectors.aids_visible_to(scope).order_by("village__code", "member__name", "start", "id")
    if _wants_xlsx(request):
        return xlsx_response(_("结对帮扶困难户.xlsx"), _("结对帮扶困难户"), exports.AID_COLUMNS, rows)
    return render(
        request,
        "practice/aid_list.html",
        {
            "page_obj": paginate(request, rows),
            "can_add": selectors.writable_villages(scope).exists(),
            "today": clock.today(),
        },
    )


@login_required
def aid_create(request: AuthedRequest) -> HttpResponse:
    villages = selectors.writable_villages(request.scope)
    if not villages.exists():
        raise Http404
    counties = {code[:6] for code in villages.values_list("code", flat=True)}
    area = Q(pk__in=[])
    for code in counties:
        area |= Q(village__code__startswith=code)
    form = AidForm(
        request.POST or None,
        querysets={
            "member": _members_of(villages),
            "household": Household.objects.filter(area).select_related("head", "village"),
        },
        initial={"start": clock.today()},
    )
    if request.method == "POST" and apply_service(form, lambda d: services.household_aid_start(**d)):
        messages.success(request, _("结对帮扶已建立。"))
        return redirect("practice:aids")
    return _form_page(request, form, _("党员结对帮扶困难户"), "practice:aids")


def _aid(request: AuthedRequest, pk: int) -> HouseholdAid:
    try:
        return selectors.aids_visible_to(request.scope).prefetch_related("visits").get(pk=pk)
    except HouseholdAid.DoesNotExist:
        raise Http404 from None


@login_required
def aid_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    aid = _aid(request, pk)
    can_record = scope.may(Right.ACT_AS_MEMBER, person_id=aid.member_id) or scope.may(
        Right.MANAGE, code=aid.village.code
    )
    return render(request, "practice/aid_detail.html", {"aid": aid, "can_record": can_record})


@login_required
def aid_visit(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    aid = _aid(request, pk)
    if not (scope.may(Right.ACT_AS_MEMBER, person_id=aid.member_id) or scope.may(Right.MANAGE, code=aid.village.code)):
        raise Http404
    form = VisitForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and apply_service(form, lambda d: services.aid_visit_add(aid=aid, **d)):
        messages.success(request, _("走访已记录。"))
        return redirect("practice:aid_detail", pk=aid.pk)
    return _form_page(request, form, _("记录走访：%(aid)s") % {"aid": aid}, "practice:aids")


# -- mutual-aid groups ---------------------------------------------------------------


@login_required
def group_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    groups = selectors.groups_visible_to(scope)
    if _wants_xlsx(request):
        return xlsx_response(_("产业互助组.xlsx"), _("产业互助组"), exports.GROUP_COLUMNS, groups)
    return render(
        request,
        "practice/group_list.html",
        {
            "page_obj": paginate(request, groups),
            "can_add": selectors.writable_villages(scope).exists(),
        },
    )


@login_required
def group_create(request: AuthedRequest) -> HttpResponse:
    villages = selectors.writable_villages(request.scope).select_related("parent")
    if not villages.exists():
        raise Http404
    form = GroupForm(
        request.POST or None,
        querysets={"village": villages, "leader": _members_of(villages)},
        initial={"founded_on": clock.today(), "village": villages.first()},
    )
    created: list[MutualAidGroup] = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.mutual_aid_group_create(**d))
    ):
        messages.success(request, _("产业互助组已成立。"))
        return redirect("practice:group_detail", pk=created[0].pk)
    return _form_page(request, form, _("成立产业互助组"), "practice:groups")


def _village_people(group: MutualAidGroup) -> QuerySet[Person]:
    return (
        Person.objects.filter(Q(home_village_id=group.village_id) | Q(membership__branch_id=group.village_id))
        .exclude(pk__in=group.memberships.values("person_id"))
        .order_by("name")
    )


@login_required
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    try:
        group = selectors.groups_visible_to(scope).get(pk=pk)
    except MutualAidGroup.DoesNotExist:
        raise Http404 from None
    can_edit = scope.may(Right.MANAGE, code=group.village.code)
    form = GroupMemberForm(
        request.POST or None, querysets={"person": _village_people(group)}, initial={"joined_on": clock.today()}
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if apply_service(form, lambda d: services.mutual_aid_member_add(group=group, **d)):
            messages.success(request, _("组员已加入。"))
            return redirect("practice:group_detail", pk=group.pk)
    members = group.memberships.select_related("person").order_by("joined_on", "id")
    return render(
        request, "practice/group_detail.html", {"group": group, "members": members, "form": form if can_edit else None}
    )


# -- the practice record -------------------------------------------------------------


def _record_page(request: AuthedRequest, person: Person) -> HttpResponse:
    year = _year(request)
    record = selectors.practice_record([person.pk], year, as_of=campaign_of(request).day)[person.pk]
    return render(
        request,
        "practice/record.html",
        {"person": person, "record": record, "year": year, "years": range(year - 2, year + 2)},
    )


@login_required
def record(request: AuthedRequest, pk: int) -> HttpResponse:
    """One member's practice record: the member themself, or admins whose scope holds the member."""
    scope = request.scope
    people = Person.objects.filter(membership__isnull=False).select_related("membership__branch")
    try:
        person = people.filter(person_q(scope)).distinct().get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    return _record_page(request, person)


@login_required
def my_record(request: AuthedRequest) -> HttpResponse:
    membership = selectors.member_branch(request.scope)
    if membership is None:
        raise Http404
    return _record_page(request, membership.person)
