"""The signed-in home page and the change history of one record (F-AUDIT)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Model, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from common.division_codes import UPPER_KINDS
from common.http import AuthedRequest
from common.scope import Scope
from organizations.models import Organization, OrganizationKind
from organizations.selectors import top_units
from people.id_numbers import mask_id_number
from people.models import PartyMembership, Person
from people.phones import mask_phone
from people.selectors import birth_year_label, person_q, place_code

from .todo_views import todo_context


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on their own: the vendored icon among the static files."""
    return HttpResponsePermanentRedirect(static("xianfeng/favicon.ico"))


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    by_kind = dict(scope.filter(Organization.objects.all(), "").values_list("kind").annotate(n=Count("id")).order_by())
    members = PartyMembership.objects.filter(scope.org_q("branch") | Q(person_id__in=list(scope.person_ids)))
    roots = list(
        (Organization.objects.filter(code__in=scope.read_codes) if not scope.is_superuser else top_units()).order_by(
            "code"
        )
    )
    # A province or prefecture admin drills down from home: its prefectures and counties, one query.
    upper = [r.code for r in roots if r.kind in UPPER_KINDS]
    drill = (
        list(
            Organization.objects.filter(
                scope.org_q(codes=upper), kind__in=[OrganizationKind.PREFECTURE, OrganizationKind.COUNTY]
            ).order_by("code")
        )
        if upper and scope.is_admin
        else []
    )
    assignments = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("organization", "unit", "person")
        .order_by("role", "id")
    )
    stats = [
        *([(_("县"), by_kind.get(OrganizationKind.COUNTY, 0), "organizations:tree")] if upper else []),
        (_("乡镇"), by_kind.get(OrganizationKind.TOWNSHIP, 0), "organizations:tree"),
        (_("行政村"), by_kind.get(OrganizationKind.VILLAGE, 0), "organizations:tree"),
        (_("党小组"), by_kind.get(OrganizationKind.PARTY_GROUP, 0), "organizations:tree"),
        (_("党员"), members.count(), "people:member_list"),
    ]
    return render(
        request,
        "home.html",
        {
            "stats": stats,
            "roots": roots,
            "drill": drill,
            "upper": [r for r in roots if r.kind in UPPER_KINDS],
            "assignments": assignments,
            "scope": scope,
            **todo_context(request),
        },
    )


# -- history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Audited:
    """How to decide whether a record (live, or its last historical version) is in the viewer's scope."""

    model: str
    q: Callable[[Scope], Q]
    historical_q: Callable[[Scope], Q] | None = None
    county_admin_only: bool = False


def _person_historical_q(scope: Scope) -> Q:
    # A deleted person's history has no membership or cadre to join; its home village decides.
    return scope.org_q("home_village") | Q(id__in=list(scope.person_ids))


AUDITED = {
    ("organizations", "organization"): Audited("organizations.Organization", lambda s: s.org_q("")),
    ("organizations", "outsideunit"): Audited("organizations.OutsideUnit", lambda s: s.org_q("home")),
    ("people", "person"): Audited("people.Person", person_q, _person_historical_q),
    ("people", "partymembership"): Audited("people.PartyMembership", lambda s: s.org_q("branch")),
    ("people", "household"): Audited("people.Household", lambda s: s.org_q("village")),
    ("people", "appointment"): Audited("people.Appointment", lambda s: s.org_q("organization")),
    ("people", "cadre"): Audited("people.Cadre", lambda s: s.org_q("organization")),
    **{
        ("member_records", model): Audited(f"member_records.{model}", lambda s: s.org_q("person__membership__branch"))
        for model in ("postheld", "rewardpunishment", "familymember", "difficulty")
    },
    ("accounts", "roleassignment"): Audited(
        "accounts.RoleAssignment",
        lambda s: s.org_q("organization") | s.org_q("person__home_village"),
        county_admin_only=True,
    ),
}

HISTORY_LIMIT = 200
# Keyed hashes kept for lookups (common.fields.BlindIndexField): nothing for a reader.
HIDDEN_FIELDS = ["id_number_hash", "phone_hash"]
# What a masked viewer is shown of a person's changed values: the same as on the person's pages.
SENSITIVE_FIELDS: dict[str, Callable[[Any], str]] = {
    "id_number": lambda v: mask_id_number(v or ""),
    "phone": lambda v: mask_phone(v or ""),
    "birth_date": birth_year_label,
}


def _in_scope(scope: Scope, audited: Audited, pk: int) -> tuple[bool, Model | None]:
    """Return (visible, live object). A deleted record is judged by its last historical version."""
    model = apps.get_model(audited.model)
    live = model.objects.filter(audited.q(scope)).filter(pk=pk).first()
    if live is not None:
        return True, live
    if model.objects.filter(pk=pk).exists():
        return False, None
    historical = model.history.model.objects.filter(id=pk).order_by("-history_date", "-history_id").first()
    if historical is None:
        return False, None
    q = (audited.historical_q or audited.q)(scope)
    visible = model.history.model.objects.filter(q, history_id=historical.history_id).exists()
    return visible, None


def _masks_contact(scope: Scope, audited: Audited, pk: int, live: Model | None) -> bool:
    if audited.model == "member_records.familymember":
        # A family member's phone is the member's personal data: in full only where the member is.
        member = getattr(live, "person", None)
        return member is None or not scope.sees_unmasked(member.pk, place_code(member))
    if audited.model != "people.Person":
        return False
    return not scope.sees_unmasked(pk, place_code(cast(Person, live)) if live is not None else None)


@login_required
def history(request: AuthedRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    scope = request.scope
    audited = AUDITED.get((app_label, model_name))
    if audited is None or (audited.county_admin_only and not scope.is_county_admin):
        raise Http404
    visible, live = _in_scope(scope, audited, pk)
    if not visible:
        raise Http404
    model = apps.get_model(audited.model)
    records = list(
        model.history.filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: HISTORY_LIMIT + 1]
    )
    # Newest first; each change is compared with the record just before it (already fetched, no query per row).
    masks = _masks_contact(scope, audited, pk, live)
    entries = []
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            for change in record.diff_against(previous, excluded_fields=HIDDEN_FIELDS).changes:
                old, new = change.old, change.new
                if masks and change.field in SENSITIVE_FIELDS:
                    mask = SENSITIVE_FIELDS[change.field]
                    old, new = mask(old), mask(new)
                label = model._meta.get_field(change.field).verbose_name
                changes.append({"field": label, "old": old, "new": new})
        entries.append({"record": record, "changes": changes})
    return render(
        request,
        "history.html",
        {
            "entries": entries,
            "truncated": len(records) > HISTORY_LIMIT,
            "object": live or (records[0].instance if records else None),
            "verbose_name": model._meta.verbose_name,
        },
    )
