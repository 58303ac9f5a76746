from collections.abc import Callable, Sequence
from typing import Any

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from . import todo_views, views


def decorate_views(patterns: Sequence[URLPattern | URLResolver], decorator: Callable[[Any], Any]) -> None:
    """Wrap every view under ``patterns`` (included ones too) in ``decorator``, in place."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            decorate_views(pattern.url_patterns, decorator)
        else:
            pattern.callback = decorator(pattern.callback)


# The Django admin lives under the site's Content-Security-Policy with one allowance, on its
# pages only: style="…" attributes, which django-simple-history's history page writes. Scripts
# and <style> elements stay refused there as everywhere.
admin_patterns, admin_app, admin_namespace = admin.site.urls
decorate_views(admin_patterns, csp_update({"style-src-attr": ["'unsafe-inline'"]}))

urlpatterns = [
    path("", views.home, name="home"),
    path("todos/", todo_views.todo_list, name="todos"),
    path("todos/badge/", todo_views.todo_badge, name="todo_badge"),
    path("notifications/", include("notifications.urls")),
    path("favicon.ico", views.favicon, name="favicon"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("admin/", (admin_patterns, admin_app, admin_namespace)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("security-log/", include("security.urls")),
    path("", include("organizations.urls")),
    path("", include("people.urls")),
    path("", include("exchange.urls")),
    path("leadership/", include("leadership.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("supervision/", include("supervision.urls")),
    path("pairing/", include("pairing.urls")),
    path("membership/", include("membership.urls")),
    path("affairs/", include("village_affairs.urls")),
    path("learning/", include("learning.urls")),
    path("service/", include("service_platform.urls")),
    path("practice/", include("practice.urls")),
    path("branch/", include("branch_life.urls")),
    path("records/", include("member_records.urls")),
    path("me/", include("member_page.urls")),
    path("points/", include("points.urls")),
    path("rules/", include("rules.urls")),
    path("api/", include("api.urls")),
    path("", include("reports.urls")),
    path("", include("portal.urls")),
]
