"""The API's documentation page: Swagger UI from drf-spectacular-sidecar, under the site's Content-Security-Policy.

drf-spectacular's split view serves the start-up script as a file of its own (no inline script); our
template moves its inline <style> to ``api/static/api/swagger.css``. One relaxation, on this page only:
``img-src data:``, because Swagger UI's own stylesheet draws its icons (arrows, locks) as ``data:`` images.
Scripts and styles stay as strict as everywhere; a ``data:`` image can run nothing.
"""

from collections.abc import Callable
from typing import Any

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Xianfeng API"


def swagger_view() -> Callable[..., Any]:
    return csp_update({"img-src": ["data:"]})(SwaggerView.as_view(url_name="api:schema"))
