"""The four kinds of sub-record, described once: the form, the page, the export sheet and the import read them.

Each kind names its model, the fields a user fills in (in the national form's order), the
natural key the import matches an existing row on (besides the member), its dates (none may
lie in the future) and its span (an end not before its start).
"""

from dataclasses import dataclass, field

from django.db.models import Model, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import (
    Difficulty,
    DifficultyKind,
    FamilyMember,
    PoliticalStatus,
    PostHeld,
    Relation,
    RewardPunishment,
    Sanction,
)


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[Model]
    fields: tuple[str, ...]
    key: tuple[str, ...]
    dates: tuple[str, ...] = ()
    span: tuple[str, str] | None = None
    texts: tuple[str, ...] = ()  # free text that lands in spreadsheets: never a formula
    title: str | Promise = ""
    choices: dict[str, type[TextChoices]] = field(default_factory=dict)


POSTS = Kind(
    "posts",
    PostHeld,
    ("title", "organization", "start", "end"),
    key=("title", "start"),
    dates=("start", "end"),
    span=("start", "end"),
    texts=("title", "organization"),
    title=_("职务"),
)
SANCTIONS = Kind(
    "sanctions",
    RewardPunishment,
    ("kind", "name", "granted_by", "on", "document_number"),
    key=("kind", "name", "on"),
    dates=("on",),
    texts=("name", "granted_by", "document_number"),
    title=_("奖惩"),
    choices={"kind": Sanction},
)
FAMILY = Kind(
    "family",
    FamilyMember,
    ("relation", "name", "employer", "political_status", "phone"),
    key=("relation", "name"),
    texts=("name", "employer"),
    title=_("家庭成员"),
    choices={"relation": Relation, "political_status": PoliticalStatus},
)
DIFFICULTIES = Kind(
    "difficulties",
    Difficulty,
    ("kind", "description", "since", "help_given"),
    key=("kind", "since"),
    dates=("since",),
    texts=("description", "help_given"),
    title=_("困难情况"),
    choices={"kind": DifficultyKind},
)

KINDS: dict[str, Kind] = {k.slug: k for k in (POSTS, SANCTIONS, FAMILY, DIFFICULTIES)}


def verbose(kind: Kind, name: str) -> str | Promise:
    return kind.model._meta.get_field(name).verbose_name  # type: ignore[union-attr]
