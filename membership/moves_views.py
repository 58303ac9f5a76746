"""Pages of a membership's coming and going at the county's edge: a member received from outside the county
(县外转入, with the letter they bring) and the end of a membership (党籍终止: a death, leaving the party).

Both write through ``membership.services`` (``transfer_receive_from_outside``, ``membership_end``), which
refuse with stable codes; both need MANAGE on the branch concerned — elsewhere the branch or the member
is as if missing (404).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common import clock
from common.http import AuthedRequest
from common.pages import add_service_errors
from common.scope import Right, Scope
from organizations.models import Organization, OrganizationKind
from people.models import PartyMembership, Person
from people.selectors import person_q

from . import services
from .forms import EndForm, TransferInForm
from .models import Transfer


def writable_branches(scope: Scope) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(kind=OrganizationKind.VILLAGE).filter(scope.right_q(Right.MANAGE)).order_by("code")
    )


def received_from_outside(values: dict[str, Any], user: Any) -> Transfer:
    """Receive the member; the letter's validity, left out, is the county's rule from the letter's date."""
    values = dict(values)
    branch = values["to_branch"]
    if values.get("valid_until") is None:
        county = Organization.objects.filter(code=branch.code[:6]).first() or branch
        values["valid_until"] = services.letter_validity(on=values["on"], reach=values["reach"], county=county)
    return services.transfer_receive_from_outside(user=user, **values)


@login_required
def transfer_in(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.may_anywhere(Right.MANAGE):
        raise PermissionDenied
    branches = writable_branches(scope)
    form = TransferInForm(
        request.POST or None,
        people=Person.objects.filter(person_q(scope), membership__isnull=True).select_related("home_village"),
        branches=branches.select_related("parent"),
        groups=Organization.objects.filter(kind=OrganizationKind.PARTY_GROUP, parent__in=branches).order_by("code"),
        initial={"on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = received_from_outside(form.cleaned_data, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记县外转入。"))
            return redirect("membership:transfer_letter", pk=transfer.pk)
    return render(
        request,
        "membership/form.html",
        {"form": form, "title": _("登记县外转入"), "back_url": reverse("membership:transfer_list")},
    )


@login_required
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    """End the membership of the person ``pk``, by a keeper of their branch."""
    membership = (
        PartyMembership.objects.filter(request.scope.right_q(Right.MANAGE, "branch"), person_id=pk)
        .select_related("person", "branch")
        .first()
    )
    if membership is None:
        raise Http404
    back = reverse("people:person_detail", args=[pk])
    form = EndForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记党籍终止。"))
            return redirect(back)
    title = _("登记党籍终止") + f" · {membership.person.name}"
    return render(request, "membership/form.html", {"form": form, "title": title, "back_url": back})
