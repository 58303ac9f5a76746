"""Walk the site as one user: breadth-first from the home page over every internal ``<a href>``.

Shared by the link test (no link leads to a refusal) and the translation test (no Chinese
left on English pages). GET only, same host, bounded: at most ``PER_SHAPE`` URLs of one
shape (the path with its numbers folded, the names of its query parameters) and ``LIMIT``
pages in all, so a list of a thousand rows is sampled, not walked.
"""

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.test import Client

LIMIT = 700
PER_SHAPE = 2
# Not pages: logging out and the language switch (POST-only), static files, the Django admin.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", settings.STATIC_URL, settings.MEDIA_URL)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.fragments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("hx-get"):
            self.fragments.append(values["hx-get"] or "")


def links_of(html: str) -> tuple[list[str], list[str]]:
    """The ``<a href>`` targets and the ``hx-get`` fragment URLs of a page."""
    parser = _Links()
    parser.feed(html)
    return parser.hrefs, parser.fragments


def internal(url: str, base: str) -> str | None:
    """The URL as a path and query on this site, or None for another host, a mail link or an anchor."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return None
    path = parts.path
    if not path:
        if not parts.query:
            return None  # an anchor on the same page
        path = urlsplit(base).path
    elif not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def shape(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path), tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


@dataclass
class Visit:
    url: str
    referrer: str
    status: int
    content_type: str
    html: str  # empty for downloads and redirects
    fragments: list[str]


def crawl(client: Client, start: str = "/", limit: int = LIMIT) -> Iterator[Visit]:
    """Yield each page reached from ``start`` by links, with the page that linked to it."""
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen = {start}
    shapes: dict[tuple[str, tuple[str, ...]], int] = {}
    visited = 0
    while queue and visited < limit:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        content_type = response.get("Content-Type", "")
        html = response.content.decode() if "text/html" in content_type and response.status_code == 200 else ""
        hrefs, fragments = links_of(html) if html else ([], [])
        if response.status_code in (301, 302):
            hrefs = [response["Location"]]
        yield Visit(url, referrer, response.status_code, content_type, html, fragments)
        for href in hrefs:
            target = internal(href, url)
            if target is None or target in seen:
                continue
            key = shape(target)
            if shapes.get(key, 0) >= PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            seen.add(target)
            queue.append((target, url))
