"""``{{ amount|yuan }}``: an amount of money in the active language (``common.money.yuan``)."""

from decimal import Decimal

from django import template

from common.money import yuan as yuan_text

register = template.Library()


@register.filter
def yuan(value: int | float | Decimal | str | None) -> str:
    return yuan_text(value)
