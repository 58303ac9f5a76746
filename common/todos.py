"""The to-do registry: what waits for one user, computed from the records and the rules (nothing typed twice).

Each app contributes from its own ``todos.py``::

    @register("evaluation.review")
    def assessments_to_review(scope, user, today):
        # -> Iterable[Todo], in a bounded number of queries whatever the rows
        ...

A provider receives the viewer's ``Scope``, the signed-in user and the campaign's today
(``common.clock.today()``), and yields the items the user may act on — asked of the same
rights the app's views ask for the same action, so that every item's link opens for them.
``todos_for`` collects every provider's items, overdue first, then by due date.

``key`` names the item's subject (``evaluation.review:period=3:standard=five_good``) stably
from one day to the next: reminders (``notifications``) are deduplicated by it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import clock
from .registry import Registry
from .scope import Scope

# When a to-do becomes "due soon" for reminders and the home page's tag (days before its deadline).
DEFAULT_DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class Todo:
    kind: str  # stable: "evaluation.review", "village_affairs.feedback"… (the data-todo attribute)
    title: str  # translated, in the language active when computed
    url: str  # the page that does it
    due: dt.date | None = None
    where: str = ""  # the organization (or contact point, unit) the item is about
    count: int | None = None  # how many records the item stands for, when more than one may
    key: str = ""  # the subject, stable across days (defaults to kind + url)
    overdue: bool = False

    @property
    def subject(self) -> str:
        return self.key or f"{self.kind}:{self.url}"

    def due_soon(self, today: dt.date, days: int = DEFAULT_DUE_SOON_DAYS) -> bool:
        """Not yet overdue, and its deadline falls within ``days`` of ``today``."""
        return not self.overdue and self.due is not None and today <= self.due <= today + dt.timedelta(days=days)


def todo(
    kind: str,
    title: str,
    url: str,
    *,
    today: dt.date,
    due: dt.date | None = None,
    where: str = "",
    count: int | None = None,
    key: str = "",
    overdue: bool | None = None,
) -> Todo:
    """Build a ``Todo``; overdue unless told: past its due date as seen on ``today``."""
    late = overdue if overdue is not None else (due is not None and due < today)
    return Todo(kind=kind, title=str(title), url=url, due=due, where=str(where), count=count, key=key, overdue=late)


TodoProvider = Callable[[Scope, Any, dt.date], Iterable[Todo]]  # (scope, user, today) -> items

TODOS: Registry[TodoProvider] = Registry("to-do provider")


def register(key: str) -> Callable[[TodoProvider], TodoProvider]:
    def decorator(func: TodoProvider) -> TodoProvider:
        return TODOS.add(key, func)

    return decorator


def sort_key(item: Todo) -> tuple[bool, dt.date, str, str]:
    """Overdue first, then by due date (undated last), then by kind and title."""
    return (not item.overdue, item.due or dt.date.max, item.kind, item.title)


def todos_for(scope: Scope, user: Any, today: dt.date | None = None) -> list[Todo]:
    """Every provider's items for this user, overdue first, then by due date."""
    if not scope.is_authenticated:
        return []
    day = today or clock.today()
    items: list[Todo] = []
    for provider in TODOS.values():
        items.extend(provider(scope, user, day))
    return sorted(items, key=sort_key)


def granted_at(scope: Scope, right: str, length: int) -> tuple[str, ...]:
    """The codes of length ``length`` (a level: township 9, village 12) on which ``right`` was granted.

    Work that sits at one level (a village publishes its disclosures, a township checks its
    villages') is the to-do of the role bound there; a county admin, who holds the same right
    over every village, is not handed every village's chores. A superuser (break-glass) has none.
    """
    if scope.is_superuser:
        return ()
    return tuple(code for code in scope.grants.get(right, ()) if len(code) == length)
