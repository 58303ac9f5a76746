"""The records every persona has work in (xianfeng/tests/test_todos.py)."""

from xianfeng.tests.test_todos import TODAY, work  # noqa: F401 - the fixture, and its day
