"""The production URLs and a hello-world view, for the load test only (``bench.settings``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from xianfeng.urls import urlpatterns as production


def hello(request: HttpRequest) -> HttpResponse:
    """Django's floor on this gunicorn: the whole middleware stack, no query, no template."""
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("bench/hello/", hello, name="bench_hello")]
urlpatterns += production  # type: ignore[arg-type]  # xianfeng.urls declares its list unannotated
