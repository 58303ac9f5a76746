"""Refusals of P3, each leaving nothing changed, and the workflows that pass."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice import services
from practice.models import (
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
    PostClaim,
    VolunteerEntry,
    VolunteerEvent,
    VolunteerStatus,
)

from .conftest import YEAR


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def snapshot() -> tuple[int, ...]:
    return (
        PostClaim.objects.count(),
        ClaimEvent.objects.count(),
        Commitment.objects.count(),
        CommitmentReport.objects.count(),
        CommitmentRating.objects.count(),
        VolunteerEntry.objects.count(),
        VolunteerEvent.objects.count(),
        HouseholdAid.objects.count(),
        AidVisit.objects.count(),
        MutualAidGroup.objects.count(),
    )


# -- posts ---------------------------------------------------------------------------


def test_a_member_claims_and_the_branch_assigns_with_an_event_per_step(post, personas, village_admin_a1, county):
    claim = services.post_claim(post=post, member=personas.member_person, actor=personas.member)
    assert (claim.status, claim.party_group) == (ClaimStatus.APPLIED, county.group_a1)
    services.claim_assign(claim=claim, actor=village_admin_a1)
    services.claim_rate(claim=claim, stars=4, actor=village_admin_a1)
    claim.refresh_from_db()
    assert (claim.status, claim.star_rating) == (ClaimStatus.ASSIGNED, 4)
    kinds = list(claim.events.values_list("kind", "actor__username"))
    assert kinds == [
        (ClaimEventKind.APPLIED, "member"),
        (ClaimEventKind.ASSIGNED, "village_a1"),
        (ClaimEventKind.RATED, "village_a1"),
    ]


def test_a_post_claimed_by_a_member_of_another_village_is_refused(post, member_b1):
    before = snapshot()
    with pytest.raises(ValidationError, match="不是本村党员"):
        services.post_claim(post=post, member=member_b1)
    assert snapshot() == before


def test_a_duplicate_claim_is_refused(post, personas):
    services.post_claim(post=post, member=personas.member_person)
    before = snapshot()
    with pytest.raises(ValidationError, match="已认领过"):
        services.post_claim(post=post, member=personas.member_person, how=ClaimHow.NOMINATED)
    assert snapshot() == before


def test_assigning_beyond_capacity_is_refused(post, personas, other_member_a1):
    first = services.post_claim(post=post, member=personas.member_person)
    second = services.post_claim(post=post, member=other_member_a1, how=ClaimHow.NOMINATED)
    services.claim_assign(claim=first)
    before = snapshot()
    with pytest.raises(ValidationError, match="已满"):
        services.claim_assign(claim=second)
    assert snapshot() == before
    assert PostClaim.objects.get(pk=second.pk).status == ClaimStatus.APPLIED


def test_assigning_a_claim_that_is_not_waiting_is_refused(post, personas):
    claim = services.post_claim(post=post, member=personas.member_person)
    services.claim_decline(claim=claim)
    before = snapshot()
    with pytest.raises(ValidationError, match="待定岗"):
        services.claim_assign(claim=claim)
    assert snapshot() == before


@pytest.mark.parametrize("stars", [0, 6])
def test_a_star_rating_outside_one_to_five_is_refused(post, personas, stars):
    claim = services.claim_assign(claim=services.post_claim(post=post, member=personas.member_person))
    before = snapshot()
    with pytest.raises(ValidationError, match="1到5星"):
        services.claim_rate(claim=claim, stars=stars)
    assert snapshot() == before
    assert PostClaim.objects.get(pk=claim.pk).star_rating is None


def test_rating_an_unassigned_claim_is_refused(post, personas):
    claim = services.post_claim(post=post, member=personas.member_person)
    with pytest.raises(ValidationError, match="已定岗"):
        services.claim_rate(claim=claim, stars=3)
    assert PostClaim.objects.get(pk=claim.pk).star_rating is None


def test_half_yearly_reviews_one_per_half(post, personas):
    claim = services.claim_assign(claim=services.post_claim(post=post, member=personas.member_person))
    services.claim_review(claim=claim, half="H1", date=dt.date(YEAR, 7, 5), rating="good", comment="履职认真")
    with pytest.raises(ValidationError, match="已点评"):
        services.claim_review(claim=claim, half="H1", date=dt.date(YEAR, 7, 6), rating="excellent")
    assert claim.reviews.count() == 1


# -- commitments ---------------------------------------------------------------------


def make_commitments(member, n: int) -> list[Commitment]:
    return [
        services.commitment_make(
            member=member, year=YEAR, text=f"承诺{i}", deadline=dt.date(YEAR, 6, 30), promised_on=dt.date(YEAR, 1, 15)
        )
        for i in range(n)
    ]


def test_a_sixth_commitment_in_a_year_is_refused(personas, county):
    made = make_commitments(personas.member_person, 5)
    assert made[0].village == county.village_a1
    before = snapshot()
    with pytest.raises(ValidationError, match="最多5项"):
        make_commitments(personas.member_person, 1)
    assert snapshot() == before
    # Another year starts afresh.
    services.commitment_make(
        member=personas.member_person,
        year=YEAR + 1,
        text="新年承诺",
        deadline=dt.date(YEAR + 1, 6, 30),
        promised_on=dt.date(YEAR + 1, 1, 5),
    )


def test_a_commitment_by_someone_who_is_not_a_member_is_refused(county):
    from xianfeng.tests import factories as f

    villager = f.person(county.village_a1)
    with pytest.raises(ValidationError, match="不是党员"):
        make_commitments(villager, 1)
    assert Commitment.objects.count() == 0


def test_a_report_dated_in_the_future_is_refused(personas):
    (commitment,) = make_commitments(personas.member_person, 1)
    before = snapshot()
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.commitment_report(commitment=commitment, date=timezone.localdate() + dt.timedelta(days=1), text="完成")
    assert snapshot() == before


@pytest.mark.parametrize("score", [0, 6])
def test_a_commitment_rating_outside_one_to_five_is_refused(personas, score):
    (commitment,) = make_commitments(personas.member_person, 1)
    before = snapshot()
    with pytest.raises(ValidationError, match="1到5"):
        services.commitment_rate(
            commitment=commitment, rater_kind="branch", score=score, rated_on=dt.date(YEAR, 12, 20)
        )
    assert snapshot() == before


def test_kept_is_derived_from_a_done_report_by_the_deadline(personas):
    on_time, late, open_ = make_commitments(personas.member_person, 3)
    services.commitment_report(commitment=on_time, date=dt.date(YEAR, 6, 1), text="完成", done=True)
    services.commitment_report(commitment=late, date=dt.date(YEAR, 7, 2), text="完成", done=True)
    services.commitment_report(commitment=open_, date=dt.date(YEAR, 5, 2), text="进行中")
    kept = dict(Commitment.objects.with_kept().values_list("text", "kept"))
    assert kept == {"承诺0": True, "承诺1": False, "承诺2": False}


# -- volunteer -----------------------------------------------------------------------


def test_volunteer_hours_are_reported_then_confirmed(personas, village_admin_a1):
    entry = services.volunteer_log(
        member=personas.member_person, start=aware(YEAR, 3, 1, 8), end=aware(YEAR, 3, 1, 11, 30), activity="清扫村道"
    )
    assert entry.hours == 3.5
    services.volunteer_confirm(entry=entry, actor=village_admin_a1)
    entry.refresh_from_db()
    assert entry.status == VolunteerStatus.CONFIRMED
    assert list(entry.events.values_list("kind", flat=True)) == ["reported", "confirmed"]
    with pytest.raises(ValidationError, match="已处理"):
        services.volunteer_reject(entry=entry)


def test_volunteer_hours_in_the_future_are_refused(personas):
    start = timezone.now() + dt.timedelta(hours=1)
    before = snapshot()
    with pytest.raises(ValidationError, match="尚未发生"):
        services.volunteer_log(
            member=personas.member_person, start=start, end=start + dt.timedelta(hours=2), activity="x"
        )
    assert snapshot() == before


def test_overlapping_volunteer_hours_are_refused(personas):
    services.volunteer_log(
        member=personas.member_person, start=aware(YEAR, 3, 1, 8), end=aware(YEAR, 3, 1, 11), activity="清扫村道"
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="时间重叠"):
        services.volunteer_log(
            member=personas.member_person, start=aware(YEAR, 3, 1, 10), end=aware(YEAR, 3, 1, 12), activity="义诊"
        )
    assert snapshot() == before
    # Back to back is not an overlap.
    services.volunteer_log(
        member=personas.member_person, start=aware(YEAR, 3, 1, 11), end=aware(YEAR, 3, 1, 12), activity="义诊"
    )


@pytest.mark.parametrize(("hours", "message"), [(0, "必须晚于"), (13, "不能超过12小时")])
def test_volunteer_entries_of_no_time_or_over_twelve_hours_are_refused(personas, hours, message):
    start = aware(YEAR, 3, 1, 6)
    before = snapshot()
    with pytest.raises(ValidationError, match=message):
        services.volunteer_log(
            member=personas.member_person, start=start, end=start + dt.timedelta(hours=hours), activity="x"
        )
    assert snapshot() == before


# -- household aid and groups --------------------------------------------------------


def test_a_household_already_paired_with_the_member_is_refused(personas, household):
    aid = services.household_aid_start(member=personas.member_person, household=household, start=dt.date(YEAR, 2, 1))
    services.aid_visit_add(aid=aid, date=dt.date(YEAR, 3, 1), note="送去化肥", measure="技术指导")
    before = snapshot()
    with pytest.raises(ValidationError, match="已在帮扶"):
        services.household_aid_start(member=personas.member_person, household=household, start=dt.date(YEAR, 5, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.aid_visit_add(aid=aid, date=timezone.localdate() + dt.timedelta(days=2))
    assert snapshot() == before


def test_a_group_leader_must_be_a_party_member_of_the_village(county, personas, member_b1):
    from xianfeng.tests import factories as f

    before = snapshot()
    with pytest.raises(ValidationError, match="不是本村党员"):
        services.mutual_aid_group_create(
            village=county.village_a1,
            industry="茶叶",
            name="茶叶互助组",
            leader=member_b1,
            founded_on=dt.date(YEAR, 3, 1),
        )
    with pytest.raises(ValidationError, match="不是党员"):
        services.mutual_aid_group_create(
            village=county.village_a1,
            industry="茶叶",
            name="茶叶互助组",
            leader=f.person(county.village_a1),
            founded_on=dt.date(YEAR, 3, 1),
        )
    assert snapshot() == before
    group = services.mutual_aid_group_create(
        village=county.village_a1,
        industry="茶叶",
        name="茶叶互助组",
        leader=personas.member_person,
        founded_on=dt.date(YEAR, 3, 1),
    )
    services.mutual_aid_member_add(group=group, person=f.person(county.village_a1), joined_on=dt.date(YEAR, 4, 1))
    assert group.memberships.count() == 2
