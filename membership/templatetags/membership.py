from django import template

from membership.deadlines import Standing
from membership.steps import BY_NUMBER, Stage

register = template.Library()


@register.filter
def stage_label(standing: Standing) -> str:
    """The stage of the latest step done (the application's before any)."""
    step = BY_NUMBER.get(standing.latest)
    return str(Stage(step.stage).label) if step else str(Stage.APPLICATION.label)


@register.filter
def latest_label(standing: Standing) -> str:
    step = BY_NUMBER.get(standing.latest)
    return f"{step.number}. {step.name}" if step else "—"
