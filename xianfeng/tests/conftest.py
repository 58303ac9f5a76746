"""Fixtures of the crawling tests (``worlds.py``): a county with records in every app and its personas."""

from .worlds import fixture_world, world  # noqa: F401 - fixtures
