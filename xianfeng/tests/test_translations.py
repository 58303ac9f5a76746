"""English translation (F-I18N): the catalogue is complete and the pages speak English.

The .mo is git-ignored and normally compiled by `make messages`; the session fixture
below compiles it when it is missing or older than the .po, so the module also runs on
its own (`pytest xianfeng/tests/test_translations.py`).
"""

import fcntl
import importlib.util
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import CharField, TextField
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from xianfeng.tests import factories as f
from xianfeng.tests.link_walk import crawl

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _load_checker():
    spec = importlib.util.spec_from_file_location("i18n_check", Path(settings.BASE_DIR) / "scripts" / "i18n_check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _reset_translation_caches() -> None:
    """Forget catalogues loaded before the .mo existed (what Django does when LOCALE_PATHS changes)."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}  # type: ignore[attr-defined]  # Django's private caches, not in the stubs
    trans_real._default = None  # type: ignore[attr-defined]  # Django's private caches, not in the stubs
    trans_real._active = Local()  # type: ignore[attr-defined]  # Django's private caches, not in the stubs
    trans_real.translation_catalog_exists.cache_clear()  # type: ignore[attr-defined]  # Django's private caches, not in the stubs


@pytest.fixture(scope="session", autouse=True)
def compiled_messages() -> None:
    """Compile the .po when the .mo is missing or stale; a lock keeps xdist workers from racing."""
    lock_path = Path(tempfile.gettempdir()) / "xianfeng-compilemessages.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
                call_command(
                    "compilemessages", locale=["en"], ignore_patterns=[".venv", "var", "node_modules"], verbosity=0
                )
                _reset_translation_caches()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- (a) key strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("三项机制", "Three mechanisms"),
        ("三项活动", "Three activities"),
        ("三个平台", "Three platforms"),
        ("党员", "Party members"),
        ("示范点", "Demonstration sites"),
        ("标兵", "Model members"),
        ("联系点", "Contact point"),
        ("点评", "Review"),
        ("四议两公开", "Four Deliberations, Two Disclosures"),
        ("五共", "Five Together"),
        ("四送", "Four Deliveries"),
        ("爱心超市", "Love supermarket"),
        ("党员创业基地", "Party-member entrepreneurship base"),
        ("挂职帮扶", "Posting"),
        ("直接责任人", "Directly responsible person"),
        ("连带责任人", "Jointly responsible person"),
    ],
)
def test_key_terms_use_the_official_english(source: str, english: str) -> None:
    with translation.override("en"):
        assert gettext(source) == english
    with translation.override("zh-hans"):
        assert gettext(source) == source


def test_model_verbose_names_translate() -> None:
    with translation.override("en"):
        assert str(apps.get_model("supervision", "ContactPoint")._meta.verbose_name) == "Contact point"
        assert str(apps.get_model("people", "Household")._meta.verbose_name) == "Households in difficulty"
        assert str(apps.get_model("evaluation", "Assessment")._meta.get_field("person").verbose_name) == "Party members"


def test_rule_messages_keep_their_placeholders() -> None:
    with translation.override("en"):
        leader = gettext("%(township)s领导小组组长（%(leader)s）不是乡镇党委书记（%(secretary)s）。") % {
            "township": "Xiongshan",
            "leader": "Li",
            "secretary": "Wang",
        }
        review = gettext(
            "%(level)s%(leader)s对%(target)s的点评已逾期：%(deadline)s前应点评%(required)s次，已点评%(done)s次。"
        ) % {
            "level": "County leader",
            "leader": "Zhang",
            "target": "Xiongshan",
            "deadline": "2010-12-31",
            "required": 1,
            "done": 0,
        }
    assert leader == ("The leader of the Xiongshan leadership group (Li) is not the township party secretary (Wang).")
    assert "Zhang" in review and "Xiongshan" in review and "2010-12-31" in review
    assert review.startswith("The review of Xiongshan") and "overdue" in review


def test_plural_forms() -> None:
    with translation.override("en"):
        assert ngettext("%(n)s 个村", "%(n)s 个村", 1) % {"n": 1} == "1 village"
        assert ngettext("%(n)s 个村", "%(n)s 个村", 3) % {"n": 3} == "3 villages"


# --- (b) the catalogue is complete --------------------------------------------------


def test_po_has_no_untranslated_or_fuzzy_entries() -> None:
    checker = _load_checker()
    entries = checker.parse_po(PO)
    assert len(entries) > 100, "the .po looks empty"
    found = [(kind, entry.msgid) for kind, entry in checker.problems(entries)]
    assert found == [], f"{len(found)} entries need work; run scripts/i18n_check.py: {found[:20]}"


# --- (c) pages render in English ----------------------------------------------------

PAGES: list[tuple[str, list[object]]] = [
    ("home", []),
    ("organizations:tree", []),
    ("people:person_list", []),
    ("people:member_list", []),
    ("people:household_list", []),
    ("leadership:list", []),
    ("evaluation:home", []),
    ("supervision:index", []),
    ("pairing:list", []),
    ("village_affairs:home", []),
    ("learning:training_list", []),
    ("service_platform:facility_list", []),
    ("practice:home", []),
    ("branch_life:home", []),
    ("branch_life:meetings", []),
    ("branch_life:dues", []),
    ("branch_life:notices", []),
    ("points:balances", []),
    ("points:rules", []),
    ("points:supermarkets", []),
    ("reports:figures", []),
    ("rules:compliance", []),
    ("membership:recruit_list", []),
    ("membership:transfer_list", []),
]


def _nav(html: str) -> str:
    match = re.search(r"<nav\b[^>]*>.*?</nav>", html, re.S)
    assert match, "no <nav> on the page"
    return match.group(0)


@pytest.fixture
def english_admin_client(client, county):
    admin = f.superuser("root-en")
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_render_english_navigation(english_admin_client, name: str, args: list) -> None:
    response = english_admin_client.get(reverse(name, args=args))
    assert response.status_code == 200
    html = response.content.decode()
    nav = _nav(html)
    leftover = sorted(set(CJK.findall(nav)))
    assert not leftover, f"Chinese left in the navigation of {name}: {''.join(leftover)}"
    assert "Three mechanisms" in nav and "Three platforms" in nav


def test_public_portal_renders_in_english(client, county) -> None:
    """The public pages have no <nav>: their header, title and footer are checked instead."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("portal:village_list")).content.decode()
    # The language switch names each language in itself (lang="zh-hans"): that Chinese is meant.
    html = re.sub(r'<button[^>]*lang="zh-hans"[^>]*>.*?</button>', "", html, flags=re.S)
    for tag in ("title", "header", "h1", "footer"):
        match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)
        assert match, f"no <{tag}> on the portal page"
        assert not CJK.search(match.group(1)), f"Chinese left in the portal's <{tag}>: {match.group(1)}"


def test_chinese_is_still_the_default(client, county) -> None:
    admin = f.superuser("root-zh")
    client.force_login(admin)
    nav = _nav(client.get(reverse("home")).content.decode())
    assert "三项机制" in nav


# --- (d) every page a persona reaches, in English: no Chinese interface text -------------

# Chinese characters and full-width punctuation; curly quotes and the middle dot serve English too.
LEFTOVER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
NOT_INTERFACE = re.compile(
    r"<(script|style|textarea)\b.*?</\1>"  # code, and what a user typed into a form
    r'|<(\w+)\b[^>]*\blang="zh[^"]*"[^>]*>.*?</\2>',  # the language switch names Chinese in Chinese
    re.S,
)
INTERFACE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
TRANSLATED_RECORDS = {"learning.DeliveryKind"}
# Each language is named in itself where a user picks one (the language setting).
NATIVE_LANGUAGE_NAMES = {name for _code, name in settings.LANGUAGES}


class _InterfaceText(HTMLParser):
    """The text nodes of a page and the attributes a reader sees (titles, placeholders, button values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.texts += [value for name, value in attrs if name in INTERFACE_ATTRIBUTES and value]
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def _data_values() -> re.Pattern[str]:
    """Every recorded text with Chinese in it, as one pattern, longest first: data, not interface.

    Not data: a place or unit with an English name (in English pages it is named in English:
    one form for counties, townships, villages and units alike), and the rows of a list whose
    seeded names the catalogue translates (the Four Deliveries).
    """
    skip_apps = {"admin", "auth", "contenttypes", "sessions", "security", "axes", "otp_totp", "otp_static"}
    values: set[str] = set()
    with translation.override("en"):
        for model in apps.get_models():
            if model._meta.label in TRANSLATED_RECORDS:
                continue
            if model._meta.app_label in skip_apps or model.__name__.startswith("Historical"):
                continue
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, CharField | TextField) and not field.choices
            ]
            if not fields:
                continue
            named = {"name", "name_en"} <= set(fields)
            for row in model._default_manager.values(*fields):
                for field, value in row.items():
                    if named and field == "name" and row["name_en"]:
                        continue
                    if value and CJK.search(str(value)):
                        text = str(value).strip()
                        values.add(text)
                        values.update(line.strip() for line in text.splitlines() if line.strip())
    ordered = sorted(values, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!)")


def _leftovers(html: str, data: re.Pattern[str]) -> list[str]:
    parser = _InterfaceText()
    parser.feed(NOT_INTERFACE.sub("", html))
    found = []
    for text in parser.texts:
        if text in NATIVE_LANGUAGE_NAMES:
            continue
        rest = data.sub("", text)
        if LEFTOVER.search(rest) and not (text.endswith("…") and data.search(text[:-1])):
            found.append(text if len(text) < 120 else text[:117] + "…")
    return found


def _english_pages(client, users: dict[str, object]) -> dict[str, tuple[str, str]]:
    """Each text left in Chinese on an English page, with the persona and the first page showing it."""
    data = _data_values()
    found: dict[str, tuple[str, str]] = {}
    for name, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        starts = ["/"] if user is not None else ["/", reverse("portal:village_list")]
        for start in starts:
            for visit in crawl(client, start):
                for text in _leftovers(visit.html, data) if visit.html else []:
                    found.setdefault(text, (name, visit.url))
    return found


@pytest.mark.slow
@pytest.mark.django_db
def test_english_pages_have_no_chinese_interface_text(client, world) -> None:
    found = _english_pages(client, world)
    report = "\n".join(f"{who} {url}: {text}" for text, (who, url) in sorted(found.items(), key=lambda i: i[1]))
    assert not found, f"{len(found)} texts left in Chinese on English pages:\n{report}"


def test_the_leftover_check_sees_interface_text_and_spares_data(county) -> None:
    """The page check above can fail: an untranslated heading or full-width colon is found, a name is not."""
    data = _data_values()
    html = f'<h1>{county.village_a1.name}</h1><p title="村务">Name：x</p><p>Xiongshan Town</p><p>{county.township_a.name}</p>'
    assert _leftovers(html, data) == ["村务", "Name：x", county.township_a.name]


# --- (e) the catalogue: every entry translated, in English punctuation ---------------------


def test_catalogue_msgstrs_have_no_chinese_or_full_width_punctuation() -> None:
    checker = _load_checker()
    bad = [
        (entry.msgid, text)
        for entry in checker.parse_po(PO)
        if not entry.is_header
        for text in entry.msgstrs
        if not text or LEFTOVER.search(text)
    ]
    assert bad == []
