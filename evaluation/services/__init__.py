"""Writes for M2 evaluation. Pages, the scenario loader, imports and commands call these.

Every refusal raises ``ValidationError`` with a translated message and a stable code, and
changes nothing (each service runs in one transaction). Every workflow step writes an
``AssessmentEvent`` in the same transaction; the status is read back from those rows.
Permission (who may press which button) is decided by ``selectors.allowed_actions``
in the views; services check order and content.

- ``standards``: standards, their dimensions, items and grade bands, versions; periods.
- ``assessments``: the workflow of one assessment.
- ``appeals``: evidence and the appeal.
"""

from .appeals import (
    appeal_decide,
    appeal_file,
    evidence_add,
    evidence_check,
)
from .assessments import (
    assessment_approve,
    assessment_return_to_review,
    assessment_return_to_self,
    assessment_review_submit,
    assessment_start,
    assessment_status,
    assessment_submit,
    assessments_start_all,
    scores_set,
)
from .standards import (
    dimension_add,
    grade_bands_set,
    item_add,
    item_delete,
    item_update,
    period_create,
    standard_activate,
    standard_create,
    standard_install,
    standard_is_frozen,
    standard_new_version,
    standard_points_sum,
    standard_update,
    standards_install_zhenghe,
)

__all__ = [
    "standard_is_frozen",
    "standard_create",
    "standard_update",
    "dimension_add",
    "item_add",
    "item_update",
    "item_delete",
    "grade_bands_set",
    "standard_points_sum",
    "standard_activate",
    "standard_new_version",
    "standard_install",
    "standards_install_zhenghe",
    "period_create",
    "assessment_status",
    "assessment_start",
    "assessments_start_all",
    "scores_set",
    "assessment_submit",
    "assessment_return_to_self",
    "assessment_review_submit",
    "assessment_return_to_review",
    "assessment_approve",
    "evidence_check",
    "evidence_add",
    "appeal_file",
    "appeal_decide",
]
