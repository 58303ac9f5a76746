"""What every list and form page does the same way: paginate, offer the areas in scope, apply filters,
and run a service with a form's data, showing the service's refusals on the form.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest

from accounts.scope import Scope
from organizations.models import OrganizationKind

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def area_choices(scope: Scope) -> list[tuple[str, str]]:
    """Townships and villages in scope for an area filter, villages indented under their township (one query)."""
    orgs = scope.organizations().filter(kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE])
    return [(o.code, ("" if o.kind == OrganizationKind.TOWNSHIP else "　") + o.name) for o in orgs.order_by("code")]


def chosen_filters(form: Form) -> dict[str, Any]:
    """The filters a valid filter form chose (empty values dropped); none when the form is invalid."""
    return {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}


def apply_service(form: Form, action: Callable[[dict[str, Any]], object]) -> bool:
    """Run ``action`` with the form's data; put a service's ValidationError on the form. Return True on success."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True
