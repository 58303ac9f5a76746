"""``{% my_due_reviews %}``: the signed-in linked leader's due and overdue reviews, for the home page."""

from django import template

from accounts.scope import get_scope
from common.params import campaign_of
from supervision.selectors import due_reviews_for_user

register = template.Library()


@register.inclusion_tag("supervision/includes/my_reviews.html", takes_context=True)
def my_due_reviews(context: template.Context) -> dict[str, object]:
    request = context["request"]
    scope = get_scope(request)
    return {"due_reviews": due_reviews_for_user(scope, campaign_of(request).day), "request": request}
