"""The 25 steps of recruitment in five stages (中国共产党发展党员工作细则, 2014), as data.

Each step has a code (its order, 1–25), its stage, a Chinese and an English name, what the
event records (a meeting, a document, two people, training days and hours), whether it is
published (公示) and whether it may be recorded again (the half-yearly assessments, a new
political review). Steps are recorded in order: a step needs the one before it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    APPLICATION = "application", _("申请入党")
    ACTIVIST = "activist", _("入党积极分子的确定和培养教育")
    CANDIDATE = "candidate", _("发展对象的确定和考察")
    ADMISSION = "admission", _("预备党员的接收")
    PROBATION = "probation", _("预备党员的教育考察和转正")


@dataclass(frozen=True)
class Step:
    number: int
    code: str
    stage: str
    name_zh: str
    name_en: str
    two_people: bool = False  # two cultivation contacts (5) or two introducers (9)
    training: bool = False  # days and class hours (11)
    published: bool = False  # 公示: shown on the village's public page for its days
    repeatable_until: int = 0  # may be recorded again while the latest step is before this one
    irreversible: bool = False  # asks for confirmation: it changes the membership or closes the file

    @property
    def name(self) -> str:
        """The step's name in the active language."""
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


A, B, C, D, E = Stage.APPLICATION, Stage.ACTIVIST, Stage.CANDIDATE, Stage.ADMISSION, Stage.PROBATION

STEPS: tuple[Step, ...] = (
    Step(1, "apply", A, "递交入党申请书", "Application submitted"),
    Step(2, "talk", A, "党组织派人谈话", "Talk with the applicant"),
    Step(3, "activist", B, "推荐和确定入党积极分子", "Recommended and confirmed as activist"),
    Step(4, "activist_filed", B, "上级党委备案", "Filed with the higher committee"),
    Step(5, "contacts", B, "指定培养联系人", "Two cultivation contacts assigned", two_people=True),
    Step(6, "assessment", B, "培养教育考察", "Cultivation and assessment", repeatable_until=7),
    Step(7, "candidate", C, "确定发展对象", "Confirmed as candidate", published=True),
    Step(8, "candidate_filed", C, "报上级党委备案", "Candidate filed with the higher committee"),
    Step(9, "introducers", C, "确定入党介绍人", "Two introducers assigned", two_people=True),
    Step(10, "review", C, "进行政治审查", "Political review", repeatable_until=15),
    Step(11, "training", C, "开展集中培训", "Concentrated training", training=True),
    Step(12, "committee_review", D, "支部委员会审查", "Reviewed by the branch committee"),
    Step(13, "pre_review", D, "上级党委预审", "Pre-review by the higher committee", published=True),
    Step(14, "form", D, "填写入党志愿书", "Admission form filled in"),
    Step(15, "assembly", D, "支部大会讨论", "Branch assembly resolution", irreversible=True),
    Step(16, "committee_talk", D, "上级党委派人谈话", "Talk by the higher committee"),
    Step(17, "approval", D, "上级党委审批", "Approved by the higher committee", irreversible=True),
    Step(18, "approval_filed", D, "再上一级党委组织部门备案", "Filed with the next organization department"),
    Step(19, "placed", E, "编入党支部和党小组", "Placed in a branch and party group"),
    Step(20, "oath", E, "入党宣誓", "Admission oath"),
    Step(21, "probation_education", E, "继续教育考察", "Education and assessment on probation", repeatable_until=22),
    Step(22, "conversion_request", E, "提出转正申请", "Request for full membership"),
    Step(23, "conversion_assembly", E, "支部大会讨论", "Branch assembly on full membership", published=True),
    Step(24, "conversion_approval", E, "上级党委审批", "Full membership approved", irreversible=True),
    Step(25, "archived", E, "材料归档", "Records filed", irreversible=True),
)
BY_CODE: dict[str, Step] = {s.code: s for s in STEPS}
BY_NUMBER: dict[int, Step] = {s.number: s for s in STEPS}
STEP_CHOICES = [(s.code, f"{s.number}. {s.name_zh}") for s in STEPS]
LAST = STEPS[-1].number
# The stage a recruit is in once a step is recorded (the file's stage for the figures).
APPROVED = BY_CODE["approval"].number
CONVERTED = BY_CODE["conversion_approval"].number


def allowed_next(numbers: list[int]) -> list[Step]:
    """The steps that may be recorded after ``numbers`` (the steps recorded so far, any order)."""
    latest = max(numbers, default=0)
    found = [BY_NUMBER[latest + 1]] if latest < LAST else []
    for step in STEPS:
        if step.repeatable_until and step.number in numbers and latest < step.repeatable_until:
            found.insert(0, step)
    return found
