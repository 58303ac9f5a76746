"""Walk the site as one user and measure every page that holds a form: its options, checkboxes and render time.

``walk(client)`` follows the links of every page from the home page, one page per URL
shape (``/practice/aid/12/`` and ``/practice/aid/13/`` are one shape), and returns what it
found. ``xianfeng/tests/test_pickers.py`` asserts that no form lists more than
``common.pickers.MAX_OPTIONS`` choices; ``python -m bench.form_pages`` times the form pages
on a database built by ``manage.py setup_demo`` (docs/pickers.md has the figures).
"""

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

# Not pages of a form, or not pages at all: downloads, the admin, switching language, leaving.
SKIP = re.compile(r"^/(static|media|admin|i18n|accounts/logout|accounts/password|v/|history/)|\.(xlsx|pdf|docx|png)$")

# An Excel export: the list's own query with format=xlsx, or a dashboard table's export=<table>.
EXPORT_LINK = re.compile(r"[?&](format=xlsx|export=\w)")
# The forms on every page (switching language, signing out) do not make a page a form page.
NAV_FORM = re.compile(r"/i18n/|/language/|logout")


@dataclass
class Page:
    url: str
    status: int
    seconds: float = 0.0
    forms: int = 0  # forms sent by POST
    selects: dict[str, int] = field(default_factory=dict)  # name -> options
    checkboxes: dict[str, int] = field(default_factory=dict)  # name -> boxes
    queries: int = 0
    tables: int = 0  # lists: <table class="list">, or an element marked data-list (a list of cards)
    exports: int = 0  # links to an Excel export (EXPORT_LINK)

    @property
    def most_options(self) -> int:
        return max([*self.selects.values(), *self.checkboxes.values(), 0])


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms = 0
        self.selects: dict[str, int] = {}
        self.checkboxes: dict[str, int] = {}
        self._select: str | None = None
        self.tables = 0
        self.exports = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
            self.exports += bool(EXPORT_LINK.search(a["href"] or ""))
        elif (tag == "table" and "list" in (a.get("class") or "").split()) or "data-list" in a:
            self.tables += 1
        elif tag == "form" and (a.get("method") or "").lower() == "post" and not NAV_FORM.search(a.get("action") or ""):
            self.forms += 1
        elif tag == "select":
            self._select = a.get("name") or a.get("id") or "?"
            self.selects.setdefault(self._select, 0)
        elif tag == "option" and self._select is not None:
            self.selects[self._select] += 1
        elif tag == "input" and a.get("type") == "checkbox" and a.get("name"):
            name = a["name"] or ""
            self.checkboxes[name] = self.checkboxes.get(name, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def walk(
    client: Any, start: str = "/", *, limit: int = 600, skip: re.Pattern[str] = SKIP, count_queries: Any = None
) -> list[Page]:
    """Every page reachable from ``start`` by links, one per URL shape; ``count_queries()`` gives a query counter."""
    seen = {shape(start)}
    queue = deque([start])
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        counter = count_queries() if count_queries is not None else None
        began = time.perf_counter()
        if counter is not None:
            with counter:
                response = client.get(url)
        else:
            response = client.get(url)
        page = Page(url, response.status_code, time.perf_counter() - began)
        if counter is not None:
            page.queries = len(counter.captured_queries)
        pages.append(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Parser()
        parser.feed(response.content.decode())
        page.forms, page.selects, page.checkboxes = parser.forms, parser.selects, parser.checkboxes
        page.tables, page.exports = parser.tables, parser.exports
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or skip.search(parts.path):
                continue
            if shape(parts.path) not in seen:
                seen.add(shape(parts.path))
                queue.append(parts.path)
    return pages


def main() -> None:  # pragma: no cover - a measurement, run by hand
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xianfeng.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.gate import SESSION_DEVICE
    from accounts.two_factor import usable_devices

    username = os.environ.get("BENCH_USER", "county")
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = usable_devices(user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_DEVICE] = True
        session.save()
    skip = re.compile(SKIP.pattern + r"|^/(report|dashboard|figures|rules)")
    pages = walk(client, skip=skip)
    if os.environ.get("BENCH_LISTS"):
        for page in pages:
            if page.tables:
                print(f"{page.tables} tables {page.exports} exports  {page.url}")
        return
    form_pages = [p for p in pages if p.forms]
    # The machine is shared: each form page is timed again and its fastest of REPEAT loads kept.
    for page in form_pages:
        for _ in range(int(os.environ.get("BENCH_REPEAT", "3"))):
            began = time.perf_counter()
            client.get(page.url)
            page.seconds = min(page.seconds, time.perf_counter() - began)
        print(f"{page.seconds * 1000:8.0f} ms  {page.most_options:6d} options  {page.status}  {page.url}")
    print(
        f"{len(form_pages)} form pages of {len(pages)} pages; slowest {max(p.seconds for p in form_pages) * 1000:.0f} ms"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
