"""The figures page: every registered figure counted from the records of one unit in scope."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import get_scope
from organizations.models import Organization

from .figures import FIGURES, compute_figures

DEFAULT_YEAR = 2010


def _year(value: str | None) -> int:
    try:
        year = int(value or DEFAULT_YEAR)
    except ValueError:
        return DEFAULT_YEAR
    return year if 2000 <= year <= 2100 else DEFAULT_YEAR


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    roots = list(
        (Organization.objects.counties() if scope.is_superuser else Organization.objects.filter(code__in=scope.read_codes))
        .select_related("parent")
        .order_by("code")
    )
    code = request.GET.get("org", "").strip()
    # Without a choice, the first unit the user is bound to (their county or township).
    org = scope.organization_or_404(code) if code else (roots[0] if roots else None)
    year = _year(request.GET.get("year"))
    rows = []
    if org is not None:
        values = compute_figures(org, year)
        rows = [{"figure": FIGURES[key], "value": value} for key, value in values.items()]
    return render(
        request, "reports/figures.html", {"org": org, "roots": roots, "year": year, "rows": rows}
    )
