"""R-COMMIT on different dates, the three P3 figures, the bulk path and the public section."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from common.figures import compute_figures
from common.rules import evaluate
from practice import bulk, services
from practice.models import ClaimEvent, ClaimStatus, Commitment, HouseholdAid, MutualAidGroup, PostClaim, PracticePost
from practice.sections import posts_and_commitments
from xianfeng.tests import factories as f

from .conftest import YEAR


def commit(member, deadline=dt.date(YEAR, 6, 30), text="修通村道"):
    return services.commitment_make(
        member=member, year=YEAR, text=text, deadline=deadline, promised_on=dt.date(YEAR, 1, 10)
    )


def test_r_commit_finds_an_overdue_commitment_only_after_its_deadline_and_until_a_report(
    county, personas, secretary_a1
):
    c = commit(personas.member_person)
    commit(personas.member_person, text="办合作社", deadline=dt.date(YEAR, 12, 31))
    commit(secretary_a1, text="a", deadline=dt.date(YEAR, 12, 31))
    commit(secretary_a1, text="b", deadline=dt.date(YEAR, 12, 31))
    assert evaluate(county.county, dt.date(YEAR, 6, 30), ["R-COMMIT"]) == []
    (red,) = evaluate(county.county, dt.date(YEAR, 7, 1), ["R-COMMIT"])
    assert (red.severity, red.unit, red.since) == ("red", county.village_a1.code, dt.date(YEAR, 7, 1))
    assert [a.name for a in red.accountable] == ["李党员", "陈书记"]
    services.commitment_report(commitment=c, date=dt.date(YEAR, 7, 10), text="动工了")
    assert len(evaluate(county.county, dt.date(YEAR, 7, 5), ["R-COMMIT"])) == 1  # the report came later
    assert evaluate(county.county, dt.date(YEAR, 7, 10), ["R-COMMIT"]) == []


def test_r_commit_asks_for_two_commitments_after_the_configured_date(county, personas, secretary_a1):
    commit(secretary_a1, text="a", deadline=dt.date(YEAR, 12, 31))
    commit(secretary_a1, text="b", deadline=dt.date(YEAR, 12, 31))
    commit(personas.member_person, deadline=dt.date(YEAR, 12, 31))
    assert evaluate(county.county, dt.date(YEAR, 3, 31), ["R-COMMIT"]) == []
    (amber,) = evaluate(county.county, dt.date(YEAR, 4, 1), ["R-COMMIT"])
    assert (amber.severity, amber.since, amber.accountable[0].name) == ("amber", dt.date(YEAR, 4, 1), "李党员")
    assert "只作出1项" in amber.message_zh
    with override_settings(PRACTICE_COMMIT_MIN_AFTER=(6, 30)):
        assert evaluate(county.county, dt.date(YEAR, 4, 1), ["R-COMMIT"]) == []


def test_r_commit_takes_a_constant_number_of_queries(county, personas, django_assert_max_num_queries):
    for _ in range(4):
        m = f.member(county.village_a2)
        commit(m)
    with django_assert_max_num_queries(4):
        findings = evaluate(county.county, dt.date(YEAR, 8, 1), ["R-COMMIT"])
    assert len(findings) == 4 + 5  # four overdue; five members (four + 李党员) with fewer than two


def test_figures_count_assigned_claims_paired_households_and_groups(county, post, personas, other_member_a1, household):
    figures = ["posts_claimed", "households_paired", "mutual_aid_groups"]
    assert compute_figures(county.county, YEAR, figures) == {
        "posts_claimed": 0,
        "households_paired": 0,
        "mutual_aid_groups": 0,
    }
    claim = services.post_claim(post=post, member=personas.member_person)
    assert compute_figures(county.county, YEAR, figures)["posts_claimed"] == 0  # waiting is not claimed
    services.claim_assign(claim=claim)
    services.household_aid_start(member=personas.member_person, household=household, start=dt.date(YEAR, 2, 1))
    services.household_aid_start(member=other_member_a1, household=household, start=dt.date(YEAR, 2, 1))
    services.mutual_aid_group_create(
        village=county.village_a1,
        industry="茶叶",
        name="茶叶互助组",
        leader=personas.member_person,
        founded_on=dt.date(YEAR, 3, 1),
    )
    assert compute_figures(county.county, YEAR, figures) == {
        "posts_claimed": 1,
        "households_paired": 1,
        "mutual_aid_groups": 1,
    }
    assert compute_figures(county.township_b, YEAR, figures) == {
        "posts_claimed": 0,
        "households_paired": 0,
        "mutual_aid_groups": 0,
    }
    assert compute_figures(county.county, YEAR - 1, figures)["households_paired"] == 0


def test_the_bulk_path_writes_everything_with_history_and_events(county, personas, other_member_a1, household):
    posts = bulk.posts_bulk_create(
        [
            PracticePost(
                village=county.village_a1,
                kind="service",
                title=f"服务岗{i}",
                duties="服务群众",
                year=YEAR,
                announced_on=dt.date(YEAR, 1, 5),
            )
            for i in range(3)
        ]
    )
    claims = bulk.claims_bulk_create(
        [
            PostClaim(post=posts[0], member=personas.member_person, status=ClaimStatus.ASSIGNED, star_rating=5),
            PostClaim(post=posts[1], member_id=other_member_a1.pk, status=ClaimStatus.ASSIGNED),
        ]
    )
    assert claims[0].party_group_id == county.group_a1.pk
    assert ClaimEvent.objects.count() == 5 and PostClaim.history.count() == 2
    bulk.commitments_bulk_create(
        [
            Commitment(
                member=personas.member_person,
                year=YEAR,
                text=f"承诺{i}",
                deadline=dt.date(YEAR, 9, 1),
                promised_on=dt.date(YEAR, 1, 10),
            )
            for i in range(2)
        ]
    )
    assert set(Commitment.objects.values_list("village_id", flat=True)) == {county.village_a1.pk}
    bulk.household_aids_bulk_create(
        [HouseholdAid(member=personas.member_person, household=household, start=dt.date(YEAR, 1, 1))]
    )
    bulk.mutual_aid_groups_bulk_create(
        [
            (
                MutualAidGroup(
                    village=county.village_a1,
                    industry="茶叶",
                    name="茶叶组",
                    leader=personas.member_person,
                    founded_on=dt.date(YEAR, 2, 1),
                ),
                [(other_member_a1, dt.date(YEAR, 3, 1))],
            )
        ]
    )
    assert compute_figures(county.county, YEAR, ["posts_claimed", "households_paired", "mutual_aid_groups"]) == {
        "posts_claimed": 2,
        "households_paired": 1,
        "mutual_aid_groups": 1,
    }
    assert MutualAidGroup.objects.get().memberships.count() == 2


def test_the_bulk_path_refuses_the_same_things_as_the_services_and_writes_nothing(
    county, personas, member_b1, household
):
    (post,) = bulk.posts_bulk_create(
        [
            PracticePost(
                village=county.village_a1,
                kind="service",
                title="服务岗",
                duties="服务",
                year=YEAR,
                announced_on=dt.date(YEAR, 1, 5),
            )
        ]
    )
    with pytest.raises(ValidationError) as exc:
        bulk.claims_bulk_create(
            [
                PostClaim(post=post, member=personas.member_person, status=ClaimStatus.ASSIGNED),
                PostClaim(post=post, member=member_b1, status=ClaimStatus.APPLIED),
                PostClaim(post=post, member=personas.member_person, status=ClaimStatus.APPLIED),
            ]
        )
    assert any("第2行" in m and "不是本村党员" in m for m in exc.value.messages)
    assert any("第3行" in m and "已认领过" in m for m in exc.value.messages)
    with pytest.raises(ValidationError, match="最多5项"):
        bulk.commitments_bulk_create(
            [
                Commitment(
                    member=personas.member_person,
                    year=YEAR,
                    text="x",
                    deadline=dt.date(YEAR, 9, 1),
                    promised_on=dt.date(YEAR, 1, 10),
                )
                for _ in range(6)
            ]
        )
    with pytest.raises(ValidationError, match="已在帮扶"):
        bulk.household_aids_bulk_create(
            [
                HouseholdAid(member=personas.member_person, household=household, start=dt.date(YEAR, 1, 1))
                for _ in range(2)
            ]
        )
    with pytest.raises(ValidationError, match="不是本村党员"):
        bulk.mutual_aid_groups_bulk_create(
            [
                (
                    MutualAidGroup(
                        village=county.village_a1,
                        industry="茶",
                        name="组",
                        leader=member_b1,
                        founded_on=dt.date(YEAR, 2, 1),
                    ),
                    [],
                )
            ]
        )
    assert (
        PostClaim.objects.count(),
        Commitment.objects.count(),
        HouseholdAid.objects.count(),
        MutualAidGroup.objects.count(),
    ) == (0, 0, 0, 0)


def test_bulk_claims_take_a_constant_number_of_queries(county, django_assert_max_num_queries):
    members = [f.member(county.village_a1, county.group_a1) for _ in range(30)]
    posts = bulk.posts_bulk_create(
        [
            PracticePost(
                village=county.village_a1,
                kind="service",
                title=f"岗{i}",
                duties="d",
                year=YEAR,
                announced_on=dt.date(YEAR, 1, 5),
            )
            for i in range(30)
        ]
    )
    rows = [PostClaim(post=p, member_id=m.pk, status=ClaimStatus.ASSIGNED) for p, m in zip(posts, members, strict=True)]
    with django_assert_max_num_queries(14):
        bulk.claims_bulk_create(rows)
    assert PostClaim.objects.filter(status=ClaimStatus.ASSIGNED).count() == 30


def test_the_public_section_shows_names_posts_and_public_commitments_only(county, personas, post):
    from django.utils import timezone

    year = timezone.localdate().year
    post.year = year
    post.save()
    services.claim_assign(claim=services.post_claim(post=post, member=personas.member_person))
    services.commitment_make(
        member=personas.member_person,
        year=year,
        text="公开承诺",
        deadline=dt.date(year, 12, 31),
        promised_on=dt.date(year, 1, 1),
    )
    services.commitment_make(
        member=personas.member_person,
        year=year,
        text="私下承诺",
        deadline=dt.date(year, 12, 31),
        promised_on=dt.date(year, 1, 1),
        public=False,
    )
    section = posts_and_commitments(county.village_a1)
    assert section["posts"] == [
        {
            "member__name": "李党员",
            "post__kind": "prosperity",
            "post__title": "茶叶带富岗",
            "post__duties": "带动5户茶农增收",
            "star_rating": None,
        }
    ]
    assert [c.text for c in section["commitments"]] == ["公开承诺"]
    assert posts_and_commitments(county.village_b1) is None
