"""M2 figures: the item counts of the county's active Five-Good and Five-Lead standards, and the approved
assessments under a unit per grade (supporting figures the report states), counted from records."""

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.division_codes import county_code
from common.figures import register, shared
from organizations.models import Organization

from .models import Grade, Item, StandardCode, StandardStatus
from .selectors import EvaluationSummary, GradeCount, evaluation_summary


def _active_items(unit: Organization, code: str) -> int:
    return Item.objects.filter(
        # A county's standards; above a county, the items of every county's (summed, as every figure is).
        dimension__standard__county__code__startswith=county_code(unit.code),
        dimension__standard__code=code,
        dimension__standard__status=StandardStatus.ACTIVE,
    ).count()


@register("five_good_items", label=_("五个好考评细则"), requirement="M2", unit=_("项"))
def five_good_items(unit: Organization, year: int) -> int:  # the standard in force, whatever the year
    return _active_items(unit, StandardCode.FIVE_GOOD)


@register("five_lead_items", label=_("五带头考评细则"), requirement="M2", unit=_("项"))
def five_lead_items(unit: Organization, year: int) -> int:
    return _active_items(unit, StandardCode.FIVE_LEAD)


def _summary(unit: Organization, year: int) -> EvaluationSummary:
    return shared(("evaluation.summary", unit.code, year), lambda: evaluation_summary(unit, year))


def _register_grades(
    standard: str, subject: str | Promise, counts: Callable[[EvaluationSummary], list[GradeCount]]
) -> None:
    """The approved assessments of ``standard`` under the unit, in all and per grade (supporting figures)."""

    def assessed(unit: Organization, year: int) -> int:
        return sum(g.count for g in counts(_summary(unit, year)))

    register(f"{standard}_assessed", label=subject, requirement="M2", unit=_("个"), headline=False)(assessed)
    for grade in Grade:

        def in_grade(unit: Organization, year: int, grade: str = str(grade)) -> int:
            return next(g.count for g in counts(_summary(unit, year)) if g.grade == grade)

        register(f"{standard}_{grade}", label=grade.label, requirement="M2", unit=_("个"), headline=False)(in_grade)


_register_grades(StandardCode.FIVE_GOOD, _("完成“五个好”考评的村党组织"), lambda s: s.five_good)
_register_grades(StandardCode.FIVE_LEAD, _("完成“五带头”考评的党员"), lambda s: s.five_lead)
