"""Record every download (a response sent as an attachment), and give ``record`` the request being served.

Any response with ``Content-Disposition: attachment`` is a download: the Excel export of every list, the
campaign report (PDF, Word, HTML), import templates and error workbooks. One rule here rather than a call
in each view, so a new export is logged without anyone remembering to. A view that records its download
itself (the security log's own export) marks the response with ``security_logged = True``.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .context import serving
from .models import Kind
from .services import attachment_name, record


class SecurityLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with serving(request):
            response = self.get_response(request)
            name = attachment_name(response.get("Content-Disposition", ""))
            if name is not None and not getattr(response, "security_logged", False):
                record(Kind.DOWNLOAD, target=name, request=request)
        return response
