"""Leadership groups, pairings and postings, trainings, teams and visits through the API.

Each write is the page's service after the page's scope check: what the API stores is what the service
stores, a refusal is the service's (its code, its message in the caller's language) and writes nothing, and
a record outside the caller's scope answers 404. Lists cost a constant number of queries.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from leadership import services as leadership
from leadership.models import GroupMember, LeadershipGroup, WorkLogEntry
from learning import services as learning
from learning.models import Attendance, Channel, ServiceTeam, Training, Visit
from organizations import services as org_services
from organizations.models import UnitKind, UnitLevel
from pairing import services as pairing
from pairing.models import Contribution, Outcome, Pairing, PairingKind, Posting, PostingBatch
from people import services as people_services
from people.models import CadreRank, Person
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

START = dt.date(2010, 1, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20"):
        yield


@pytest.fixture
def other(db):
    """Another county, with a township and a village."""
    county = f.county("350726", "松溪县", "Songxi County")
    township = f.township(county, "100", "郑墩镇", "Zhengdun Town")
    return county, township, f.village(township, "201", "郑墩村")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def cadre(organization, name: str, unit=None) -> Person:
    person = f.person(None, name=name)
    people_services.cadre_set(
        person=person, organization=organization, rank=CadreRank.SECTION, position="干部", unit=unit
    )
    return person


# -- leadership ----------------------------------------------------------------------


def test_a_group_is_established_through_the_service_once(api_as, county, other):
    api = api_as("township_admin_a")
    body = {"township": county.township_a.code, "established_on": "2010-03-01", "office_phone": "0599-3331234"}
    made = api.post_json("/api/v1/leadership-groups/", body)
    assert made.status_code == 201, made.content
    group = LeadershipGroup.objects.get(township=county.township_a)
    assert made.json() == {
        "id": group.pk,
        "township": county.township_a.code,
        "township_name": "熊山镇",
        "name": group.name,
        "established_on": "2010-03-01",
        "office_location": "",
    }
    assert group.name == "熊山镇创先争优活动领导小组" and group.office_phone == "0599-3331234"
    twice = api.post_json("/api/v1/leadership-groups/", body, **EN)
    assert twice.status_code == 400 and twice.json()["code"] == "group_exists"
    assert twice.json()["message"] == "This township already has a leadership group."
    # Another township, another county: as if missing; nothing written.
    for code in (county.township_b.code, other[1].code):
        assert api.post_json("/api/v1/leadership-groups/", {**body, "township": code}).status_code == 404
    assert LeadershipGroup.objects.count() == 1


def test_groups_are_listed_within_scope(api_as, county, other, django_assert_max_num_queries):
    groups = [
        leadership.leadership_group_create(township=t, established_on=START)
        for t in (county.township_a, county.township_b, other[1])
    ]
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/leadership-groups/")) == [groups[0].pk, groups[1].pk]
    assert ids(api_as("township_admin_a").get("/api/v1/leadership-groups/")) == [groups[0].pk]
    assert ids(county_admin.get("/api/v1/leadership-groups/", {"township": county.township_b.code})) == [groups[1].pk]
    assert county_admin.get(f"/api/v1/leadership-groups/{county.township_a.code}/").json()["id"] == groups[0].pk
    assert county_admin.get(f"/api/v1/leadership-groups/{other[1].code}/").status_code == 404
    assert api_as("township_admin_a").get(f"/api/v1/leadership-groups/{county.township_b.code}/").status_code == 404


def test_members_are_added_and_their_terms_ended(api_as, county):
    group = leadership.leadership_group_create(township=county.township_a, established_on=START)
    secretary = f.member(county.village_a1, county.group_a1, name="熊书记")
    deputy = f.member(county.village_a1, county.group_a1, name="熊副书记")
    outsider = f.member(county.village_b1, county.group_b1, name="东平党员")
    api = api_as("township_admin_a")
    url = f"/api/v1/leadership-groups/{county.township_a.code}/members/"
    added = api.post_json(url, {"person": secretary.pk, "role": "leader", "start": "2010-03-01"})
    assert added.status_code == 201, added.content
    member = GroupMember.objects.get(group=group)
    assert added.json() == {
        "id": member.pk,
        "person": secretary.pk,
        "person_name": "熊书记",
        "role": "leader",
        "start": "2010-03-01",
        "end": None,
    }
    clash = api.post_json(url, {"person": deputy.pk, "role": "leader", "start": "2010-04-01"}, **EN)
    assert clash.status_code == 400 and clash.json()["code"] == "role_taken"
    assert clash.json()["message"] == "There is already a Leader on that date; end that term first."
    elsewhere = api.post_json(url, {"person": outsider.pk, "role": "member", "start": "2010-04-01"}, **EN)
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "person_not_offered"
    assert elsewhere.json()["message"] == "Some of the selected people cannot be registered."
    assert GroupMember.objects.count() == 1
    end_url = f"{url}{member.pk}/end/"
    early = api.post_json(end_url, {"end": "2009-12-31"}, **EN)
    assert early.status_code == 400 and early.json()["code"] == "end_before_start"
    assert early.json()["message"] == "The end date cannot be earlier than the start date."
    assert GroupMember.objects.get().end is None
    ended = api.post_json(end_url, {"end": "2010-06-30"})
    assert ended.status_code == 200 and ended.json()["end"] == "2010-06-30"
    assert GroupMember.objects.get().end == dt.date(2010, 6, 30)
    assert [m["person_name"] for m in api.get(url).json()] == ["熊书记"]
    # Another township's admin: the group is not theirs to see, nor to change.
    other_admin = api_as("village_admin_b")
    assert other_admin.get(url).status_code == 404
    assert other_admin.post_json(end_url, {"end": "2010-07-31"}).status_code == 404
    assert (
        other_admin.post_json(url, {"person": outsider.pk, "role": "member", "start": "2010-04-01"}).status_code == 404
    )
    assert GroupMember.objects.get().end == dt.date(2010, 6, 30)


def test_the_work_log_is_kept_to_today(api_as, county, django_assert_max_num_queries):
    group = leadership.leadership_group_create(township=county.township_a, established_on=START)
    api = api_as("township_admin_a")
    url = f"/api/v1/leadership-groups/{county.township_a.code}/log/"
    body = {"date": "2010-12-21", "kind": "planning", "title": "部署创先争优"}
    future = api.post_json(url, body, **EN)
    assert future.status_code == 400 and future.json()["code"] == "in_future"
    assert future.json()["message"] == "The date of a work log entry cannot be later than today."
    assert not WorkLogEntry.objects.exists()
    for day in ("2010-03-02", "2010-04-02", "2010-05-02"):
        assert api.post_json(url, {**body, "date": day}).status_code == 201
    entry = WorkLogEntry.objects.filter(group=group).first()
    assert entry is not None and entry.recorded_by is not None and entry.recorded_by.username == "township_a"
    with django_assert_max_num_queries(9):
        assert [e["date"] for e in api.get(url).json()["results"]] == ["2010-05-02", "2010-04-02", "2010-03-02"]
    assert api_as("village_admin_b").get(url).status_code == 404


# -- pairing -------------------------------------------------------------------------


@pytest.fixture
def pairings(county, other):
    def unit(home, kind, name):
        return org_services.outside_unit_create(home=home, kind=kind, name=name, level=UnitLevel.COUNTY)

    department = unit(county.county, UnitKind.DEPARTMENT, "县农业局")
    return {
        "a1": pairing.pairing_create(
            kind=PairingKind.DEPARTMENT, village=county.village_a1, unit=department, start=START
        ),
        "b1": pairing.pairing_create(
            kind=PairingKind.DEPARTMENT,
            village=county.village_b1,
            unit=unit(county.county, UnitKind.DEPARTMENT, "县交通局"),
            start=START,
        ),
        "other": pairing.pairing_create(
            kind=PairingKind.DEPARTMENT,
            village=other[2],
            unit=unit(other[0], UnitKind.DEPARTMENT, "松溪县农业局"),
            start=START,
        ),
    }


def test_pairings_are_listed_within_scope(api_as, pairings, django_assert_max_num_queries):
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/pairings/")) == [pairings["a1"].pk, pairings["b1"].pk]
    assert ids(api_as("village_admin_b").get("/api/v1/pairings/")) == [pairings["b1"].pk]
    assert ids(county_admin.get("/api/v1/pairings/", {"status": "ended"})) == []
    detail = county_admin.get(f"/api/v1/pairings/{pairings['a1'].pk}/").json()
    assert detail["urban_side"] == "县农业局" and detail["status"] == "active" and detail["outcomes"] == []
    assert county_admin.get(f"/api/v1/pairings/{pairings['other'].pk}/").status_code == 404
    assert api_as("village_admin_b").get(f"/api/v1/pairings/{pairings['a1'].pk}/").status_code == 404


def test_a_pairing_is_ended_by_its_village_keeper(api_as, pairings):
    api = api_as("township_admin_a")
    url = f"/api/v1/pairings/{pairings['a1'].pk}/end/"
    early = api.post_json(url, {"end": "2009-06-30"}, **EN)
    assert early.status_code == 400 and early.json()["code"] == "end_before_start"
    assert early.json()["message"] == "The end date cannot be earlier than the start date."
    assert api_as("village_admin_b").post_json(url, {"end": "2010-06-30"}).status_code == 404
    assert Pairing.objects.get(pk=pairings["a1"].pk).end is None
    ended = api.post_json(url, {"end": "2010-06-30"})
    assert ended.status_code == 200 and ended.json()["end"] == "2010-06-30" and ended.json()["status"] == "ended"
    assert Pairing.objects.get(pk=pairings["a1"].pk).end == dt.date(2010, 6, 30)


def test_deliveries_are_recorded_as_the_service_stores_them(api_as, pairings, django_assert_max_num_queries):
    api = api_as("township_admin_a")
    base = f"/api/v1/pairings/{pairings['a1'].pk}"
    funds = api.post_json(
        f"{base}/outcomes/", {"date": "2010-06-01", "type": "funds", "title": "修路", "amount": "12500.5"}
    )
    assert funds.status_code == 201, funds.content
    outcome = Outcome.objects.get()
    assert funds.json() == {
        "id": outcome.pk,
        "pairing": pairings["a1"].pk,
        "date": "2010-06-01",
        "type": "funds",
        "title": "修路",
        "amount": "12500.50",
    }
    assert outcome.amount == Decimal("12500.50") and outcome.recorded_by is not None
    negative = api.post_json(f"{base}/outcomes/", {"date": "2010-06-01", "type": "funds", "title": "x", "amount": "-1"})
    assert negative.status_code == 400 and negative.json()["code"] == "amount_negative"
    future = api.post_json(f"{base}/contributions/", {"date": "2011-01-05", "description": "送技术"}, **EN)
    assert future.status_code == 400 and future.json()["code"] == "in_future"
    assert "cannot be later than today" in future.json()["message"]
    made = api.post_json(f"{base}/contributions/", {"date": "2010-07-01", "description": "送技术", "kinds": ["ideas"]})
    assert made.status_code == 201 and made.json()["kinds"] == ["ideas"]
    assert list(Contribution.objects.get().tags.values_list("kind", flat=True)) == ["ideas"]
    activity = api.post_json(f"{base}/activities/", {"date": "2010-07-02", "title": "共学", "kinds": ["economy"]})
    assert activity.status_code == 201, activity.content
    assert api_as("village_admin_b").post_json(f"{base}/outcomes/", {"date": "2010-06-01"}).status_code == 404
    assert Outcome.objects.count() == 1 and Contribution.objects.count() == 1
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/pairing-outcomes/", {"year": 2010})) == [outcome.pk]
    assert ids(county_admin.get("/api/v1/pairing-outcomes/", {"year": 2009})) == []
    detail = county_admin.get(f"{base}/").json()
    assert [len(detail[k]) for k in ("contributions", "activities", "outcomes")] == [1, 1, 1]


def test_the_partner_records_for_its_own_pairing_only(api_as, pairings, personas):
    partner = f.user("partner_agri", "partner", unit=pairings["a1"].unit)
    from api.tokens import token_create

    from .conftest import TokenClient

    _token, secret = token_create(user=partner, name="partner", writable=True)
    api = TokenClient(secret)
    assert ids(api.get("/api/v1/pairings/")) == [pairings["a1"].pk]
    body = {"date": "2010-07-01", "description": "送农资"}
    assert api.post_json(f"/api/v1/pairings/{pairings['a1'].pk}/contributions/", body).status_code == 201
    assert api.post_json(f"/api/v1/pairings/{pairings['b1'].pk}/contributions/", body).status_code == 404
    assert api.post_json(f"/api/v1/pairings/{pairings['a1'].pk}/end/", {"end": "2010-08-01"}).status_code == 404
    assert Pairing.objects.get(pk=pairings["a1"].pk).end is None


def test_postings_and_their_contributions(api_as, county, other, django_assert_max_num_queries):
    batch = pairing.posting_batch_create(county=county.county, number=1, start=START, end=dt.date(2010, 12, 31))
    other_batch = pairing.posting_batch_create(county=other[0], number=1, start=START, end=dt.date(2010, 12, 31))
    postings = [
        pairing.posting_create(
            batch=batch,
            cadre=people_services.cadre_set(
                person=f.person(None, name=f"挂职{i}"),
                organization=county.county,
                rank=CadreRank.SECTION,
                position="干部",
            ),
            village=village,
        )
        for i, village in enumerate((county.village_a1, county.village_a2, county.village_b1))
    ]
    pairing.posting_create(
        batch=other_batch,
        cadre=people_services.cadre_set(
            person=f.person(None, name="松溪干部"), organization=other[0], rank=CadreRank.SECTION, position="干部"
        ),
        village=other[2],
    )
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/postings/")) == [p.pk for p in postings]
    assert ids(api_as("township_admin_a").get("/api/v1/postings/", {"batch": 1})) == [p.pk for p in postings[:2]]
    assert county_admin.get(f"/api/v1/postings/{postings[0].pk}/").json()["cadre_name"] == "挂职0"
    assert api_as("village_admin_b").get(f"/api/v1/postings/{postings[0].pk}/").status_code == 404
    url = f"/api/v1/postings/{postings[0].pk}/contributions/"
    unknown = api_as("township_admin_a").post_json(url, {"date": "2010-07-01", "description": "x", "kinds": ["magic"]})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_kind"
    assert api_as("village_admin_b").post_json(url, {"date": "2010-07-01", "description": "x"}).status_code == 404
    made = api_as("township_admin_a").post_json(url, {"date": "2010-07-01", "description": "规划", "kinds": ["plans"]})
    assert made.status_code == 201
    assert Contribution.objects.get().posting == Posting.objects.get(pk=postings[0].pk)


# -- learning ------------------------------------------------------------------------


def test_a_training_and_its_attendance(api_as, county, personas, django_assert_max_num_queries):
    api = api_as("township_admin_a")
    body = {
        "channel": "farm_classroom",
        "topic": "茶叶种植技术",
        "trainer_name": "农技员",
        "organization": county.village_a1.code,
        "date": "2010-05-10",
        "hours": "2.5",
    }
    too_long = api.post_json("/api/v1/trainings/", {**body, "hours": "30"}, **EN)
    assert too_long.status_code == 400 and too_long.json()["code"] == "hours_range"
    assert api.post_json("/api/v1/trainings/", {**body, "organization": county.village_b1.code}).status_code == 404
    assert not Training.objects.exists()
    made = api.post_json("/api/v1/trainings/", body)
    assert made.status_code == 201, made.content
    training = Training.objects.get()
    assert made.json()["id"] == training.pk and training.hours == Decimal("2.5") and training.recorded_by is not None
    assert made.json()["attendance_count"] == 0 and made.json()["attendances"] == []
    url = f"/api/v1/trainings/{training.pk}/attendances/"
    member = personas.member_person
    outsider = f.member(county.village_b1, county.group_b1, name="东平党员")
    elsewhere = api.post_json(url, {"people": [member.pk, outsider.pk]}, **EN)
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "person_not_offered"
    assert api_as("village_admin_b").post_json(url, {"people": [member.pk]}).status_code == 404
    assert not Attendance.objects.exists()
    attended = api.post_json(url, {"people": [member.pk]})
    assert attended.status_code == 201, attended.content
    assert attended.json()["attendances"] == [
        {"id": Attendance.objects.get().pk, "person": member.pk, "person_name": "李党员", "hours": "2.5"}
    ]
    twice = api.post_json(url, {"people": [member.pk]}, **EN)
    assert twice.status_code == 400 and twice.json()["code"] == "already_attended"
    assert twice.json()["message"] == "李党员 are already registered for this training."
    assert Attendance.objects.count() == 1
    assert api_as("village_admin_b").get(f"/api/v1/trainings/{training.pk}/").status_code == 404
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/trainings/")) == [training.pk]
    assert ids(county_admin.get("/api/v1/trainings/", {"channel": "distance"})) == []


def test_trainings_of_another_county_are_not_listed(api_as, county, other):
    for organization in (county.village_a1, other[2]):
        learning.training_create(
            channel=Channel.DISTANCE,
            topic="远程教育",
            trainer_name="讲师",
            organization=organization,
            date=dt.date(2010, 5, 1),
            hours="2",
        )
    mine = Training.objects.get(organization=county.village_a1)
    assert ids(api_as("county_admin").get("/api/v1/trainings/")) == [mine.pk]
    theirs = Training.objects.get(organization=other[2])
    assert api_as("county_admin").get(f"/api/v1/trainings/{theirs.pk}/").status_code == 404


def test_teams_and_their_visits(api_as, county, other, django_assert_max_num_queries):
    leader = cadre(county.township_a, "熊队长")
    team_a = learning.service_team_create(
        name="熊山镇科技服务队", organization=county.township_a, members=[leader], leader=leader
    )
    team_b = learning.service_team_create(
        name="东平镇政策服务队", organization=county.township_b, members=[cadre(county.township_b, "东队员")]
    )
    learning.service_team_create(name="郑墩服务队", organization=other[1], members=[cadre(other[1], "郑队员")])
    county_admin = api_as("county_admin")
    with django_assert_max_num_queries(8):
        assert ids(county_admin.get("/api/v1/service-teams/")) == [team_a.pk, team_b.pk]
    detail = county_admin.get(f"/api/v1/service-teams/{team_a.pk}/").json()
    assert detail["leader_name"] == "熊队长" and detail["members"] == [{"person": leader.pk, "person_name": "熊队长"}]
    assert api_as("village_admin_b").get(f"/api/v1/service-teams/{team_a.pk}/").status_code == 404
    api = api_as("township_admin_a")
    body = {"team": team_a.pk, "date": "2010-06-01", "target": county.village_a1.code, "content": "送技术下乡"}
    far = api.post_json("/api/v1/service-visits/", {**body, "target": other[2].code}, **EN)
    assert far.status_code == 400 and far.json()["code"] == "other_county"
    assert far.json()["message"] == "The visited unit is not in the service team's county."
    assert api.post_json("/api/v1/service-visits/", {**body, "team": team_b.pk}).status_code == 404
    unknown = api.post_json("/api/v1/service-visits/", {**body, "kinds": ["magic"]})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_kind"
    assert not Visit.objects.exists()
    made = api.post_json("/api/v1/service-visits/", {**body, "kinds": ["technology"], "people_reached": 40})
    assert made.status_code == 201, made.content
    visit = Visit.objects.get()
    assert made.json() == {
        "id": visit.pk,
        "team": team_a.pk,
        "date": "2010-06-01",
        "target": county.village_a1.code,
        "kinds": ["technology"],
        "content": "送技术下乡",
        "people_reached": 40,
    }
    with django_assert_max_num_queries(9):
        assert ids(county_admin.get("/api/v1/service-visits/", {"month": "2010-06"})) == [visit.pk]
    assert ids(county_admin.get("/api/v1/service-visits/", {"kind": "law"})) == []
    assert ids(api_as("village_admin_b").get("/api/v1/service-visits/")) == []
    assert ServiceTeam.objects.get(pk=team_a.pk).visits.count() == 1


# -- creating pairings, batches, postings, teams ------------------------------------------


def test_a_pairing_is_made_of_what_the_page_offers(api_as, county, other):
    def unit(home, name):
        return org_services.outside_unit_create(home=home, kind=UnitKind.DEPARTMENT, name=name, level=UnitLevel.COUNTY)

    ours, theirs = unit(county.county, "县农业局"), unit(other[0], "松溪县农业局")
    api = api_as("township_admin_a")
    body = {"kind": "department", "village": county.village_a1.code, "unit": ours.pk, "start": "2010-02-01"}
    far = api.post_json("/api/v1/pairings/", {**body, "unit": theirs.pk}, **EN)
    assert far.status_code == 400 and far.json()["code"] == "unit_not_offered"
    assert far.json()["message"] == "The selected unit cannot be chosen here."
    assert api.post_json("/api/v1/pairings/", {**body, "village": county.village_b1.code}).status_code == 404
    stranger = f.member(county.village_b1, county.group_b1, name="东平党员")
    member = {"kind": "member", "village": county.village_a1.code, "start": "2010-02-01", "rural_person": stranger.pk}
    refused = api.post_json("/api/v1/pairings/", member)
    assert refused.status_code == 400 and refused.json()["code"] == "rural_person_not_offered"
    assert not Pairing.objects.exists()
    made = api.post_json("/api/v1/pairings/", body)
    assert made.status_code == 201, made.content
    stored = Pairing.objects.get()
    assert (stored.kind, stored.village, stored.unit, stored.start) == (
        "department",
        county.village_a1,
        ours,
        dt.date(2010, 2, 1),
    )
    assert made.json()["id"] == stored.pk and made.json()["urban_side"] == "县农业局"
    twice = api.post_json("/api/v1/pairings/", {**body, "start": "2010-03-01"})
    assert twice.status_code == 400 and twice.json()["code"] == "overlap"
    assert Pairing.objects.count() == 1


def test_batches_and_postings_are_made_by_the_county(api_as, county, other):
    county_admin = api_as("county_admin")
    body = {"county": county.county.code, "number": 1, "start": "2010-01-01", "end": "2010-12-31"}
    assert api_as("township_admin_a").post_json("/api/v1/posting-batches/", body).status_code == 404
    assert county_admin.post_json("/api/v1/posting-batches/", {**body, "county": other[0].code}).status_code == 404
    made = county_admin.post_json("/api/v1/posting-batches/", body)
    assert made.status_code == 201, made.content
    batch = PostingBatch.objects.get()
    assert made.json() == {
        "id": batch.pk,
        "county": county.county.code,
        "number": 1,
        "name": batch.name,
        "start": "2010-01-01",
        "end": "2010-12-31",
    }
    twice = county_admin.post_json("/api/v1/posting-batches/", body)
    assert twice.status_code == 400 and twice.json()["code"] == "batch_exists"
    assert ids(county_admin.get("/api/v1/posting-batches/")) == [batch.pk]
    ours = cadre(county.county, "挂职干部")
    theirs = cadre(other[0], "松溪干部")
    posting = {"batch": batch.pk, "cadre": ours.pk, "village": county.village_a1.code}
    far = county_admin.post_json("/api/v1/postings/", {**posting, "cadre": theirs.pk})
    assert far.status_code == 400 and far.json()["code"] == "cadre_not_offered"
    outside = county_admin.post_json("/api/v1/postings/", {**posting, "end": "2011-06-30"}, **EN)
    assert outside.status_code == 400 and outside.json()["code"] == "outside_batch_term"
    assert api_as("township_admin_a").post_json("/api/v1/postings/", posting).status_code == 404
    assert not Posting.objects.exists()
    done = county_admin.post_json("/api/v1/postings/", posting)
    assert done.status_code == 201, done.content
    stored = Posting.objects.get()
    assert (stored.cadre.person, stored.village, stored.start, stored.end) == (
        ours,
        county.village_a1,
        batch.start,
        batch.end,
    )
    again = county_admin.post_json("/api/v1/postings/", {**posting, "village": county.village_b1.code})
    assert again.status_code == 400 and again.json()["code"] == "overlap"
    assert Posting.objects.count() == 1


def test_a_team_is_formed_of_the_countys_cadres(api_as, county, other):
    leader, member = cadre(county.township_a, "熊队长"), cadre(county.township_a, "熊队员")
    outsider = cadre(other[1], "郑队员")
    api = api_as("township_admin_a")
    body = {
        "name": "熊山镇科技服务队",
        "organization": county.township_a.code,
        "members": [member.pk],
        "leader": leader.pk,
    }
    far = api.post_json("/api/v1/service-teams/", {**body, "members": [member.pk, outsider.pk]}, **EN)
    assert far.status_code == 400 and far.json()["code"] == "person_not_offered"
    assert far.json()["message"] == "Some of the selected people cannot be registered."
    assert api.post_json("/api/v1/service-teams/", {**body, "organization": county.township_b.code}).status_code == 404
    county_team = api_as("county_admin").post_json(
        "/api/v1/service-teams/", {**body, "organization": county.county.code}
    )
    assert county_team.status_code == 400 and county_team.json()["code"] == "unit_required"
    assert not ServiceTeam.objects.exists()
    made = api.post_json("/api/v1/service-teams/", body)
    assert made.status_code == 201, made.content
    team = ServiceTeam.objects.get()
    assert set(team.memberships.values_list("person_id", flat=True)) == {leader.pk, member.pk}
    assert made.json()["leader"] == leader.pk and made.json()["member_count"] == 2
