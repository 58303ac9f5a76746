"""Where to go after a POST: the ``next`` the page sent, if it stays on this site."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, field: str = "next") -> str:
    """Return ``next`` from the POST (or the query string) when it points to this site, else ``default``.

    ``default`` is a URL or a URL name, as ``redirect()`` takes it. An absolute URL to another
    host, a scheme-relative ``//host``, a ``javascript:`` URL and, on an HTTPS request, an
    ``http://`` URL to this very host all fall back to ``default``: an open redirect would
    lend this site's name to a phishing page.
    """
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
