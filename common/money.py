"""Amounts of money as people read them: 103.6万元 in Chinese, CNY 1.04 million in English.

One helper for every page that shows an amount (dashboards, the campaign report's tables
and charts, the ``yuan`` template filter). Below ten thousand yuan the amount is written in
full; from ten thousand, Chinese counts in 万 (to the hundred yuan) and English, from a
million, in millions (to the ten thousand). Exact amounts stay in tables that are for
checking (exports, the ledger): this is for reading.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

WAN = Decimal(10_000)
MILLION = Decimal(1_000_000)


def _english(language: str | None) -> bool:
    return (language or translation.get_language() or "zh-hans").startswith("en")


def _plain(amount: Decimal, places: str) -> str:
    """``amount`` rounded to ``places`` ("0.01"), trailing zeros dropped, thousands separated."""
    rounded = amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def yuan(value: int | float | Decimal | str | None, language: str | None = None) -> str:
    """Return ``value`` yuan for reading in ``language`` (default: the active one), with its unit."""
    amount = Decimal(str(value or 0))
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if _english(language):
        if amount >= MILLION:
            return f"CNY {sign}{_plain(amount / MILLION, '0.01')} million"
        return f"CNY {sign}{_plain(amount, '0.01')}"
    if amount >= WAN:
        return f"{sign}{_plain(amount / WAN, '0.01')}万元"
    return f"{sign}{_plain(amount, '0.01')}元"
