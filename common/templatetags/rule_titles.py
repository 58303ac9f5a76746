"""``{{ finding.rule|rule_title }}``: a rule's translated title, for pages that must not show rule ids."""

from django import template

from common.rules import RULES

register = template.Library()


@register.filter
def rule_title(rule_id: str) -> str:
    return str(RULES[rule_id].title) if rule_id in RULES else rule_id
