"""The pre-fill extension point: apps fill in assessment items from records they already hold (R-ONCE).

A member's Five-Lead assessment should start from the member's own practice record
(posts, commitments kept, volunteer hours, trainings attended, households helped), so
that nobody types the same fact twice. The apps that own those records register here;
``evaluation`` asks when it starts an assessment.

Contract
--------
Register in the owning app's ``prefill.py``::

    @prefill("practice.record", standard="five_lead")
    def from_practice_record(assessment):
        # assessment.person, assessment.period (start/end), assessment.standard
        # -> items of *this* standard version: assessment.standard.dimensions.items
        return {item_id: (Decimal("4.0"), "认领岗位2个，服务时长36小时"), ...}

- The function receives the assessment (already saved, before any score is entered)
  and returns ``{item_id: (score, note)}``.
- Unknown item ids, negative scores and scores above the item's points are ignored with
  a log warning rather than failing the start: a record-keeping gap elsewhere must not
  block an assessment.
- ``evaluation.services.assessment_start`` calls every function registered for the
  standard's code, in registration order; a later function's value for an item wins.
  The score becomes the item's *self score* and the note is shown next to it as its
  basis (预填依据); the member or village admin can still change the self score.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .registry import Registry

PrefillFn = Callable[[Any], dict[int, tuple[Decimal | None, str]]]  # (assessment) -> {item id: (score, note)}


@dataclass(frozen=True)
class Prefill:
    key: str
    standard: str  # the standard's code: "five_good" or "five_lead"
    fill: PrefillFn


PREFILLS: Registry[Prefill] = Registry("pre-fill")


def prefill(key: str, *, standard: str) -> Callable[[PrefillFn], PrefillFn]:
    """Register ``func`` to pre-fill the items of assessments against the standard coded ``standard``."""

    def decorator(func: PrefillFn) -> PrefillFn:
        PREFILLS.add(key, Prefill(key, standard, func))
        return func

    return decorator


def prefill_values(assessment: Any) -> dict[int, tuple[Decimal | None, str]]:
    """Return the merged pre-fill of every function registered for the assessment's standard."""
    merged: dict[int, tuple[Decimal | None, str]] = {}
    for entry in PREFILLS.values():
        if entry.standard == assessment.standard.code:
            merged.update(entry.fill(assessment))
    return merged
