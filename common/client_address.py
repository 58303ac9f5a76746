"""The client's address behind the documented reverse proxies, for lockouts and rate limits.

Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``;
with ``TRUSTED_PROXY_COUNT = n`` the client is therefore the n-th entry from the right, and
everything left of it was written by the client and may be forged. With 0 (the default)
the header is ignored and the address is the connection's (``REMOTE_ADDR``).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Return the real client's IP address, or None when the request carries none."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer proxies, and the leftmost entry is
    # the address the first trusted proxy it met saw.
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid(candidate) or remote


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
