"""M2's one-way steps on an assessment and the words that warn of them (common/confirm.py)."""

from django.utils.translation import gettext_lazy as _

from common.confirm import Irreversible, irreversible

SUBMIT = irreversible(
    "evaluation.submit",
    question=_("提交自评？"),
    consequence=_("提交后自评分不能再修改，除非乡镇审核时退回。"),
    button=_("确认提交"),
)
REVIEW_SUBMIT = irreversible(
    "evaluation.review_submit",
    question=_("审核通过并报县审定？"),
    consequence=_("报送后审核分不能再修改，除非县里审定时退回。"),
    button=_("确认报送"),
)
APPROVE = irreversible(
    "evaluation.approve",
    question=_("审定通过？"),
    consequence=_("审定后考评结果即为最终结果，不能撤销或退回，只能通过申诉更正。"),
    button=_("确认审定"),
)
APPEAL = irreversible(
    "evaluation.appeal",
    question=_("提出申诉？"),
    consequence=_("每次考评只能申诉一次，提交后不能撤回。"),
    button=_("确认申诉"),
)
APPEAL_DECIDE = irreversible(
    "evaluation.appeal_decide",
    question=_("处理申诉？"),
    consequence=_("申诉的处理决定作出后不能更改。"),
    button=_("确认处理"),
)

# The assessment page's one-way actions, by the value of its ``action`` button.
BY_ACTION: dict[str, Irreversible] = {
    "submit": SUBMIT,
    "review_submit": REVIEW_SUBMIT,
    "approve": APPROVE,
    "appeal": APPEAL,
    "appeal_decide": APPEAL_DECIDE,
}
