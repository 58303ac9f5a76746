"""The signed-in user's to-do list (``common.todos``): the full page and the navigation's lazy count."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from common import clock
from common.http import AuthedRequest, fragment_of
from common.todos import DEFAULT_DUE_SOON_DAYS, Todo, todos_for


def todo_context(request: AuthedRequest) -> dict[str, object]:
    """The items, and which are due soon (for the tag), as the home page and the to-do page show them."""
    today = clock.today()
    items: list[Todo] = todos_for(request.scope, request.user, today)
    return {
        "todos": items,
        "todo_today": today,
        "todo_due_soon": {item.subject for item in items if item.due_soon(today, DEFAULT_DUE_SOON_DAYS)},
    }


@login_required
def todo_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "todos.html", todo_context(request))


@login_required
@fragment_of(lambda request: reverse("todos"))
def todo_badge(request: AuthedRequest) -> HttpResponse:
    """The count for the navigation, fetched by htmx after the page has loaded (``hx-trigger="load"``)."""
    items = todos_for(request.scope, request.user, clock.today())
    overdue = sum(1 for item in items if item.overdue)
    return render(request, "includes/todo_badge.html", {"count": len(items), "overdue": overdue})
