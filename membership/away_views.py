"""Pages of members away (流动党员): the branch's list (and its Excel), recording one, their return, out of contact.

A member away is seen where their branch is in the viewer's scope (township and county: their
subtree); outside it, 404. Writing needs MANAGE on the member's branch. The contact phone is
masked as a person's phone is (``people.selectors.with_shown_contact``).
"""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock
from common.http import AuthedRequest
from common.pages import add_service_errors, paginate
from common.scope import Right, Scope
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from people.models import Person
from people.phones import mask_phone
from people.selectors import with_shown_contact

from . import exports, services
from .forms import AwayDateForm, AwayForm
from .models import Away
from .selectors import away_visible

EXPORT_ROWS = 5000  # as the other lists' exports (common.xlsx)
STATES = ("current", "lost", "returned", "all")


def with_shown_phone(scope: Scope, rows: Iterable[Away]) -> list[Away]:
    """Set ``shown_contact`` on each row: in full only where the viewer sees the person unmasked."""
    rows = list(rows)
    with_shown_contact(scope, [a.membership.person for a in rows])
    for a in rows:
        masked = getattr(a.membership.person, "masked", True)
        a.shown_contact = mask_phone(a.contact) if masked else a.contact  # type: ignore[attr-defined]
    return rows


def _filtered(request: AuthedRequest, state: str) -> QuerySet[Away]:
    rows = away_visible(request.scope)
    if state == "current":
        rows = rows.filter(returned_on__isnull=True)
    elif state == "lost":
        rows = rows.filter(returned_on__isnull=True, lost_since__isnull=False)  # type: ignore[misc]  # annotated
    elif state == "returned":
        rows = rows.filter(returned_on__isnull=False)
    return rows.order_by("membership__branch__code", "since", "id")


@login_required
def away_list(request: AuthedRequest) -> HttpResponse:
    state = request.GET.get("state", "current")
    if state not in STATES:
        state = "current"
    rows = _filtered(request, state)
    if request.GET.get("format") == "xlsx":
        shown = with_shown_phone(request.scope, rows[:EXPORT_ROWS])
        return xlsx_response(_("流动党员.xlsx"), _("流动党员"), exports.AWAY_COLUMNS, shown)
    page = paginate(request, rows)
    return render(
        request,
        "membership/away_list.html",
        {
            "page_obj": page,
            "rows": with_shown_phone(request.scope, page.object_list),
            "state": state,
            "states": [
                ("current", _("外出中")),
                ("lost", _("失去联系")),
                ("returned", _("已返回")),
                ("all", _("全部")),
            ],
            "can_add": request.scope.may_anywhere(Right.MANAGE),
        },
    )


def _organizations(scope: Scope) -> QuerySet[Organization]:
    """The organizations a member away may be looked after by: the villages and townships of the viewer's counties."""
    codes = scope.codes_for(Right.MANAGE)
    orgs = Organization.objects.filter(kind__in=[OrganizationKind.VILLAGE, OrganizationKind.TOWNSHIP]).order_by("code")
    if codes is None:
        return orgs
    q = Q(pk__in=[])
    for code in {c[:6] for c in codes}:
        q |= Q(code__startswith=code)
    return orgs.filter(q)


@login_required
def away_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.may_anywhere(Right.MANAGE):
        raise PermissionDenied
    members = Person.objects.filter(
        Q(membership__isnull=False) & scope.right_q(Right.MANAGE, "membership__branch")
    ).select_related("membership__branch", "home_village")
    form = AwayForm(
        request.POST or None,
        members=members,
        organizations=_organizations(scope),
        initial={"since": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            away = services.away_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记流动党员。"))
            return redirect("membership:away_detail", pk=away.pk)
    return render(
        request,
        "membership/form.html",
        {"form": form, "title": _("登记流动党员"), "back_url": reverse("membership:away_list")},
    )


ACTIONS = {
    "return": (gettext_lazy("登记返回"), gettext_lazy("已登记返回。")),
    "lose": (gettext_lazy("标记失去联系"), gettext_lazy("已标记失去联系。")),
    "regain": (gettext_lazy("恢复联系"), gettext_lazy("已登记恢复联系。")),
}


def _act(away: Away, action: str, on: object, request: AuthedRequest) -> None:
    if action == "return":
        services.away_return(away=away, returned_on=on)  # type: ignore[arg-type]
    elif action == "lose":
        services.away_lose_contact(away=away, since=on, user=request.user)  # type: ignore[arg-type]
    else:
        services.away_regain_contact(away=away, regained_on=on)  # type: ignore[arg-type]


@login_required
def away_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    away = request.scope.object_or_404(away_visible(request.scope), "membership__branch", pk=pk)
    may_write = request.scope.may(Right.MANAGE, code=away.membership.branch.code)
    actions: list[str] = []
    if may_write and away.returned_on is None:
        actions = ["return", "regain" if away.lost_since else "lose"]  # type: ignore[attr-defined]
    action = request.POST.get("action", "")
    forms = {a: AwayDateForm(initial={"on": clock.today()}, prefix=a) for a in actions}
    if request.method == "POST":
        if action not in actions:
            raise PermissionDenied
        form = forms[action] = AwayDateForm(request.POST, prefix=action)
        if form.is_valid():
            try:
                _act(away, action, form.cleaned_data["on"], request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(ACTIONS[action][1]))
                return redirect("membership:away_detail", pk=away.pk)
    [away] = with_shown_phone(request.scope, [away])
    return render(
        request,
        "membership/away_detail.html",
        {
            "away": away,
            "losses": away.lost.order_by("since", "id"),
            "forms": [(a, ACTIONS[a][0], forms[a]) for a in actions],
        },
    )
