"""Supervision pages per persona: who sees what, who may write, and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.xlsx import XLSX_CONTENT_TYPE
from people import services as people_services
from people.models import Post
from supervision import services
from supervision.models import ContactPoint, DemonstrationSite, FollowUpAction, ModelMember, Rating, Review
from supervision.selectors import review_requirements
from xianfeng.tests import factories as f

from .helpers import contact_point, leader

pytestmark = pytest.mark.django_db

# Which fixture villages/townships each persona sees in lists (by target code suffix).
SITE_VISIBILITY = {
    "county_admin": {"a1", "b1"},
    "township_admin_a": {"a1"},
    "village_admin_b": {"b1"},
    "member": set(),
}


@pytest.fixture
def sites(county, personas):
    return {
        "a1": services.demonstration_site_create(organization=county.village_a1, year=2010, reason="示范甲村"),
        "b1": services.demonstration_site_create(organization=county.village_b1, year=2010, reason="示范乙村"),
    }


@pytest.fixture
def models(county, personas):
    member_b = f.member(county.village_b1, county.group_b1, name="赵标兵")
    return {
        "a1": services.model_member_create(person=personas.member_person, year=2010, deeds="带头致富甲"),
        "b1": services.model_member_create(person=member_b, year=2010, deeds="带头致富乙"),
    }


def _login_or_404(response, persona: str) -> bool:
    if persona == "anonymous":
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        return True
    return False


# -- lists per persona --------------------------------------------------------------------


def test_index_needs_login_and_opens_for_every_persona(persona_client):
    response = persona_client.get(reverse("supervision:index"))
    if not _login_or_404(response, persona_client.persona):
        assert response.status_code == 200


def test_demonstration_sites_list_shows_only_sites_in_scope(persona_client, sites):
    response = persona_client.get(reverse("supervision:site_list"))
    if _login_or_404(response, persona_client.persona):
        return
    html = response.content.decode()
    shown = {key for key, text in (("a1", "示范甲村"), ("b1", "示范乙村")) if text in html}
    assert shown == SITE_VISIBILITY[persona_client.persona]


def test_model_members_list_shows_only_models_in_scope(persona_client, models):
    response = persona_client.get(reverse("supervision:model_list"))
    if _login_or_404(response, persona_client.persona):
        return
    html = response.content.decode()
    shown = {key for key, text in (("a1", "带头致富甲"), ("b1", "带头致富乙")) if text in html}
    assert shown == SITE_VISIBILITY[persona_client.persona]


CONTACT_VISIBILITY = {
    "county_admin": {"王县长", "张镇长", "陈书记"},
    "township_admin_a": {"王县长", "张镇长"},
    "village_admin_b": {"陈书记"},
    "member": set(),
}


def test_contact_points_list_shows_only_points_whose_target_is_in_scope(persona_client, linked):
    response = persona_client.get(reverse("supervision:contact_point_list") + "?on=2010-12-31")
    if _login_or_404(response, persona_client.persona):
        return
    html = response.content.decode()
    shown = {name for name in ("王县长", "张镇长", "陈书记") if name in html}
    assert shown == CONTACT_VISIBILITY[persona_client.persona]


def test_contact_point_detail_outside_scope_is_404(persona_client, linked):
    for point, name in ((linked.point_county, "王县长"), (linked.point_a1, "张镇长"), (linked.point_b1, "陈书记")):
        response = persona_client.get(reverse("supervision:contact_point_detail", args=[point.pk]))
        if _login_or_404(response, persona_client.persona):
            continue
        expected = 200 if name in CONTACT_VISIBILITY[persona_client.persona] else 404
        assert response.status_code == expected


# -- the linked leader ------------------------------------------------------------------------


def test_linked_leader_sees_only_own_contact_points(client, county, linked, leader_a_user):
    # Another township-A leader also links to village a1: 张镇长 may read the village, not that point.
    other = contact_point(leader(county.township_a, "李副镇长"), county.village_a1)
    client.force_login(leader_a_user)
    html = client.get(reverse("supervision:contact_point_list") + "?on=2010-12-31").content.decode()
    assert "张镇长" in html
    assert "李副镇长" not in html and "王县长" not in html and "陈书记" not in html
    assert client.get(reverse("supervision:contact_point_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("supervision:contact_point_detail", args=[linked.point_b1.pk])).status_code == 404


def test_linked_leader_reads_no_villages_internal_lists_only_the_public_page(client, county, sites, leader_a_user):
    """A leader is given no read scope over their contact points' villages (T-TRUST: own contact points)."""
    client.force_login(leader_a_user)
    html = client.get(reverse("supervision:site_list")).content.decode()
    assert "示范甲村" not in html and "示范乙村" not in html
    public = client.get(reverse("portal:village", args=[county.village_a1.code])).content.decode()
    assert "2010" in public and county.village_a1.name in public


def _secretary(county, person):
    """Make ``person`` the secretary of village a1: an office holder a leader may name as owner."""
    people_services.appointment_create(
        person=person, organization=county.village_a1, post=Post.VILLAGE_SECRETARY, start=dt.date(2008, 1, 1)
    )
    return person


def test_linked_leader_records_a_review_and_follow_up(client, county, linked, leader_a_user, personas):
    _secretary(county, personas.member_person)
    client.force_login(leader_a_user)
    url = reverse("supervision:review_create", args=[linked.point_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2010-05-01", "rating": Rating.FAIR, "findings": "台账不全"})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.contact_point, review.recorded_by) == (linked.point_a1, leader_a_user)
    response = client.post(
        reverse("supervision:action_create", args=[review.pk]),
        {"description": "补齐台账", "owner": personas.member_person.pk, "deadline": "2010-06-01"},
    )
    assert response.status_code == 302
    action = FollowUpAction.objects.get()
    response = client.post(reverse("supervision:action_complete", args=[action.pk]), {"done_on": "2010-05-20"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == dt.date(2010, 5, 20)
    html = client.get(reverse("supervision:contact_point_detail", args=[linked.point_a1.pk])).content.decode()
    assert "台账不全" in html and "补齐台账" in html


def test_review_in_the_future_shows_the_message_and_saves_nothing(client, linked, leader_a_user):
    client.force_login(leader_a_user)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("supervision:review_create", args=[linked.point_a1.pk]),
        {"date": future, "rating": Rating.GOOD, "findings": "好"},
    )
    assert response.status_code == 200
    assert "点评日期不能晚于今天" in response.content.decode()
    assert Review.objects.count() == 0


def test_leader_names_an_office_holder_as_owner_never_any_villager(client, county, linked, leader_a_user, personas):
    """The owner picker offers a leader the village's office holders and themself, not its members."""
    secretary = _secretary(county, f.member(county.village_a1, county.group_a1, name="陈支书"))
    review = services.review_record(
        contact_point=linked.point_a1, date=dt.date(2010, 5, 1), findings="x", rating="fair"
    )
    client.force_login(leader_a_user)
    url = reverse("supervision:action_create", args=[review.pk])
    offered = {p.pk for p in client.get(url).context["form"].fields["owner"].queryset}
    assert offered == {secretary.pk, linked.leader_a.pk}
    html = client.get(url).content.decode()
    assert "陈支书（念山村）" in html and personas.member_person.name not in html
    response = client.post(
        url, {"description": "补齐台账", "owner": personas.member_person.pk, "deadline": "2010-06-01"}
    )
    assert response.status_code == 200 and FollowUpAction.objects.count() == 0
    response = client.post(url, {"description": "补齐台账", "owner": secretary.pk, "deadline": "2010-06-01"})
    assert response.status_code == 302 and FollowUpAction.objects.get().owner == secretary


def test_follow_up_with_deadline_before_review_shows_the_message(client, county, linked, leader_a_user, personas):
    _secretary(county, personas.member_person)
    review = services.review_record(
        contact_point=linked.point_a1, date=dt.date(2010, 5, 1), findings="x", rating="fair"
    )
    client.force_login(leader_a_user)
    response = client.post(
        reverse("supervision:action_create", args=[review.pk]),
        {"description": "补齐台账", "owner": personas.member_person.pk, "deadline": "2010-04-01"},
    )
    assert response.status_code == 200
    assert "完成时限不能早于点评日期" in response.content.decode()
    assert FollowUpAction.objects.count() == 0


def test_linked_leader_cannot_review_another_leaders_point(client, linked, leader_a_user):
    client.force_login(leader_a_user)
    response = client.post(
        reverse("supervision:review_create", args=[linked.point_b1.pk]),
        {"date": "2010-05-01", "rating": Rating.GOOD, "findings": "好"},
    )
    assert response.status_code == 404
    assert Review.objects.count() == 0


def test_township_admin_sees_but_cannot_review(client, linked, personas):
    client.force_login(personas.township_admin_a)
    response = client.post(
        reverse("supervision:review_create", args=[linked.point_a1.pk]),
        {"date": "2010-05-01", "rating": Rating.GOOD, "findings": "好"},
    )
    assert response.status_code == 403
    assert Review.objects.count() == 0


def test_county_admin_may_record_a_review(client, linked, personas):
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("supervision:review_create", args=[linked.point_b1.pk]),
        {"date": "2010-05-01", "rating": Rating.GOOD, "findings": "好"},
    )
    assert response.status_code == 302
    assert Review.objects.get().recorded_by == personas.county_admin


def test_my_due_reviews_lists_the_leaders_overdue_points(client, linked, leader_a_user):
    # The fixture's points started 2010-01-01 with no reviews, so today they are overdue or due.
    client.force_login(leader_a_user)
    html = client.get(reverse("supervision:my_reviews"), HTTP_HX_REQUEST="true").content.decode()
    assert "念山村" in html and "东平村" not in html
    # Opened directly, the fragment leads to the whole page that holds it.
    response = client.get(reverse("supervision:my_reviews"))
    assert response.status_code == 302 and response.url == reverse("supervision:index") + "#my-due-reviews"
    page = client.get(response.url).content.decode()
    assert "<nav" in page and 'id="my-due-reviews"' in page and "念山村" in page
    rf = RequestFactory().get("/")
    rf.user = leader_a_user
    rendered = Template("{% load supervision %}{% my_due_reviews %}").render(Context({"request": rf}))
    assert "念山村" in rendered


# -- county admin selections ---------------------------------------------------------------


def test_county_admin_adds_and_removes_a_demonstration_site(client, county, personas):
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("supervision:site_create"), {"organization": county.village_a2.pk, "year": 2010, "reason": "新选"}
    )
    assert response.status_code == 302
    site = DemonstrationSite.objects.get()
    response = client.post(
        reverse("supervision:site_create"), {"organization": county.village_a2.pk, "year": 2010, "reason": "重复"}
    )
    assert response.status_code == 200 and "已是2010年度的示范点" in response.content.decode()
    assert DemonstrationSite.objects.count() == 1
    assert client.post(reverse("supervision:site_delete", args=[site.pk])).status_code == 302
    assert DemonstrationSite.objects.count() == 0


def test_only_the_county_admin_adds_or_removes_sites(client, sites, personas, county):
    client.force_login(personas.township_admin_a)
    assert client.get(reverse("supervision:site_create")).status_code == 403
    assert client.post(reverse("supervision:site_delete", args=[sites["a1"].pk])).status_code == 403
    assert client.post(reverse("supervision:site_delete", args=[sites["b1"].pk])).status_code == 404
    assert DemonstrationSite.objects.count() == 2


def test_county_admin_adds_and_removes_a_model_member(client, county, personas):
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("supervision:model_create"), {"person": personas.member_person.pk, "year": 2010, "deeds": "带头"}
    )
    assert response.status_code == 302
    model = ModelMember.objects.get()
    client.force_login(personas.village_admin_b)
    assert client.post(reverse("supervision:model_delete", args=[model.pk])).status_code == 404
    client.force_login(personas.county_admin)
    assert client.post(reverse("supervision:model_delete", args=[model.pk])).status_code == 302
    assert ModelMember.objects.count() == 0


def test_county_admin_adds_a_contact_point_and_refusals_show(client, county, linked, personas):
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("supervision:contact_point_create"),
        {"leader": linked.leader_a.pk, "target": county.village_b1.pk, "start": "2010-01-01"},
    )
    assert response.status_code == 200 and "只能联系本乡镇" in response.content.decode()
    assert ContactPoint.objects.count() == 3
    response = client.post(
        reverse("supervision:contact_point_create"),
        {"leader": linked.leader_a.pk, "target": county.village_a2.pk, "start": "2010-01-01"},
    )
    assert response.status_code == 302
    assert ContactPoint.objects.count() == 4


def test_requirements_page_is_for_the_county_admin(client, county, personas):
    client.force_login(personas.township_admin_a)
    assert client.get(reverse("supervision:requirements")).status_code == 404
    client.force_login(personas.county_admin)
    assert client.get(reverse("supervision:requirements")).status_code == 200
    response = client.post(
        reverse("supervision:requirements"),
        {
            "level": "township",
            "township-reviews_required": 3,
            "township-period_months": 12,
            "township-due_soon_days": 20,
        },
    )
    assert response.status_code == 302
    r = review_requirements([county.county.code])[(county.county.code, "township")]
    assert (r.reviews_required, r.due_soon_days) == (3, 20)


# -- exports and filters ---------------------------------------------------------------------


def test_exports_are_excel_and_scoped(client, sites, models, linked, personas):
    client.force_login(personas.township_admin_a)
    for name in ("site_list", "model_list", "contact_point_list"):
        response = client.get(reverse(f"supervision:{name}") + "?format=xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_CONTENT_TYPE


def test_site_filters_by_year_and_township(client, county, sites, personas):
    services.demonstration_site_create(organization=county.village_a2, year=2011, reason="次年示范")
    client.force_login(personas.county_admin)
    html = client.get(reverse("supervision:site_list") + "?year=2011").content.decode()
    assert "次年示范" in html and "示范甲村" not in html
    html = client.get(reverse("supervision:site_list") + f"?township={county.township_b.code}").content.decode()
    assert "示范乙村" in html and "示范甲村" not in html


def test_contact_points_filter_by_state(client, county, linked, personas):
    services.review_record(contact_point=linked.point_a1, date=dt.date(2010, 3, 1), findings="x", rating="good")
    client.force_login(personas.county_admin)
    html = client.get(reverse("supervision:contact_point_list") + "?on=2010-07-01&state=overdue").content.decode()
    assert "陈书记" in html and "张镇长" not in html


# -- query counts ----------------------------------------------------------------------------


def _add_rows(township, prefix: str, n: int) -> None:
    """Add ``n`` villages to ``township``, each a demonstration site, with a model member and a contact point."""
    for i in range(n):
        village = f.village(township, f"{prefix}{i:02d}")
        services.demonstration_site_create(organization=village, year=2010, reason=f"理由{prefix}{i}")
        services.model_member_create(person=f.member(village), year=2010, deeds=f"事迹{prefix}{i}")
        contact_point(leader(township, f"领导{prefix}{i}"), village)


@pytest.mark.parametrize("name", ["site_list", "model_list", "contact_point_list", "index"])
def test_list_queries_do_not_grow_with_rows(client, county, linked, personas, name, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    url = reverse(f"supervision:{name}") + ("?on=2010-12-31" if name == "contact_point_list" else "")
    _add_rows(county.township_a, "3", 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_rows(county.township_b, "4", 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_linked_leader_pages_use_constant_queries(client, county, linked, leader_a_user, django_assert_max_num_queries):
    client.force_login(leader_a_user)
    url = reverse("supervision:contact_point_list") + "?on=2010-12-31"
    with django_assert_max_num_queries(14):
        client.get(url)
