"""Recruitment's one-way steps (common/confirm.py): the branch assembly's resolution, the admission, the
conversion and the closing of the file change the membership or close the record."""

from django.utils.translation import gettext_lazy as _

from common.confirm import irreversible

RECORD_STEP = irreversible(
    "membership.record_step",
    question=_("登记这个发展步骤？"),
    consequence=_("支部大会决议、审批和归档登记后不能撤销；审批将改变此人的党员身份。"),
    button=_("确认登记"),
)
