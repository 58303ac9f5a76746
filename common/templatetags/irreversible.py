"""``{% confirm_attrs "app.action" %}``: the data attributes site.js turns into a confirmation dialog."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from common.confirm import IRREVERSIBLE

register = template.Library()


@register.simple_tag
def confirm_attrs(key: str) -> SafeString:
    action = IRREVERSIBLE[key]  # an unknown key is a mistake in the template: fail loudly
    return format_html(
        'data-confirm="{}" data-confirm-title="{}" data-confirm-ok="{}" data-confirm-cancel="{}"',
        action.consequence,
        action.question,
        action.button,
        gettext("取消"),
    )
