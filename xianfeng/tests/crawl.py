"""What the crawl test fills each URL pattern with, and how it reads a response for personal data.

``FILLERS`` maps every URL name that takes parameters to a function of the world
(``crawl_world.World``) returning its ``Target``s: the keyword arguments of one concrete
URL and where its record lies (the division code of its organization, the person or unit
it is someone's own record of). ``patterns()`` walks ``get_resolver()``; a named pattern
with parameters and no filler, or a filler whose pattern is gone, fails the test, so a new
URL cannot be skipped in silence.
"""

import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from accounts.models import RoleAssignment
from common.scope import Right, Scope, code_at
from evaluation.models import Assessment, Evidence, Standard
from exchange.importers import IMPORTERS
from exchange.models import ImportJob
from leadership.models import GroupMember, LeadershipGroup
from learning.models import ServiceTeam, Training
from membership.models import Away, Recruit, Transfer
from organizations.models import Organization, OrganizationKind, OutsideUnit
from pairing.models import Pairing, Posting
from people.models import Appointment, Cadre, Household, PartyMembership, Person
from points.models import PointEntry
from practice.models import Commitment, HouseholdAid, MutualAidGroup, PostClaim, PracticePost, VolunteerEntry
from service_platform.models import Facility, MicroLoan, SupportedProject
from supervision.models import ContactPoint, DemonstrationSite, FollowUpAction, ModelMember, Review
from village_affairs.models import AccountabilityCase, Decision, DecisionStep, Disclosure, Feedback, LedgerEntry

from .crawl_world import DAY, OTHER, TOWNSHIP_A, World

# Django's own admin (superusers only, every model) is left to Django; the crawl covers the application's pages.
SKIPPED_NAMESPACES = ("admin",)
# Answer anyone, signed in or not.
PUBLIC = {
    "portal:village_list",
    "portal:village",
    "portal:qr",
    "portal:poster",
    "portal:feedback",
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",
    "set_language",
    "favicon",  # the site icon, a redirect to its static file for everyone
    "api:schema",  # the API's description and its documentation page
    "api:docs",
    "api:not_found",  # the API's JSON 404 for a path that names no endpoint
}
# The API's endpoints (api/urls.py): anonymous callers get 401, not the login page.
API_PAGES = {"api:tokens", "api:token_revoke"}  # the token page and its revocation are pages


def is_api_endpoint(name: str) -> bool:
    return name.startswith("api:") and name not in API_PAGES and name not in PUBLIC


@dataclass(frozen=True)
class Target:
    """One concrete URL of a pattern, and whose record it shows."""

    kwargs: dict[str, Any]
    code: str | None = None  # the division code of the record's organization; None: not kept by place
    person_ids: frozenset[int] = frozenset()  # the record is these people's own (a member's claim, a leader's point)
    unit_id: int | None = None  # the record is this unit's own (a partner's pairing)
    visible: Callable[[Scope], bool] | None = None  # who may open it, when place does not decide
    label: str = ""

    def in_scope(self, scope: Scope) -> bool:
        if self.visible is not None:
            return self.visible(scope)
        if self.code is None:
            return True
        if self.person_ids & scope.person_ids:
            return True
        if self.unit_id is not None and self.unit_id in scope.unit_ids:
            return True
        return scope.can_see_code(self.code)


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    params: tuple[str, ...]


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            yield Pattern(name, prefix + str(p.pattern), tuple(p.pattern.converters))


def patterns() -> list[Pattern]:
    """Every pattern of the URLconf outside Django's admin; unnamed ones fail (they cannot be filled)."""
    found = []
    for p in _walk(get_resolver().url_patterns):
        if p.route.startswith("admin/") or p.name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        assert p.name, f"URL pattern {p.route!r} has no name: the crawl cannot fill it"
        found.append(p)
    return found


# -- picking records of each area -------------------------------------------------------


def _areas(world: World) -> list[str]:
    return list(world.areas.values())


def per_area(
    world: World,
    queryset: QuerySet,
    path: str,
    make: Callable[[Any], dict[str, Any]] = lambda o: {"pk": o.pk},
    own: Callable[[Any], object] = lambda o: None,
    unit: Callable[[Any], int | None] = lambda o: None,
) -> list[Target]:
    """The first record of each area (village A1, else township A; township B; the other county)."""
    targets = []
    lookup = f"{path}__code__startswith" if path else "code__startswith"
    for code in _areas(world):
        obj = queryset.filter(**{lookup: code}).order_by("pk").first()
        if obj is None and code.startswith(TOWNSHIP_A):
            obj = queryset.filter(**{lookup: TOWNSHIP_A}).order_by("pk").first()
        if obj is not None:
            targets.append(
                Target(
                    make(obj), code=code_at(obj, path), person_ids=_ids(own(obj)), unit_id=unit(obj), label=str(obj.pk)
                )
            )
    return targets


def _ids(value: object) -> frozenset[int]:
    if value is None:
        return frozenset()
    return frozenset(value) if isinstance(value, (set, frozenset, list, tuple)) else frozenset({value})  # type: ignore[arg-type]


def _code(org: Organization | None) -> str:
    assert org is not None
    return org.code


def _history_kwargs(app: str, model: str) -> Callable[[Any], dict[str, Any]]:
    return lambda o: {"app_label": app, "model_name": model, "pk": o.pk}


def _comment_kwargs(target: str) -> Callable[[Any], dict[str, Any]]:
    return lambda o: {"code": o.village.code, "target": target, "pk": o.pk}


def _county_admin_over(code: str) -> Callable[[Any], bool]:
    return lambda s: s.is_county_admin and s.can_see_code(code)


def _owned_by(user_pk: int) -> Callable[[Any], bool]:
    return lambda s: s.user_id == user_pk


def _people(world: World) -> list[Target]:
    return [
        Target({"pk": p.pk}, code=_code(p.home_village), person_ids=frozenset({p.pk}), label=what)
        for what, p in world.extra_people.items()
    ]


def _code_targets(world: World, kind: str) -> list[Target]:
    return per_area(world, Organization.objects.filter(kind=kind), "", lambda o: {"code": o.code})


def _history(world: World) -> list[Target]:
    models: list[tuple[str, str, QuerySet, str]] = [
        ("organizations", "organization", Organization.objects.all(), ""),
        ("organizations", "outsideunit", OutsideUnit.objects.all(), "home"),
        ("people", "person", Person.objects.filter(home_village__isnull=False), "home_village"),
        ("people", "partymembership", PartyMembership.objects.all(), "branch"),
        ("people", "household", Household.objects.all(), "village"),
        ("people", "appointment", Appointment.objects.all(), "organization"),
        ("people", "cadre", Cadre.objects.all(), "organization"),
    ]
    targets = []
    for app, model, qs, path in models:
        targets += per_area(world, qs, path, _history_kwargs(app, model))
    targets += [
        Target({"app_label": "people", "model_name": "person", "pk": t.kwargs["pk"]}, t.code, t.person_ids)
        for t in _people(world)
    ]
    for assignment in RoleAssignment.objects.filter(organization__isnull=False).select_related("organization"):
        targets.append(
            Target(
                {"app_label": "accounts", "model_name": "roleassignment", "pk": assignment.pk},
                visible=_county_admin_over(_code(assignment.organization)),
            )
        )
    return targets


def _village_affairs(world: World, queryset: QuerySet, extra: Callable[[Any], dict[str, Any]] | None = None):
    def make(o: Any) -> dict[str, Any]:
        return {"code": o.village.code, "pk": o.pk, **(extra(o) if extra else {})}

    return lambda w: per_area(w, queryset.select_related("village"), "village", make)


def _steps(world: World) -> list[Target]:
    qs = DecisionStep.objects.select_related("decision__village")
    return per_area(
        world,
        qs,
        "decision__village",
        lambda s: {"code": s.decision.village.code, "pk": s.decision_id, "step_pk": s.pk},
    )


def _comments(world: World) -> list[Target]:
    targets = []
    for target, qs in (("decision", Decision.objects.all()), ("disclosure", Disclosure.objects.all())):
        targets += per_area(
            world,
            qs.select_related("village"),
            "village",
            _comment_kwargs(target),
        )
    return targets


def _ledger_months(world: World) -> list[Target]:
    return per_area(
        world,
        LedgerEntry.objects.select_related("village"),
        "village",
        lambda e: {"code": e.village.code, "year": e.date.year, "month": e.date.month},
    )


def _township_months(world: World) -> list[Target]:
    return per_area(
        world,
        Organization.objects.filter(kind=OrganizationKind.TOWNSHIP),
        "",
        lambda o: {"code": o.code, "year": DAY.year, "month": DAY.month},
    )


def _group_members(world: World) -> list[Target]:
    return per_area(
        world,
        GroupMember.objects.select_related("group__township"),
        "group__township",
        lambda m: {"code": m.group.township.code, "pk": m.pk},
    )


def _leadership(world: World) -> list[Target]:
    return per_area(
        world, LeadershipGroup.objects.select_related("township"), "township", lambda g: {"code": g.township.code}
    )


def _standards(world: World) -> list[Target]:
    return per_area(world, Standard.objects.select_related("county"), "county")


def _own_member(path: str = "member_id") -> Callable[[Any], int | None]:
    return lambda o: getattr(o, path)


def _pairings(world: World) -> list[Target]:
    targets = per_area(world, Pairing.objects.all(), "village", unit=lambda p: p.unit_id)
    own = world.own_pairing
    assert own is not None
    targets.append(Target({"pk": own.pk}, code=own.village.code, unit_id=own.unit_id, label="own pairing"))
    return targets


def _contact_points(world: World) -> list[Target]:
    targets = per_area(world, ContactPoint.objects.all(), "target", own=lambda p: p.leader_id)
    own = world.own_contact_point
    assert own is not None
    targets.append(
        Target({"pk": own.pk}, code=own.target.code, person_ids=frozenset({own.leader_id}), label="own contact point")
    )
    return targets


def _reviews(world: World) -> list[Target]:
    return per_area(
        world,
        Review.objects.select_related("contact_point"),
        "contact_point__target",
        own=lambda r: r.contact_point.leader_id,
    )


def _actions(world: World) -> list[Target]:
    return per_area(
        world,
        FollowUpAction.objects.select_related("review__contact_point"),
        "review__contact_point__target",
        own=lambda a: a.review.contact_point.leader_id,
    )


def _users(world: World) -> list[Target]:
    def holder(right: str) -> Callable[[Scope], bool]:
        return lambda s: s.holds(right)

    pk = world.users["village_admin"].pk  # type: ignore[attr-defined]
    return [
        Target({"pk": pk}, visible=holder(Right.MANAGE_USERS)),
        Target({"pk": pk}, visible=holder(Right.MANAGE_SECURITY)),
    ]


def _devices(world: World) -> list[Target]:
    owner = world.users["county_admin"]
    device = TOTPDevice.objects.filter(user=owner).first()
    assert device is not None
    return [Target({"pk": device.pk}, visible=_owned_by(owner.pk))]


def _notifications(world: World) -> list[Target]:
    """A reminder of the county admin's: only they may open or mark it."""
    from notifications.models import Notification, Stage

    owner = world.users["county_admin"]
    notification = Notification.objects.filter(user=owner).first() or Notification.objects.create(
        user=owner, kind="crawl", stage=Stage.DUE_SOON, title="待办", url="/", dedup_key="crawl"
    )
    return [Target({"pk": notification.pk}, visible=_owned_by(owner.pk))]


def _jobs(world: World) -> list[Target]:
    owner = world.users["village_admin"]
    job = ImportJob.objects.get(user=owner)
    return [Target({"pk": job.pk}, visible=_owned_by(owner.pk))]


def _report_jobs(world: World) -> list[Target]:
    """The county admin's report job: only they may open it, its progress and its file."""
    from reports.models import ReportJob

    owner = world.users["county_admin"]
    job = ReportJob.objects.get(user=owner)
    return [Target({"pk": job.pk}, visible=_owned_by(owner.pk))]


def _kinds(world: World) -> list[Target]:
    return [Target({"kind": k}, visible=lambda s: s.is_admin) for k in IMPORTERS]


def _with_action(fill: Callable[[World], list[Target]], actions: list[str]) -> Callable[[World], list[Target]]:
    def filled(world: World) -> list[Target]:
        return [
            Target({**t.kwargs, "action": a}, t.code, t.person_ids, t.unit_id, t.visible, t.label)
            for t in fill(world)
            for a in actions
        ]

    return filled


def _qs(
    queryset: QuerySet,
    path: str,
    own: Callable[[Any], object] = lambda o: None,
    make: Callable[[Any], dict[str, Any]] = lambda o: {"pk": o.pk},
):
    return lambda w: per_area(w, queryset, path, make=make, own=own)


def _branch_members(post: PracticePost) -> set[int]:
    """A member sees the posts of their own branch, to claim them (practice.selectors.posts_visible_to)."""
    return set(PartyMembership.objects.filter(branch_id=post.village_id).values_list("person_id", flat=True))


def _persons_record(world: World) -> list[Target]:
    return [t for t in _people(world) if "member" in t.label]


def _seen_from(codes: list[str]) -> Callable[[Scope], bool]:
    return lambda scope: any(scope.can_see_code(c) for c in codes)


def _transfers(world: World) -> list[Target]:
    """A transfer is the sending and the receiving branch's both (membership.selectors.transfers_visible)."""
    targets = []
    for t in per_area(world, Transfer.objects.filter(from_branch__isnull=False), "from_branch"):
        transfer = Transfer.objects.select_related("from_branch", "to_branch").get(pk=t.kwargs["pk"])
        codes = [b.code for b in (transfer.from_branch, transfer.to_branch) if b is not None]
        targets.append(Target(t.kwargs, t.code, visible=_seen_from(codes), label=t.label))
    return targets


def _dashboards(world: World) -> list[Target]:
    return per_area(
        world, Organization.objects.exclude(kind=OrganizationKind.PARTY_GROUP), "", lambda o: {"code": o.code}
    )


def _meetings() -> QuerySet:
    from branch_life.models import Meeting

    return Meeting.objects.all()


def _notices(world: World) -> list[Target]:
    """A notice of township A's: its managers and its recipients may open it (branch_life.selectors.notice_for)."""
    from branch_life.models import Notice, NoticeReceipt

    def opens(code: str, readers: set[int]) -> Callable[[Scope], bool]:
        return lambda s: s.may(Right.MANAGE, code=code) or s.user_id in readers

    targets = []
    for notice in Notice.objects.select_related("origin").order_by("pk"):
        readers = set(NoticeReceipt.objects.filter(notice=notice).values_list("user_id", flat=True))
        targets.append(Target({"pk": notice.pk}, visible=opens(notice.origin.code, readers), label=str(notice.pk)))
    return targets


def _statements(world: World) -> list[Target]:
    return per_area(
        world, PartyMembership.objects.all(), "branch", lambda m: {"pk": m.person_id}, own=lambda m: m.person_id
    )


def _member_posts(world: World) -> list[Target]:
    """A post held by each area's member (crawl_world._member_records): for those who keep the member's branch."""
    from member_records.models import PostHeld

    return per_area(
        world,
        PostHeld.objects.all(),
        "person__membership__branch",
        lambda p: {"pk": p.person_id, "kind": "posts", "item": p.pk},
    )


def _api_tokens(world: World) -> list[Target]:
    """A token of the county admin's: only they may revoke it."""
    from api.tokens import token_create

    owner = world.users["county_admin"]
    token, _secret = token_create(user=owner, name="crawl")
    return [Target({"pk": token.pk}, visible=_owned_by(owner.pk))]


def _pk_only(fill: Callable[[World], list[Target]]) -> Callable[[World], list[Target]]:
    """The same records, addressed by ``pk`` alone (the API's URLs carry no village code)."""

    def filled(world: World) -> list[Target]:
        return [
            Target({"pk": t.kwargs["pk"]}, t.code, t.person_ids, t.unit_id, t.visible, t.label) for t in fill(world)
        ]

    return filled


API_FILLERS: dict[str, Callable[[World], list[Target]]] = {
    "api:organization_detail": lambda w: (
        _code_targets(w, OrganizationKind.VILLAGE) + _code_targets(w, OrganizationKind.TOWNSHIP)
    ),
    "api:person_detail": _people,
    "api:person_membership": _people,
    "api:assessment_detail": _qs(Assessment.objects.all(), "organization", own=lambda a: a.person_id),
    "api:assessment_submit": _qs(Assessment.objects.all(), "organization", own=lambda a: a.person_id),
    "api:assessment_review": _qs(Assessment.objects.all(), "organization", own=lambda a: a.person_id),
    "api:assessment_approve": _qs(Assessment.objects.all(), "organization", own=lambda a: a.person_id),
    "api:disclosure_detail": _pk_only(lambda w: _village_affairs(w, Disclosure.objects.all())(w)),
    "api:disclosure_publish": _pk_only(lambda w: _village_affairs(w, Disclosure.objects.all())(w)),
    "api:disclosure_correct": _pk_only(lambda w: _village_affairs(w, Disclosure.objects.all())(w)),
    "api:decision_detail": _pk_only(lambda w: _village_affairs(w, Decision.objects.all())(w)),
    "api:decision_steps": _pk_only(lambda w: _village_affairs(w, Decision.objects.all())(w)),
    "api:decision_step_withdraw": lambda w: per_area(
        w,
        DecisionStep.objects.select_related("decision__village"),
        "decision__village",
        lambda s: {"pk": s.decision_id, "number": s.number},
    ),
    "api:case_detail": _qs(AccountabilityCase.objects.all(), "village"),
    "api:case_decide": _qs(AccountabilityCase.objects.all(), "village"),
    "api:contact_point_detail": _contact_points,
    "api:contact_point_reviews": _contact_points,
    "api:post_detail": _qs(PracticePost.objects.all(), "village", own=_branch_members),
    "api:post_claims": _qs(PracticePost.objects.all(), "village", own=_branch_members),
    "api:claim_assign": _qs(PostClaim.objects.all(), "post__village", own=_own_member()),
    "api:claim_decline": _qs(PostClaim.objects.all(), "post__village", own=_own_member()),
    "api:commitment_detail": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "api:commitment_reports": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "api:commitment_ratings": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "api:volunteer_confirm": _qs(VolunteerEntry.objects.all(), "village", own=_own_member()),
    "api:volunteer_reject": _qs(VolunteerEntry.objects.all(), "village", own=_own_member()),
    "api:aid_detail": _qs(HouseholdAid.objects.all(), "village", own=_own_member()),
    "api:aid_visits": _qs(HouseholdAid.objects.all(), "village", own=_own_member()),
    "api:meeting_detail": lambda w: per_area(w, _meetings(), "branch"),
    "api:notice_detail": _notices,
    "api:notice_read": _notices,
    "api:recruit_detail": _qs(Recruit.objects.all(), "branch"),
    "api:recruit_steps": _qs(Recruit.objects.all(), "branch"),
    "api:transfer_detail": _transfers,
    "api:transfer_receipt": _transfers,
    "api:leadership_group_detail": _leadership,
    "api:leadership_members": _leadership,
    "api:leadership_member_end": _group_members,
    "api:leadership_log": _leadership,
    "api:pairing_detail": _pairings,
    "api:pairing_end": _pairings,
    "api:pairing_contributions": _pairings,
    "api:pairing_activities": _pairings,
    "api:pairing_outcomes": _pairings,
    "api:posting_detail": _qs(Posting.objects.all(), "village"),
    "api:posting_contributions": _qs(Posting.objects.all(), "village"),
    "api:training_detail": _qs(Training.objects.all(), "organization"),
    "api:training_attendances": _qs(Training.objects.all(), "organization"),
    "api:service_team_detail": _qs(ServiceTeam.objects.filter(organization__isnull=False), "organization"),
    "api:supermarket_detail": _qs(Facility.objects.filter(kind="love_supermarket"), "organization"),
    "api:supermarket_redemptions": _qs(Facility.objects.filter(kind="love_supermarket"), "organization"),
    "api:supermarket_stock": _qs(Facility.objects.filter(kind="love_supermarket"), "organization"),
    "api:redemption_reverse": _qs(
        PointEntry.objects.filter(kind="redeemed"),
        "item__supermarket__organization",
        make=lambda e: {"pk": e.item.supermarket_id, "entry": e.pk},
    ),
    "api:away_detail": _qs(Away.objects.all(), "membership__branch"),
    "api:membership_end": _qs(PartyMembership.objects.all(), "branch", make=lambda m: {"pk": m.person_id}),
    "api:away_action": _qs(Away.objects.all(), "membership__branch"),
    "api:county_settings": lambda w: [
        Target({"code": c.code}, code=c.code, label=c.code) for c in Organization.objects.filter(kind="county")
    ],
    "api:facility_detail": _qs(Facility.objects.all(), "organization"),
    "api:project_detail": _qs(SupportedProject.objects.all(), "organization"),
    "api:loan_detail": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "api:loan_approve": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "api:loan_refuse": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "api:loan_repaid": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "api:ledger_entry_detail": _qs(LedgerEntry.objects.all(), "village"),
    "api:ledger_entry_reverse": _qs(LedgerEntry.objects.all(), "village"),
    "api:ledger_statement": _ledger_months,
    "api:decision_comments": _qs(Decision.objects.all(), "village"),
    "api:disclosure_comments": _qs(Disclosure.objects.all(), "village"),
    "api:feedback_detail": _qs(Feedback.objects.all(), "village"),
    "api:feedback_answer": _qs(Feedback.objects.all(), "village"),
    "api:token_revoke": _api_tokens,
    "api:not_found": lambda w: [Target({"rest": "v1/no-such-endpoint/"})],
}

FILLERS: dict[str, Callable[[World], list[Target]]] = {
    **API_FILLERS,
    "branch_life:meeting_detail": lambda w: per_area(w, _meetings(), "branch"),
    "branch_life:statement": _statements,
    "branch_life:notice_detail": _notices,
    # The QR code: for those who see the meeting. The sign-in page it opens answers every signed-in user
    # (a refusal that says why, naming no more than the branch); only a member of the branch on the day signs in.
    "member_page:meeting_qr": lambda w: per_area(w, _meetings(), "branch"),
    "member_page:sign_in": lambda w: [
        Target({"pk": t.kwargs["pk"]}, visible=lambda s: True, label=t.label)
        for t in per_area(w, _meetings(), "branch")
    ],
    "member_records:record": _statements,
    "member_records:item_add": lambda w: per_area(
        w, PartyMembership.objects.all(), "branch", lambda m: {"pk": m.person_id, "kind": "family"}
    ),
    "member_records:item_edit": _member_posts,
    "member_records:item_delete": _member_posts,
    "points:supermarket": _qs(Facility.objects.filter(kind="love_supermarket"), "organization"),
    "history": _history,
    "accounts:device_remove": _devices,
    "accounts:user_detail": lambda w: _users(w)[:1],
    "accounts:security_user": lambda w: _users(w)[1:],
    "organizations:detail": lambda w: (
        _code_targets(w, OrganizationKind.VILLAGE) + _code_targets(w, OrganizationKind.TOWNSHIP)
    ),
    "organizations:child_create": lambda w: _code_targets(w, OrganizationKind.TOWNSHIP),
    "organizations:edit": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "people:person_detail": _people,
    "people:person_edit": _people,
    "people:person_data_export": _people,
    "people:household_edit": _people,
    "exchange:template": _kinds,
    "exchange:job": _jobs,
    "notifications:read": _notifications,
    "exchange:job_progress": _jobs,
    "exchange:job_preview": _jobs,
    "exchange:job_commit": _jobs,
    "exchange:job_errors": _jobs,
    "reports:report_job": _report_jobs,
    "reports:report_job_progress": _report_jobs,
    "reports:report_job_file": _report_jobs,
    "leadership:detail": _leadership,
    "leadership:create": lambda w: _code_targets(w, OrganizationKind.TOWNSHIP),
    "leadership:member_add": _leadership,
    "leadership:member_end": _group_members,
    "leadership:log_add": _leadership,
    "evaluation:standard_detail": _standards,
    "evaluation:standard_action": _with_action(_standards, ["activate"]),
    "evaluation:assessment_detail": _qs(Assessment.objects.all(), "organization", own=lambda a: a.person_id),
    "evaluation:evidence_download": _qs(Evidence.objects.all(), "assessment__organization"),
    "membership:recruit_detail": _qs(Recruit.objects.all(), "branch"),
    "membership:transfer_letter": _transfers,
    "membership:away_detail": _qs(Away.objects.all(), "membership__branch"),
    "membership:membership_end": _qs(PartyMembership.objects.all(), "branch", make=lambda m: {"pk": m.person_id}),
    "supervision:site_delete": _qs(DemonstrationSite.objects.all(), "organization"),
    "supervision:model_delete": _qs(ModelMember.objects.all(), "organization"),
    "supervision:contact_point_detail": _contact_points,
    "supervision:review_create": _contact_points,
    "supervision:action_create": _reviews,
    "supervision:action_complete": _actions,
    "pairing:detail": _pairings,
    "pairing:end": _pairings,
    "pairing:contribution_add": _pairings,
    "pairing:activity_add": _pairings,
    "pairing:outcome_add": _pairings,
    "pairing:posting_detail": _qs(Posting.objects.all(), "village"),
    "pairing:posting_contribution_add": _qs(Posting.objects.all(), "village"),
    "village_affairs:case": _qs(AccountabilityCase.objects.all(), "village"),
    "village_affairs:township_monthly": _township_months,
    "village_affairs:village": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "village_affairs:decision_create": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "village_affairs:decision": lambda w: _village_affairs(w, Decision.objects.all())(w),
    "village_affairs:step_withdraw": _steps,
    "village_affairs:implementation": lambda w: _village_affairs(w, Decision.objects.all())(w),
    "village_affairs:comment": _comments,
    "village_affairs:disclosure_create": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "village_affairs:disclosure": lambda w: _village_affairs(w, Disclosure.objects.all())(w),
    "village_affairs:disclosure_publish": lambda w: _village_affairs(w, Disclosure.objects.all())(w),
    "village_affairs:disclosure_delete": lambda w: _village_affairs(w, Disclosure.objects.all())(w),
    "village_affairs:disclosure_correct": lambda w: _village_affairs(w, Disclosure.objects.all())(w),
    "village_affairs:ledger_current": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "village_affairs:ledger": _ledger_months,
    "village_affairs:entry_edit": lambda w: _village_affairs(w, LedgerEntry.objects.all())(w),
    "village_affairs:entry_delete": lambda w: _village_affairs(w, LedgerEntry.objects.all())(w),
    "village_affairs:entry_reverse": lambda w: _village_affairs(w, LedgerEntry.objects.all())(w),
    "village_affairs:feedback": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "village_affairs:feedback_answer": lambda w: _village_affairs(w, Feedback.objects.all())(w),
    "learning:training_detail": _qs(Training.objects.all(), "organization"),
    "learning:attendance_add": _qs(Training.objects.all(), "organization"),
    "learning:team_detail": _qs(ServiceTeam.objects.filter(organization__isnull=False), "organization"),
    "learning:member_record": _persons_record,
    "service_platform:facility_edit": _qs(Facility.objects.all(), "organization"),
    "service_platform:loan_detail": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "service_platform:loan_step": _qs(MicroLoan.objects.all(), "village", own=lambda o: o.applicant_id),
    "practice:post_detail": _qs(PracticePost.objects.all(), "village", own=_branch_members),
    "practice:post_claim": _qs(PracticePost.objects.all(), "village", own=_branch_members),
    "practice:post_nominate": _qs(PracticePost.objects.all(), "village", own=_branch_members),
    "practice:claim_review": _qs(PostClaim.objects.all(), "post__village", own=_own_member()),
    "practice:claim_rate": _qs(PostClaim.objects.all(), "post__village", own=_own_member()),
    "practice:claim_decide": _with_action(_qs(PostClaim.objects.all(), "post__village", own=_own_member()), ["assign"]),
    "practice:commitment_detail": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "practice:commitment_report": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "practice:commitment_rate": _qs(Commitment.objects.all(), "village", own=_own_member()),
    "practice:volunteer_decide": _with_action(
        _qs(VolunteerEntry.objects.all(), "village", own=_own_member()), ["confirm"]
    ),
    "practice:aid_detail": _qs(HouseholdAid.objects.all(), "village", own=_own_member()),
    "practice:aid_visit": _qs(HouseholdAid.objects.all(), "village", own=_own_member()),
    "practice:group_detail": _qs(MutualAidGroup.objects.all(), "village"),
    "practice:record": _persons_record,
    "reports:dashboard": _dashboards,
    "portal:village": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "portal:qr": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "portal:poster": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
    "portal:feedback": lambda w: _code_targets(w, OrganizationKind.VILLAGE),
}

# Pages about one person: the whole page is read together (a name in the heading, the birth date below).
PERSON_PAGES = {
    "people:person_detail",
    "people:person_edit",
    "people:household_edit",
    "people:person_data_export",
    "learning:member_record",
    "practice:record",
    "practice:my_record",
    "learning:my_record",
    "branch_life:statement",
    "member_records:record",
    "accounts:my_account",
    "history",
}

# Filter values that list pages take: each list is read once more for another area (``?org=``).
LIST_QUERIES = {
    "people:person_list": "org",
    "people:member_list": "org",
    "people:household_list": "org",
}


# -- reading a response -----------------------------------------------------------------

ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
DATE_RES = [
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), (1, 2, 3)),
]
EN_DATE_RE = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b")
MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}


def body_text(response: Any) -> str:
    """The text of a response: HTML as is, an xlsx's cells, a docx's paragraphs, a PDF's text."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type or content[:2] == b"PK" and b"xl/" in content[:2000]:
        workbook = load_workbook(BytesIO(content), read_only=True)
        cells = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells.append("\t".join(_cell(v) for v in row))
        return "\n".join(cells)
    if "wordprocessingml" in content_type:
        import docx

        document = docx.Document(BytesIO(content))
        return "\n".join(p.text for p in document.paragraphs) + "\n".join(
            c.text for t in document.tables for r in t.rows for c in r.cells
        )
    if "pdf" in content_type:
        pdf = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603, S607
        return pdf.stdout.decode()
    return content.decode("utf-8", errors="replace")


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def dates_in(text: str) -> set[dt.date]:
    found = set()
    for regex, _groups in DATE_RES:
        for m in regex.finditer(text):
            try:
                found.add(dt.date(int(m[1]), int(m[2]), int(m[3])))
            except ValueError:
                continue
    for m in EN_DATE_RE.finditer(text):
        month = MONTHS.get(m[1][:3])
        if month:
            try:
                found.add(dt.date(int(m[3]), month, int(m[2])))
            except ValueError:
                continue
    return found


@dataclass
class Secrets:
    """Every person's ID number, phone and birth date, to look up what a page printed."""

    by_id: dict[str, Person] = field(default_factory=dict)
    by_phone: dict[str, list[Person]] = field(default_factory=dict)
    by_birth: dict[dt.date, list[Person]] = field(default_factory=dict)
    place: dict[int, str | None] = field(default_factory=dict)


def load_secrets() -> Secrets:
    s = Secrets()
    people = Person.objects.select_related("home_village", "membership__branch")
    for p in people:
        code = (
            p.home_village.code
            if p.home_village is not None
            else (p.membership.branch.code if hasattr(p, "membership") else None)
        )
        s.place[p.pk] = code
        if p.id_number:
            s.by_id[p.id_number.upper()] = p
        if p.phone:
            s.by_phone.setdefault(p.phone, []).append(p)
        if p.birth_date:
            s.by_birth.setdefault(p.birth_date, []).append(p)
    return s


def rows_of(text: str, content_type: str) -> list[str]:
    """What an attacker reads together: a table row of a page, a row of a workbook (a line of the text)."""
    if "text/html" in content_type:
        return text.split("<tr")[1:]
    return text.split("\n")


def leaks(text: str, rows: list[str], scope: Scope, secrets: Secrets) -> list[str]:
    """What ``text`` shows of people ``scope`` may not see unmasked: full ID numbers, phones, named birth dates.

    A value counts only when every person it belongs to is masked to the viewer (two people may
    share a phone, or a name and a birth date); a birth date only beside the person's name in
    one of ``rows``.
    """
    found = []

    def masked(p: Person) -> bool:
        return not scope.sees_unmasked(p.pk, secrets.place[p.pk])

    for number in sorted(set(ID_RE.findall(text))):
        p = secrets.by_id.get(number.upper())
        if p is not None and masked(p):
            found.append(f"ID number of {p.name} ({p.pk})")
    for phone in sorted(set(PHONE_RE.findall(text))):
        owners = secrets.by_phone.get(phone, [])
        if owners and all(masked(p) for p in owners):
            found.append(f"phone of {owners[0].name} ({owners[0].pk})")
    for row in rows:
        for day in sorted(dates_in(row)):
            named = [p for p in secrets.by_birth.get(day, []) if p.name in row]
            if named and all(masked(p) for p in named):
                found.append(f"birth date {day} beside the name of {named[0].name} ({named[0].pk})")
    return sorted(set(found))


def model_label(obj: Model) -> str:
    return f"{obj._meta.label}:{obj.pk}"


__all__ = [
    "FILLERS",
    "LIST_QUERIES",
    "OTHER",
    "PERSON_PAGES",
    "PUBLIC",
    "Target",
    "body_text",
    "leaks",
    "load_secrets",
    "patterns",
    "rows_of",
]
