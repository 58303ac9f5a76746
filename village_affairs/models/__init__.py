"""A3 Open village affairs (村务公开、民主管理): 四议两公开 decisions, disclosures, the ledger,
accountability cases, rewards and penalties, and villagers' feedback.

Published means immutable: published disclosures, published decision steps (5 and 6) and
ledger entries dated in a published month refuse change three times over — in the
services (a translated message), in ``save()``/``delete()`` here (so the Django admin
refuses too) and in database triggers (migration 0002), which also stop
``QuerySet.update()``/``delete()`` and raw SQL.
"""

from common.models import PublishedImmutableError

from .accountability import (
    AccountabilityCase,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
    Feedback,
    ReviewComment,
    RewardPenalty,
    RewardPenaltyKind,
)
from .base import (
    MONEY,
    VILLAGE,
    YEAR_VALIDATORS,
)
from .decisions import (
    MEETING_STEPS,
    PUBLISHED_STEPS,
    AttendanceBasis,
    Decision,
    DecisionStep,
    ResolvingBody,
    Step,
)
from .disclosures import (
    INCOME_CATEGORIES,
    Category,
    Direction,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    LedgerEntry,
    PeriodKind,
    PublishedMonth,
    category_error,
    default_title,
    month_is_frozen,
    period_number_error,
    voucher_taken_error,
)

__all__ = [
    "AccountabilityCase",
    "AttendanceBasis",
    "CaseEvent",
    "CaseEventKind",
    "CaseOutcome",
    "CaseStatus",
    "Category",
    "Decision",
    "DecisionStep",
    "Direction",
    "Disclosure",
    "DisclosureKind",
    "DisclosureStatus",
    "Feedback",
    "INCOME_CATEGORIES",
    "LedgerEntry",
    "MEETING_STEPS",
    "MONEY",
    "PUBLISHED_STEPS",
    "PeriodKind",
    "PublishedImmutableError",
    "PublishedMonth",
    "ResolvingBody",
    "ReviewComment",
    "RewardPenalty",
    "RewardPenaltyKind",
    "Step",
    "VILLAGE",
    "YEAR_VALIDATORS",
    "category_error",
    "default_title",
    "month_is_frozen",
    "period_number_error",
    "voucher_taken_error",
]
