"""The site's URLs and one that fails, to see the 500 page (``@pytest.mark.urls``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from xianfeng.urls import urlpatterns as site_patterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("test-failure/", fail), *site_patterns]
