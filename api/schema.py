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


GENERAL = {
    "400": "Refused: a parameter or body the endpoint cannot use, or the service's refusal (`code`, `message`, `fields`).",
    "401": ERRORS[401].description,
    "403": ERRORS[403].description,
    "404": ERRORS[404].description,
    "429": ERRORS[429].description,
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation of /api/v1/ documents the errors every endpoint can give."""
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in GENERAL.items():
                responses.setdefault(status, {"description": description, "content": body})
    return result
