"""Reads for P2 Service. Every page and export gets its rows here, through the viewer's scope."""

from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from common.scope import Right, Scope
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where

from .models import Facility, LoanEvent, LoanStatus, MicroLoan, SupportedProject


def facilities_visible_to(scope: Scope, *, kind: str = "", area: str = "", status: str = "") -> QuerySet[Facility]:
    qs = scope.filter(Facility.objects.all(), "organization").select_related("organization__parent")
    if kind:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(organization__code__startswith=area)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("kind", "organization__code", "name", "id")


def projects_visible_to(
    scope: Scope, *, area: str = "", status: str = "", year: int | None = None
) -> QuerySet[SupportedProject]:
    qs = scope.filter(SupportedProject.objects.all(), "organization").select_related(
        "organization__parent", "responsible"
    )
    if area:
        qs = qs.filter(organization__code__startswith=area)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(start__year__lte=year).exclude(end__year__lt=year)
    return qs.order_by("organization__code", "-start", "id")


def loans_visible_to(scope: Scope, *, area: str = "", status: str = "") -> QuerySet[MicroLoan]:
    qs = scope.filter(MicroLoan.objects.all(), "village").select_related("village__parent", "applicant")
    if area:
        qs = qs.filter(village__code__startswith=area)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-applied_on", "-id")


def loan_detail(scope: Scope, pk: int) -> MicroLoan:
    return scope.object_or_404(
        MicroLoan.objects.select_related("village__parent", "applicant").prefetch_related(
            Prefetch("events", LoanEvent.objects.select_related("recorded_by").order_by("date", "id"))
        ),
        "village",
        pk=pk,
    )


def writable_places(scope: Scope, kinds: Sequence[str]) -> QuerySet[Organization]:
    return organizations_where(scope, Right.MANAGE, kinds).select_related("parent")


def allowed_steps(scope: Scope, loan: MicroLoan) -> list[str]:
    """The steps this viewer may record on the loan now.

    Approving or refusing is the township's (or county's) decision, not the village's;
    the village and the admins above it record the repayment.
    """
    code = loan.village.code
    steps: list[str] = []
    if loan.status == LoanStatus.APPLIED and scope.may(Right.OVERSEE, code=code):
        steps += [LoanStatus.APPROVED, LoanStatus.REFUSED]
    if loan.status == LoanStatus.APPROVED and scope.may(Right.MANAGE, code=code):
        steps.append(LoanStatus.REPAID)
    return steps


PLACE_KINDS = [OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE]
