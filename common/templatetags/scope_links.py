"""Links only where they lead: ask the viewer's ``Scope`` in a template before showing a link.

A page shows a link only when the page it opens would answer the viewer, by the same
question that page's view asks of ``request.scope``::

    {% load scope_links %}
    {% if scope|sees:membership.branch.code %}<a href="{% url 'history' … %}">…</a>{% endif %}
    {% may "manage" code=org.code as can_edit %}{% if can_edit %}…{% endif %}

Both answer from the scope alone (no query), so a list may ask once per row.
"""

from django import template

from common.scope import ANONYMOUS, Right, Scope

register = template.Library()


@register.filter
def sees(scope: Scope | None, code: object) -> bool:
    """Does the viewer read the records of the organization with division ``code`` (``scope.can_see_code``)?"""
    return scope is not None and bool(code) and scope.can_see_code(str(code))


@register.simple_tag(takes_context=True)
def may(
    context: template.Context,
    right: str,
    code: str | None = None,
    person_id: int | None = None,
    unit_id: int | None = None,
) -> bool:
    """``scope.may(right, code=…, person_id=…, unit_id=…)`` for the viewer of the page."""
    scope = context.get("scope") or getattr(context.get("request"), "scope", None) or ANONYMOUS
    return scope.may(right, code=code or None, person_id=person_id, unit_id=unit_id)


@register.filter
def may_anywhere(scope: Scope | None, right: str) -> bool:
    """``scope.may_anywhere(right)``: does the viewer hold ``right`` on some organization (a page of that right)?"""
    return scope is not None and scope.may_anywhere(Right(right))
