"""Quorum and passing thresholds of 四议两公开 meetings, as exact integer arithmetic."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .config import setting


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    strict: bool  # True: more than the fraction; False: at least the fraction

    def met(self, part: int, whole: int) -> bool:
        if self.strict:
            return part * self.denominator > whole * self.numerator
        return part * self.denominator >= whole * self.numerator

    def describe(self) -> str:
        fraction = f"{self.numerator}/{self.denominator}"
        return (_("超过%(f)s") if self.strict else _("不少于%(f)s")) % {"f": fraction}


def quorum_for(basis: str) -> Threshold:
    """Return the attendance threshold for a meeting basis (see config.DEFAULTS["quorum"])."""
    return Threshold(*setting("quorum")[basis])


def passing() -> Threshold:
    return Threshold(*setting("passing"))
