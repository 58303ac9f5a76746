"""Each refusal of the supervision services gives a translated message and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from people.models import CadreRank
from supervision import services
from supervision.models import ContactPoint, DemonstrationSite, FollowUpAction, ModelMember, Rating, Review
from xianfeng.tests import factories as f

from .helpers import leader

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_review_dated_in_the_future_is_refused(linked):
    with pytest.raises(ValidationError) as exc:
        services.review_record(
            contact_point=linked.point_a1,
            date=dt.date(2010, 5, 2),
            findings="好",
            rating=Rating.GOOD,
            today=dt.date(2010, 5, 1),
        )
    assert "不能晚于今天" in _messages(exc)
    assert Review.objects.count() == 0


def test_review_dated_after_real_today_is_refused_without_override(linked):
    with pytest.raises(ValidationError):
        services.review_record(
            contact_point=linked.point_a1,
            date=dt.date.today() + dt.timedelta(days=2),
            findings="好",
            rating=Rating.GOOD,
        )
    assert Review.objects.count() == 0


def test_township_leader_cannot_link_to_another_townships_village(county, linked):
    with pytest.raises(ValidationError) as exc:
        services.contact_point_create(leader=linked.leader_a, target=county.village_b1, start=dt.date(2010, 1, 1))
    assert "只能联系本乡镇" in _messages(exc)
    assert ContactPoint.objects.filter(leader=linked.leader_a).count() == 1


def test_leader_who_is_not_a_county_or_section_level_cadre_is_refused(county):
    clerk = leader(county.township_a, "普通干部", rank=CadreRank.OTHER)
    villager = f.person(county.village_a1)
    for person in (clerk, villager):
        with pytest.raises(ValidationError) as exc:
            services.contact_point_create(leader=person, target=county.village_a1, start=dt.date(2010, 1, 1))
        assert "县级或科级干部" in _messages(exc)
    assert ContactPoint.objects.count() == 0


def test_county_leader_must_link_to_a_township_and_township_leader_to_a_village(county, linked):
    with pytest.raises(ValidationError) as exc:
        services.contact_point_create(leader=linked.county_leader, target=county.village_b1, start=dt.date(2010, 1, 1))
    assert "必须是乡镇" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.contact_point_create(leader=linked.leader_a, target=county.township_a, start=dt.date(2010, 1, 1))
    assert "必须是行政村" in _messages(exc)
    with pytest.raises(ValidationError):
        services.contact_point_create(leader=linked.leader_a, target=county.group_a1, start=dt.date(2010, 1, 1))
    assert ContactPoint.objects.count() == 3


def test_overlapping_contact_point_for_same_leader_and_target_is_refused(linked):
    with pytest.raises(ValidationError) as exc:
        services.contact_point_create(leader=linked.leader_a, target=linked.point_a1.target, start=dt.date(2010, 6, 1))
    assert "已联系此单位" in _messages(exc)
    assert ContactPoint.objects.count() == 3


def test_contact_point_ending_before_it_starts_is_refused(county, linked):
    with pytest.raises(ValidationError):
        services.contact_point_create(
            leader=linked.leader_a, target=county.village_a2, start=dt.date(2010, 6, 1), end=dt.date(2010, 5, 1)
        )
    assert ContactPoint.objects.count() == 3


def test_review_outside_the_contact_points_active_period_is_refused(linked):
    services.contact_point_end(contact_point=linked.point_a1, end=dt.date(2010, 6, 30))
    for day in (dt.date(2009, 12, 31), dt.date(2010, 7, 1)):
        with pytest.raises(ValidationError) as exc:
            services.review_record(contact_point=linked.point_a1, date=day, findings="好", rating=Rating.GOOD)
        assert "不在有效期内" in _messages(exc)
    assert Review.objects.count() == 0


def test_follow_up_deadline_before_the_review_date_is_refused(linked, personas):
    review = services.review_record(
        contact_point=linked.point_a1, date=dt.date(2010, 5, 1), findings="台账不全", rating=Rating.FAIR
    )
    with pytest.raises(ValidationError) as exc:
        services.follow_up_action_add(
            review=review, description="补齐台账", owner=personas.member_person, deadline=dt.date(2010, 4, 30)
        )
    assert "不能早于点评日期" in _messages(exc)
    assert FollowUpAction.objects.count() == 0


def test_follow_up_completed_twice_or_before_the_review_is_refused(linked, personas):
    review = services.review_record(
        contact_point=linked.point_a1, date=dt.date(2010, 5, 1), findings="台账不全", rating=Rating.FAIR
    )
    action = services.follow_up_action_add(
        review=review, description="补齐台账", owner=personas.member_person, deadline=dt.date(2010, 6, 1)
    )
    with pytest.raises(ValidationError):
        services.follow_up_action_complete(action=action, done_on=dt.date(2010, 4, 1))
    action.refresh_from_db()
    assert action.done_on is None
    services.follow_up_action_complete(action=action, done_on=dt.date(2010, 5, 20))
    with pytest.raises(ValidationError) as exc:
        services.follow_up_action_complete(action=FollowUpAction.objects.get(), done_on=dt.date(2010, 5, 25))
    assert "已于2010-05-20完成" in _messages(exc)
    action.refresh_from_db()
    assert action.done_on == dt.date(2010, 5, 20)


def test_model_member_who_is_not_a_party_member_is_refused(county):
    villager = f.person(county.village_a1, name="王村民")
    with pytest.raises(ValidationError) as exc:
        services.model_member_create(person=villager, year=2010, deeds="带头致富")
    assert "不是党员" in _messages(exc)
    assert ModelMember.objects.count() == 0


def test_model_member_named_twice_in_one_year_is_refused(personas):
    services.model_member_create(person=personas.member_person, year=2010, deeds="带头致富")
    with pytest.raises(ValidationError) as exc:
        services.model_member_create(person=personas.member_person, year=2010, deeds="又一次")
    assert "已是2010年度的标兵" in _messages(exc)
    assert list(ModelMember.objects.values_list("deeds", flat=True)) == ["带头致富"]


def test_model_member_keeps_the_branch_they_belonged_to_when_named(county, personas):
    m = services.model_member_create(person=personas.member_person, year=2010, deeds="带头致富")
    assert m.organization == county.village_a1


def test_duplicate_demonstration_site_for_same_organization_and_year_is_refused(county):
    services.demonstration_site_create(organization=county.village_a1, year=2010, reason="村务公开规范")
    with pytest.raises(ValidationError) as exc:
        services.demonstration_site_create(organization=county.village_a1, year=2010, reason="重复")
    assert "已是2010年度的示范点" in _messages(exc)
    assert list(DemonstrationSite.objects.values_list("reason", flat=True)) == ["村务公开规范"]
    # The next year is a new selection.
    services.demonstration_site_create(organization=county.village_a1, year=2011, reason="继续保持")


def test_demonstration_site_must_be_a_township_village_or_party_group(county):
    with pytest.raises(ValidationError) as exc:
        services.demonstration_site_create(organization=county.county, year=2010, reason="全县")
    assert "乡镇、行政村或党小组" in _messages(exc)
    for org in (county.township_a, county.village_a1, county.group_a1):
        services.demonstration_site_create(organization=org, year=2010, reason="好")
    assert DemonstrationSite.objects.count() == 3


def test_review_requirement_with_zero_reviews_is_refused(county):
    from supervision.models import ReviewRequirement

    with pytest.raises(ValidationError):
        services.review_requirement_set(
            county=county.county, level="township", reviews_required=0, period_months=12, due_soon_days=30
        )
    with pytest.raises(ValidationError):
        services.review_requirement_set(
            county=county.township_a, level="township", reviews_required=2, period_months=12, due_soon_days=30
        )
    assert ReviewRequirement.objects.count() == 0
