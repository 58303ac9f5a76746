"""The pre-fill seam: other apps fill in assessment items from records they already hold (R-ONCE).

A member's Five-Lead assessment should start from the member's own practice record
(posts, commitments kept, volunteer hours, trainings attended, households helped), so
that nobody types the same fact twice. The Platforms apps own those records; this
module only holds the hook.

Contract
--------
Register a function for a standard code (``"five_lead"`` or ``"five_good"``)::

    from evaluation.prefill import register_prefill

    @register_prefill("five_lead")
    def from_practice_record(assessment):
        # assessment.person, assessment.period (start/end), assessment.standard
        # -> items of *this* standard version: assessment.standard.dimensions.items
        return {item_id: (Decimal("4.0"), "认领岗位2个，服务时长36小时"), ...}

- It receives an ``evaluation.models.Assessment`` (already saved, before any score is
  entered) and returns ``{item_id: (score, note)}``.
- Unknown item ids, negative scores and scores above the item's points are ignored
  with a log warning rather than failing the start: a record-keeping gap elsewhere
  must not block an assessment.
- ``evaluation.services.assessment_start`` calls every function registered for the
  standard's code, in registration order; a later function's value for an item wins.
  The score becomes the item's *self score* and the note is shown next to it as its
  basis (预填依据); the member or village admin can still change the self score.
- Register in the owning app's ``apps.py`` ``ready()`` or a module it imports
  (e.g. ``practice/prefill.py`` imported from ``PracticeConfig.ready``).
"""

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Assessment

Prefill = Callable[["Assessment"], dict[int, tuple[Decimal, str]]]

PREFILLS: dict[str, list[Prefill]] = {}


def register_prefill(standard_code: str) -> Callable[[Prefill], Prefill]:
    """Register ``func`` to pre-fill the items of assessments against ``standard_code``."""

    def decorator(func: Prefill) -> Prefill:
        PREFILLS.setdefault(standard_code, []).append(func)
        return func

    return decorator


def unregister_prefill(standard_code: str, func: Prefill) -> None:
    """Remove a registered function (tests use this to clean up)."""
    if func in PREFILLS.get(standard_code, []):
        PREFILLS[standard_code].remove(func)


def prefill_values(assessment: "Assessment") -> dict[int, tuple[Decimal, str]]:
    """Return the merged pre-fill of every function registered for the assessment's standard."""
    merged: dict[int, tuple[Decimal, str]] = {}
    for func in PREFILLS.get(assessment.standard.code, []):
        merged.update(func(assessment))
    return merged
