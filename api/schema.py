"""The OpenAPI description (drf-spectacular): the token scheme, and the error responses every endpoint shares."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from .base import RefusalSerializer


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Personal access token (xf_…), made on the account page /api/tokens/.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(RefusalSerializer, description=description)


# Every endpoint may answer these; writes add 400 and 409.
ERRORS: dict[int, OpenApiResponse] = {
    401: _error("Not signed in: no session, or the token is unknown, expired or revoked."),
    403: _error("Signed in but not allowed: a read-only token writing, or a right the caller lacks."),
    404: _error("Not found, or outside the caller's scope (the two look alike)."),
    429: _error("Too many requests for this token."),
}
WRITE_ERRORS: dict[int, OpenApiResponse] = {
    **ERRORS,
    400: _error("Refused by the service: the stable `code`, the translated `message`, the `fields`."),
    409: _error("Refused because of the record's state: published, already decided, out of order."),
}
