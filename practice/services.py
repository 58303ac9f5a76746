"""Writes for P3 Practice. Pages, the scenario loader and importers call these (``bulk`` for volumes)."""

import datetime as dt
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common import clock
from common.checks import not_in_future
from common.services import clean_and_save
from organizations.models import Organization
from people.models import Household, PartyMembership, Person

from . import checks
from .membership import not_a_member_error
from .models import (
    AidVisit,
    ClaimEvent,
    ClaimEventKind,
    ClaimHow,
    ClaimStatus,
    Commitment,
    CommitmentRating,
    CommitmentReport,
    HouseholdAid,
    MutualAidGroup,
    MutualAidMember,
    PostClaim,
    PostReview,
    PracticePost,
    VolunteerEntry,
    VolunteerEvent,
    VolunteerEventKind,
    VolunteerStatus,
)

M = TypeVar("M", bound=Model)


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or clock.now()


def _branch(member: Person) -> Organization:
    """Return the member's branch village, or refuse a person who is not a party member."""
    membership = PartyMembership.objects.filter(person=member).select_related("branch").first()
    if membership is None:
        raise ValidationError({"member": not_a_member_error(member)})
    return membership.branch


def _not_in_future(day: dt.date, field: str, what: str) -> None:
    not_in_future(day, what=what, field=field)


# -- posts -------------------------------------------------------------------------


@transaction.atomic
def post_announce(
    *,
    village: Organization,
    kind: str,
    title: str,
    duties: str,
    year: int,
    announced_on: dt.date,
    capacity: int = 1,
) -> PracticePost:
    """The branch announces a post (设岗) with its duties (定责)."""
    return clean_and_save(
        PracticePost(
            village=village,
            kind=kind,
            title=title,
            duties=duties,
            year=year,
            announced_on=announced_on,
            capacity=capacity,
        )
    )


def _claim_event(claim: PostClaim, kind: str, actor, at: dt.datetime | None, note: str = "") -> ClaimEvent:
    return ClaimEvent.objects.create(claim=claim, kind=kind, actor=actor, at=_now(at), note=note[:200])


@transaction.atomic
def post_claim(
    *,
    post: PracticePost,
    member: Person,
    how: str = ClaimHow.APPLIED,
    actor=None,
    at: dt.datetime | None = None,
) -> PostClaim:
    """A member applies for a post, or the party group nominates them (认岗); refuse another village's post or a duplicate."""
    checks.not_claimed_yet(PostClaim.objects.filter(post=post, member=member).exists(), member.name)
    membership = PartyMembership.objects.filter(person=member).first()
    claim = PostClaim(
        post=post,
        member=member,
        how=how,
        party_group_id=membership.party_group_id if membership else None,
        status=ClaimStatus.APPLIED,
    )
    clean_and_save(claim)
    _claim_event(claim, ClaimEventKind.NOMINATED if how == ClaimHow.NOMINATED else ClaimEventKind.APPLIED, actor, at)
    return claim


def _locked_claim(claim: PostClaim) -> PostClaim:
    return (
        PostClaim.objects.select_for_update(of=("self",)).select_related("post", "member__membership").get(pk=claim.pk)
    )


@transaction.atomic
def claim_assign(*, claim: PostClaim, actor=None, at: dt.datetime | None = None, note: str = "") -> PostClaim:
    """The branch assigns the post (定岗); refuse a claim not applied, or a post already full."""
    claim = _locked_claim(claim)
    if claim.status != ClaimStatus.APPLIED:
        raise ValidationError(
            _("只能对待定岗的申请定岗（当前：%(status)s）。") % {"status": claim.get_status_display()},
            code="not_applied",
        )
    # Lock the post so two admins cannot both fill its last place.
    post = PracticePost.objects.select_for_update().get(pk=claim.post_id)
    taken = PostClaim.objects.filter(post=post, status=ClaimStatus.ASSIGNED).count()
    checks.post_not_full(taken, post.capacity, post.title)
    claim.status = ClaimStatus.ASSIGNED
    clean_and_save(claim)
    _claim_event(claim, ClaimEventKind.ASSIGNED, actor, at, note)
    return claim


@transaction.atomic
def claim_decline(*, claim: PostClaim, actor=None, at: dt.datetime | None = None, note: str = "") -> PostClaim:
    claim = _locked_claim(claim)
    if claim.status != ClaimStatus.APPLIED:
        raise ValidationError(
            _("只能对待定岗的申请作出决定（当前：%(status)s）。") % {"status": claim.get_status_display()},
            code="not_applied",
        )
    claim.status = ClaimStatus.DECLINED
    clean_and_save(claim)
    _claim_event(claim, ClaimEventKind.DECLINED, actor, at, note)
    return claim


@transaction.atomic
def claim_review(
    *,
    claim: PostClaim,
    half: str,
    date: dt.date,
    rating: str,
    comment: str = "",
    actor=None,
    at: dt.datetime | None = None,
) -> PostReview:
    """The branch's half-yearly review of a member on a post; one per half."""
    _not_in_future(date, "date", _("点评日期"))
    if PostReview.objects.filter(claim=claim, half=half).exists():
        raise ValidationError({"half": ValidationError(_("该半年已点评过。"), code="already_reviewed")})
    review = clean_and_save(PostReview(claim=claim, half=half, date=date, rating=rating, comment=comment))
    _claim_event(
        claim, ClaimEventKind.REVIEWED, actor, at, f"{review.get_half_display()}：{review.get_rating_display()}"
    )
    return review


@transaction.atomic
def claim_rate(
    *,
    claim: PostClaim,
    stars: int,
    comment: str = "",
    actor=None,
    at: dt.datetime | None = None,
) -> PostClaim:
    """Year-end star rating (1–5) of an assigned member on a post; a later rating replaces it, both are events."""
    claim = _locked_claim(claim)
    claim.star_rating = stars
    claim.rating_comment = comment
    clean_and_save(claim)
    _claim_event(claim, ClaimEventKind.RATED, actor, at, checks.stars_note(stars))
    return claim


# -- commitments -------------------------------------------------------------------


@transaction.atomic
def commitment_make(
    *,
    member: Person,
    year: int,
    text: str,
    deadline: dt.date,
    promised_on: dt.date | None = None,
    public: bool = True,
) -> Commitment:
    """A member promises (承诺); refuse a sixth commitment in a year."""
    # Lock the member's row so two requests cannot both make the fifth commitment.
    Person.objects.select_for_update().filter(pk=member.pk).first()
    village = _branch(member)
    checks.commitments_left(Commitment.objects.filter(member=member, year=year).count(), member.name, year)
    return clean_and_save(
        Commitment(
            member=member,
            village=village,
            year=year,
            text=text,
            deadline=deadline,
            public=public,
            promised_on=promised_on or clock.today(),
        )
    )


@transaction.atomic
def commitment_report(
    *,
    commitment: Commitment,
    date: dt.date,
    text: str,
    done: bool = False,
    reported_by=None,
) -> CommitmentReport:
    """Report progress on a commitment (践诺); refuse a date in the future."""
    _not_in_future(date, "date", _("报告日期"))
    return clean_and_save(
        CommitmentReport(commitment=commitment, date=date, text=text, done=done, reported_by=reported_by)
    )


@transaction.atomic
def commitment_rate(
    *,
    commitment: Commitment,
    rater_kind: str,
    score: int,
    rated_on: dt.date,
    comment: str = "",
    rated_by=None,
) -> CommitmentRating:
    """Record a year-end rating (评诺) by the members, the public or the branch; one each, scores 1–5."""
    _not_in_future(rated_on, "rated_on", _("评议日期"))
    if CommitmentRating.objects.filter(commitment=commitment, rater_kind=rater_kind).exists():
        raise ValidationError({"rater_kind": ValidationError(_("该承诺已有这一方的评议。"), code="already_rated")})
    return clean_and_save(
        CommitmentRating(
            commitment=commitment,
            rater_kind=rater_kind,
            score=score,
            rated_on=rated_on,
            comment=comment,
            rated_by=rated_by,
        )
    )


# -- volunteer service -------------------------------------------------------------


def overlapping_entries(member_id: int, start: dt.datetime, end: dt.datetime):
    """The member's entries (not rejected) that overlap [start, end)."""
    return VolunteerEntry.objects.filter(member_id=member_id, start__lt=end, end__gt=start).exclude(
        status=VolunteerStatus.REJECTED
    )


@transaction.atomic
def volunteer_log(
    *,
    member: Person,
    start: dt.datetime,
    end: dt.datetime,
    activity: str,
    place: str = "",
    actor=None,
    at: dt.datetime | None = None,
) -> VolunteerEntry:
    """A member reports volunteer service; refuse hours in the future, end ≤ start, over 12 h, or an overlap."""
    Person.objects.select_for_update().filter(pk=member.pk).first()
    checks.service_has_happened(end, _now(at))
    entry = VolunteerEntry(member=member, village=_branch(member), start=start, end=end, activity=activity, place=place)
    entry.full_clean()
    clash = overlapping_entries(member.pk, start, end).first()
    if clash is not None:
        raise ValidationError(
            {
                "start": ValidationError(
                    _("与已登记的志愿服务“%(activity)s”（%(start)s）时间重叠。")
                    % {"activity": clash.activity, "start": timezone.localtime(clash.start).strftime("%Y-%m-%d %H:%M")},
                    code="overlap",
                )
            }
        )
    entry.save()
    VolunteerEvent.objects.create(entry=entry, kind=VolunteerEventKind.REPORTED, actor=actor, at=_now(at))
    return entry


def _volunteer_decide(entry: VolunteerEntry, status: str, kind: str, actor, at, note: str) -> VolunteerEntry:
    entry = VolunteerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != VolunteerStatus.REPORTED:
        raise ValidationError(
            _("该记录已处理（%(status)s）。") % {"status": entry.get_status_display()}, code="already_decided"
        )
    entry.status = status
    entry.save(update_fields=["status"])
    VolunteerEvent.objects.create(entry=entry, kind=kind, actor=actor, at=_now(at), note=note[:200])
    return entry


@transaction.atomic
def volunteer_confirm(
    *, entry: VolunteerEntry, actor=None, at: dt.datetime | None = None, note: str = ""
) -> VolunteerEntry:
    """The branch confirms reported hours; only confirmed hours count."""
    return _volunteer_decide(entry, VolunteerStatus.CONFIRMED, VolunteerEventKind.CONFIRMED, actor, at, note)


@transaction.atomic
def volunteer_reject(
    *, entry: VolunteerEntry, actor=None, at: dt.datetime | None = None, note: str = ""
) -> VolunteerEntry:
    return _volunteer_decide(entry, VolunteerStatus.REJECTED, VolunteerEventKind.REJECTED, actor, at, note)


# -- household aid -----------------------------------------------------------------


def _aid_clash(member_id: int, household_id: int, start: dt.date, end: dt.date | None, exclude: int | None = None):
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    qs = HouseholdAid.objects.filter(q, member_id=member_id, household_id=household_id)
    return qs.exclude(pk=exclude) if exclude else qs


@transaction.atomic
def household_aid_start(
    *, member: Person, household: Household, start: dt.date, end: dt.date | None = None, measures: str = ""
) -> HouseholdAid:
    """Pair a member with a household in difficulty; refuse a household already paired with the member."""
    aid = HouseholdAid(
        member=member, village=_branch(member), household=household, start=start, end=end, measures=measures
    )
    aid.full_clean()
    checks.not_aided_yet(_aid_clash(member.pk, household.pk, start, end).exists(), member.name, household)
    aid.save()
    return aid


@transaction.atomic
def household_aid_end(*, aid: HouseholdAid, end: dt.date) -> HouseholdAid:
    aid.end = end
    return clean_and_save(aid)


@transaction.atomic
def aid_visit_add(*, aid: HouseholdAid, date: dt.date, note: str = "", measure: str = "") -> AidVisit:
    """Record a visit to a paired household; refuse a date in the future."""
    _not_in_future(date, "date", _("走访日期"))
    return clean_and_save(AidVisit(aid=aid, date=date, note=note, measure=measure))


# -- mutual-aid groups -------------------------------------------------------------


@transaction.atomic
def mutual_aid_group_create(
    *, village: Organization, industry: str, name: str, leader: Person, founded_on: dt.date
) -> MutualAidGroup:
    """Found an industry mutual-aid group; the leader must be a party member of the village (and is its first member)."""
    checks.group_name_free(MutualAidGroup.objects.filter(village=village, name=name).exists(), name)
    group = clean_and_save(
        MutualAidGroup(village=village, industry=industry, name=name, leader=leader, founded_on=founded_on)
    )
    clean_and_save(MutualAidMember(group=group, person=leader, joined_on=founded_on))
    return group


@transaction.atomic
def mutual_aid_member_add(*, group: MutualAidGroup, person: Person, joined_on: dt.date) -> MutualAidMember:
    if MutualAidMember.objects.filter(group=group, person=person).exists():
        raise ValidationError(
            {
                "person": ValidationError(
                    _("%(name)s已是该互助组组员。") % {"name": person.name}, code="already_in_group"
                )
            }
        )
    return clean_and_save(MutualAidMember(group=group, person=person, joined_on=joined_on))
