"""Pages per persona: a member's own record only, scope (404 outside), actions through the forms, query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from practice import services
from practice.models import ClaimStatus, Commitment, PostClaim, VolunteerEntry, VolunteerStatus
from xianfeng.tests import factories as f

from .conftest import YEAR


@pytest.mark.parametrize(
    ("persona", "own", "other_a1", "b1"),
    [
        ("county_admin", 200, 200, 200),
        ("township_admin_a", 200, 200, 404),
        ("village_admin_b", 404, 404, 200),
        ("member", 200, 404, 404),
    ],
)
def test_the_practice_record_is_scoped(client, personas, other_member_a1, member_b1, persona, own, other_a1, b1):
    client.force_login(getattr(personas, persona))
    assert client.get(f"/practice/record/{personas.member_person.pk}/").status_code == own
    assert client.get(f"/practice/record/{other_member_a1.pk}/").status_code == other_a1
    assert client.get(f"/practice/record/{member_b1.pk}/").status_code == b1


def test_a_member_sees_their_own_record_at_my_record(client, personas):
    client.force_login(personas.member)
    response = client.get("/practice/record/me/")
    assert response.status_code == 200 and "李党员的实践档案" in response.content.decode()
    client.force_login(personas.county_admin)
    assert client.get("/practice/record/me/").status_code == 404


@pytest.mark.parametrize("path", ["/practice/", "/practice/posts/", "/practice/commitments/", "/practice/record/me/"])
def test_anonymous_is_sent_to_login(client, county, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "path",
    [
        "/practice/",
        "/practice/posts/",
        "/practice/commitments/",
        "/practice/volunteer/",
        "/practice/aid/",
        "/practice/groups/",
    ],
)
def test_every_list_opens_for_every_logged_in_persona(persona_client, path):
    response = persona_client.get(path)
    assert response.status_code == (302 if persona_client.persona == "anonymous" else 200)


def test_a_member_claims_a_post_of_their_village_and_the_branch_assigns_it(client, personas, post, village_admin_a1):
    client.force_login(personas.member)
    page = client.get(f"/practice/posts/?year={YEAR}").content.decode()
    assert "认领" in page
    client.post(f"/practice/posts/{post.pk}/claim/")
    claim = PostClaim.objects.get()
    assert claim.status == ClaimStatus.APPLIED
    assert client.post(f"/practice/claims/{claim.pk}/assign/").status_code == 404  # a member cannot assign
    client.force_login(village_admin_a1)
    client.post(f"/practice/claims/{claim.pk}/assign/")
    response = client.post(f"/practice/claims/{claim.pk}/rate/", {"stars": "7"})
    assert "1到5星" in response.content.decode()
    client.post(f"/practice/claims/{claim.pk}/rate/", {"stars": "5", "comment": "带富成效明显"})
    claim.refresh_from_db()
    assert (claim.status, claim.star_rating) == (ClaimStatus.ASSIGNED, 5)


def test_a_member_of_another_village_cannot_see_or_claim_the_post(client, personas, post, member_b1):
    user = f.user("zhao", "member", person=member_b1)
    client.force_login(user)
    assert client.get(f"/practice/posts/{post.pk}/").status_code == 404
    assert client.post(f"/practice/posts/{post.pk}/claim/").status_code == 404
    assert not PostClaim.objects.exists()


def test_the_sixth_commitment_is_refused_on_the_form(client, personas):
    client.force_login(personas.member)
    year = timezone.localdate().year
    for i in range(5):
        client.post("/practice/commitments/new/", {"text": f"承诺{i}", "deadline": f"{year}-12-31", "public": "on"})
    response = client.post("/practice/commitments/new/", {"text": "第六项", "deadline": f"{year}-12-31"})
    assert "最多5项" in response.content.decode()
    assert Commitment.objects.count() == 5


def test_overlapping_volunteer_hours_are_refused_on_the_form_and_the_branch_confirms(
    client, personas, village_admin_a1
):
    client.force_login(personas.member)
    data = {"start": f"{YEAR}-05-01T08:00", "end": f"{YEAR}-05-01T11:00", "activity": "清扫村道"}
    client.post("/practice/volunteer/new/", data)
    response = client.post(
        "/practice/volunteer/new/", {**data, "start": f"{YEAR}-05-01T10:00", "end": f"{YEAR}-05-01T12:00"}
    )
    assert "时间重叠" in response.content.decode()
    entry = VolunteerEntry.objects.get()
    client.force_login(personas.village_admin_b)
    assert client.post(f"/practice/volunteer/{entry.pk}/confirm/").status_code == 404
    client.force_login(village_admin_a1)
    client.post(f"/practice/volunteer/{entry.pk}/confirm/")
    entry.refresh_from_db()
    assert entry.status == VolunteerStatus.CONFIRMED


def test_lists_take_a_constant_number_of_queries(client, county, personas, django_assert_max_num_queries):
    for i in range(6):
        m = f.member(county.village_a1, county.group_a1)
        p = services.post_announce(
            village=county.village_a1,
            kind="service",
            title=f"岗{i}",
            duties="d",
            year=YEAR,
            announced_on=dt.date(YEAR, 1, 5),
        )
        services.claim_assign(claim=services.post_claim(post=p, member=m))
        services.commitment_make(
            member=m, year=YEAR, text="承诺", deadline=dt.date(YEAR, 6, 30), promised_on=dt.date(YEAR, 1, 5)
        )
        start = timezone.make_aware(dt.datetime(YEAR, 3, 1 + i, 8))
        services.volunteer_log(member=m, start=start, end=start + dt.timedelta(hours=2), activity="服务")
        services.mutual_aid_group_create(
            village=county.village_a1, industry="茶", name=f"组{i}", leader=m, founded_on=dt.date(YEAR, 2, 1)
        )
    client.force_login(personas.county_admin)
    for path in (
        f"/practice/posts/?year={YEAR}",
        f"/practice/commitments/?year={YEAR}",
        "/practice/volunteer/",
        "/practice/aid/",
        "/practice/groups/",
        f"/practice/record/{m.pk}/?year={YEAR}",
    ):
        with django_assert_max_num_queries(16):
            assert client.get(path).status_code == 200


def test_the_public_village_page_shows_the_post_without_phone(client, county, personas, post):
    post.year = timezone.localdate().year
    post.save()
    services.claim_assign(claim=services.post_claim(post=post, member=personas.member_person))
    page = client.get(f"/v/{county.village_a1.code}/").content.decode()
    assert "李党员" in page and "茶叶带富岗" in page and "13800001234" not in page
