import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def chinese():
    """Commands and services speak the active language: Chinese, as in production, whatever ran before."""
    with translation.override("zh-hans"):
        yield
