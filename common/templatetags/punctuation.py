"""``{% colon %}``, ``{% lparen %}``, ``{% rparen %}``, ``{% enum_comma %}``, ``{% semicolon %}``,
``{% year_month year month %}``: punctuation and months in the page's language (``common.punctuation``).

``{% translate "地点" %}{% colon %}{{ place }}`` reads 地点：… in Chinese and Venue: … in English.
"""

from django import template

from common import punctuation

register = template.Library()

for _name in ("colon", "lparen", "rparen", "enum_comma", "semicolon", "year_month"):
    register.simple_tag(getattr(punctuation, _name), name=_name)
