"""What the A3 models share: the village limit, year and money bounds, the refusal of published rows."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator

from common.models import PublishedImmutableError
from organizations.models import OrganizationKind

VILLAGE = {"kind": OrganizationKind.VILLAGE}
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


def _refuse(message: str) -> None:
    raise PublishedImmutableError(message, code="published_immutable")
