"""The mobile member page (issue 14 item 5): a party member's own records on a phone, and signing in to a meeting.

Everything is read through the other apps' selectors; the one write (signing in) goes through
``branch_life.services.meeting_sign_in``. Only a user bound to a person with a membership has
the page: anyone else gets 404. Large text is a choice kept in the session (``LARGE_TEXT``).
"""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch_life import selectors as branch_life
from branch_life import services as branch_life_services
from branch_life.models import Meeting
from common import clock
from common.http import AuthedRequest
from common.redirects import safe_next
from common.todos import DEFAULT_DUE_SOON_DAYS, todos_for
from people.models import PartyMembership, Person
from points import selectors as points
from points import services as points_services
from practice import selectors as practice
from practice.models import VolunteerStatus

LARGE_TEXT = "member_page_large_text"
NOTICES_SHOWN = 20
POINTS_SHOWN = 5  # the latest entries on the card; the rest on the points page


def _membership(request: AuthedRequest) -> PartyMembership:
    membership = practice.member_branch(request.scope)
    if membership is None:
        raise Http404
    return membership


def large_text(request: AuthedRequest) -> bool:
    return bool(request.session.get(LARGE_TEXT, False))


@login_required
def page(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    today = clock.today()
    year = today.year
    person_id = membership.person_id
    todos = todos_for(request.scope, request.user, today)
    volunteer = list(practice.volunteer_of_member(person_id, year))
    confirmed = [v for v in volunteer if v.status == VolunteerStatus.CONFIRMED]
    notices = list(
        branch_life.notices_received(request.user).order_by(
            F("read_at").asc(nulls_first=True), "-notice__sent_at", "id"
        )[:NOTICES_SHOWN]
    )
    return render(
        request,
        "member_page/page.html",
        {
            "membership": membership,
            "year": year,
            "today": today,
            "todos": todos,
            "todo_due_soon": {t.subject for t in todos if t.due_soon(today, DEFAULT_DUE_SOON_DAYS)},
            "claims": practice.claims_of_member(person_id, year),
            "commitments": practice.commitments_of_member(person_id, year),
            "volunteer": volunteer,
            "volunteer_hours": sum((v.hours for v in confirmed), start=0),
            "volunteer_confirmed": len(confirmed),
            "meetings": branch_life.meetings_of_member(membership, year),
            "dues": branch_life.dues_summary(membership, today),
            "notices": notices,
            "unread": sum(1 for n in notices if n.read_at is None),
            "large_text": large_text(request),
            "points_balance": points.balance_of(person_id),
            "points_entries": list(points.entries_of({person_id})[:POINTS_SHOWN]),
        },
    )


@login_required
@require_POST
def text_size(request: AuthedRequest) -> HttpResponse:
    """Switch large text on or off for this session (older members: body ≥ 18 pt, tap targets ≥ 60 px)."""
    request.session[LARGE_TEXT] = request.POST.get("size") == "large"
    return redirect(safe_next(request, reverse("member_page:page")))


@login_required
def meeting_qr(request: AuthedRequest, pk: int) -> HttpResponse:
    """The QR code a branch shows at a meeting: it opens the sign-in page. For those who may see the meeting."""
    meeting = branch_life.meeting_detail(request.scope, pk)
    url = request.build_absolute_uri(reverse("member_page:sign_in", args=[meeting.pk]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def sign_in(request: AuthedRequest, pk: int) -> HttpResponse:
    """Where the meeting's QR code leads: a member of its branch signs in on its day (present); others are told why not.

    A refusal names no more of the meeting than the branch, which the QR code on the wall already says.
    """
    meeting = get_object_or_404(Meeting.objects.select_related("branch"), pk=pk)
    person = _signing_person(request)
    refusal = ""
    if person is None:
        refusal = _("只有绑定了党员身份的账号才能扫码签到。")
    else:
        try:
            if request.method == "POST":
                _row, changed = branch_life_services.meeting_sign_in(meeting=meeting, person=person)
                if changed:  # the attendance earns its points now, not at the night's run: the card shows them
                    points_services.holder_sync(holder=person, village=meeting.branch)
                messages.success(request, _("签到成功，已登记为出席。") if changed else _("您已签到，无需重复签到。"))
                return redirect("member_page:page")
            branch_life_services.sign_in_check(meeting, person, clock.today())
        except ValidationError as e:
            refusal = " ".join(e.messages)
    return render(
        request,
        "member_page/sign_in.html",
        {"meeting": meeting, "refusal": refusal, "large_text": large_text(request)},
        status=403 if refusal and request.method == "POST" else 200,
    )


def _signing_person(request: AuthedRequest) -> Person | None:
    ids = sorted(request.scope.person_ids)
    return Person.objects.filter(pk=ids[0]).first() if ids else None
