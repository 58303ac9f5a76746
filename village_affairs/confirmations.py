"""A3's one-way steps and the words that warn of them (common/confirm.py): the page's dialog and the
views' fallback confirmation page both say these."""

from django.utils.translation import gettext_lazy as _

from common.confirm import irreversible

PUBLISH = irreversible(
    "village_affairs.publish",
    question=_("公开这份公开事项？"),
    consequence=_("公开后，内容不能再修改或删除；如有错误，只能另发一份更正公开。"),
    button=_("确认公开"),
)
PUBLISH_FINANCE = irreversible(
    "village_affairs.publish_finance",
    question=_("公开本月财务？"),
    consequence=_(
        "公开后，本月及以前各月的账目全部锁定，不能再录入、修改或删除，只能在以后的月份录入冲正分录；"
        "公开内容也不能修改，只能另发一份更正公开。"
    ),
    button=_("确认公开并锁定账目"),
)
DELETE_DRAFT = irreversible(
    "village_affairs.delete_draft",
    question=_("删除这份草稿？"),
    consequence=_("删除后不能恢复。"),
    button=_("确认删除"),
)
STEP_PUBLISH = irreversible(
    "village_affairs.step_publish",
    question=_("登记公开步骤？"),
    consequence=_("决议公开和实施结果公开登记后即对群众公开，不能修改或撤销。"),
    button=_("确认登记"),
)
STEP_WITHDRAW = irreversible(
    "village_affairs.step_withdraw",
    question=_("撤销这个步骤？"),
    consequence=_("撤销后该步骤的记录即被删除，不能恢复；需要时请重新登记。"),
    button=_("确认撤销"),
)
ENTRY_REVERSE = irreversible(
    "village_affairs.entry_reverse",
    question=_("录入冲正分录？"),
    consequence=_("冲正分录和被冲正的原分录都不能再修改或删除。"),
    button=_("确认冲正"),
)
FEEDBACK_ANSWER = irreversible(
    "village_affairs.feedback_answer",
    question=_("提交答复？"),
    consequence=_("答复提交后在村务公开页上公开，不能修改。"),
    button=_("确认答复"),
)
CASE_DECIDE = irreversible(
    "village_affairs.case_decide",
    question=_("作出处理决定？"),
    consequence=_("处理决定作出后案件即结案，所记奖惩不能撤销。"),
    button=_("确认处理"),
)
