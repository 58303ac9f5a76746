"""What every list and form page does the same way: paginate, apply filters, and run a service
with a form's data, showing the service's refusals on the form.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def chosen_filters(form: BaseForm) -> dict[str, Any]:
    """The filters a bound filter form chose, empty values dropped; an invalid choice drops only itself."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}


def add_service_errors(form: BaseForm, exc: ValidationError, prefix: str = "") -> None:
    """Put a service's refusal on the form: on its field (``prefix`` + name) when the form has one, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = f"{prefix}{name}"
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def apply_service(form: BaseForm, action: Callable[[dict[str, Any]], object]) -> bool:
    """Run ``action`` with the form's data; put a service's ValidationError on the form. Return True on success."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True
