from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common.money import yuan


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (Decimal("1036000"), "103.6万元", "CNY 1.04 million"),
        (Decimal("287500"), "28.75万元", "CNY 287,500"),
        (Decimal("1036123.50"), "103.61万元", "CNY 1.04 million"),
        (Decimal("10000"), "1万元", "CNY 10,000"),
        (Decimal("9999.50"), "9,999.5元", "CNY 9,999.5"),
        (3000, "3,000元", "CNY 3,000"),
        (0, "0元", "CNY 0"),
        (None, "0元", "CNY 0"),
        (Decimal("-25000"), "-2.5万元", "CNY -25,000"),
        (Decimal("12500000"), "1,250万元", "CNY 12.5 million"),
    ],
)
def test_yuan_in_each_language(value, zh, en):
    assert yuan(value, "zh-hans") == zh
    assert yuan(value, "en") == en


def test_yuan_follows_the_active_language_and_the_filter_uses_it():
    template = Template("{% load money %}{{ amount|yuan }}")
    with translation.override("en"):
        assert yuan(1036000) == "CNY 1.04 million"
        assert template.render(Context({"amount": Decimal("1036000")})) == "CNY 1.04 million"
    with translation.override("zh-hans"):
        assert template.render(Context({"amount": Decimal("1036000")})) == "103.6万元"
