"""The to-do registry: providers' items collected, overdue first then by due date; levels of a grant."""

import datetime as dt

import pytest

from common import todos
from common.scope import Right, Scope

DAY = dt.date(2010, 11, 5)


@pytest.fixture
def providers():
    saved = dict(todos.TODOS.items())
    for key in saved:
        todos.TODOS.remove(key)

    @todos.register("test.a")
    def a(scope, user, today):
        yield todos.todo("test.later", "晚", "/a/", today=today, due=today + dt.timedelta(days=9))
        yield todos.todo("test.undated", "无期", "/b/", today=today)

    @todos.register("test.b")
    def b(scope, user, today):
        yield todos.todo("test.soon", "近", "/c/", today=today, due=today + dt.timedelta(days=2))
        yield todos.todo("test.late", "逾期", "/d/", today=today, due=today - dt.timedelta(days=1))

    yield
    for key in list(todos.TODOS.keys()):
        todos.TODOS.remove(key)
    for key, entry in saved.items():
        todos.TODOS.add(key, entry)


def test_overdue_first_then_by_due_date_undated_last(providers):
    items = todos.todos_for(Scope(user_id=1), None, DAY)
    assert [t.kind for t in items] == ["test.late", "test.soon", "test.later", "test.undated"]
    assert [t.overdue for t in items] == [True, False, False, False]


def test_nobody_signed_in_has_nothing_to_do(providers):
    assert todos.todos_for(Scope(), None, DAY) == []


def test_due_soon_is_within_the_days_and_not_overdue():
    soon = todos.todo("k", "t", "/", today=DAY, due=DAY + dt.timedelta(days=3))
    assert soon.due_soon(DAY, 3) and not soon.due_soon(DAY, 2)
    late = todos.todo("k", "t", "/", today=DAY, due=DAY - dt.timedelta(days=1))
    assert late.overdue and not late.due_soon(DAY, 3)
    assert not todos.todo("k", "t", "/", today=DAY).due_soon(DAY, 3)
    assert soon.subject == "k:/" and todos.todo("k", "t", "/", today=DAY, key="x").subject == "x"


def test_granted_at_keeps_the_level_and_gives_a_superuser_nothing():
    scope = Scope(user_id=1, grants={Right.MANAGE: ("350725", "350725100", "350725100201")})
    assert todos.granted_at(scope, Right.MANAGE, 9) == ("350725100",)
    assert todos.granted_at(scope, Right.MANAGE, 12) == ("350725100201",)
    assert todos.granted_at(scope, Right.OVERSEE, 9) == ()
    assert todos.granted_at(Scope(user_id=1, is_superuser=True), Right.MANAGE, 12) == ()


def test_every_app_contributes():
    assert {"evaluation", "supervision", "village_affairs", "practice", "service_platform", "exchange"} <= {
        key.split(".")[0] for key in todos.TODOS
    }
