"""Service teams of cadres and their Four-Deliveries visits; each refusal changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from learning import services
from learning.models import DeliveryKind, ServiceTeam, TeamMember, Visit, VisitDelivery
from xianfeng.tests import factories as f

from .conftest import DAY, make_cadre


def test_the_four_deliveries_are_seeded(db):
    assert list(DeliveryKind.objects.values_list("name", flat=True)) == ["送政策", "送法律", "送技术", "送信息"]


def test_team_has_its_cadres_and_leader(team_a):
    assert sorted(team_a.members.values_list("name", flat=True)) == ["熊队员", "熊队长"]
    assert team_a.leader.name == "熊队长"


def test_county_team_is_organized_by_a_county_organ(county, agri_bureau):
    team = services.service_team_create(
        name="县农业局服务队",
        organization=county.county,
        unit=agri_bureau,
        members=[make_cadre(county.county, "局干部", unit=agri_bureau)],
    )
    assert team.organizer == "县农业局"


def test_refuses_a_county_team_without_its_organ(county):
    with pytest.raises(ValidationError, match="县直机关"):
        services.service_team_create(name="无名队", organization=county.county)
    assert ServiceTeam.objects.count() == 0


def test_refuses_a_team_member_who_is_not_a_cadre(county, personas):
    with pytest.raises(ValidationError, match="李党员不是"):
        services.service_team_create(
            name="熊山队",
            organization=county.township_a,
            members=[make_cadre(county.township_a, "甲"), personas.member_person],
        )
    assert ServiceTeam.objects.count() == 0 and TeamMember.objects.count() == 0


def test_refuses_a_team_organized_by_a_village(county):
    with pytest.raises(ValidationError, match="服务队由县直机关或乡镇组建"):
        services.service_team_create(name="村队", organization=county.village_a1)
    assert ServiceTeam.objects.count() == 0


def test_visit_is_tagged_by_codes_or_rows(team_a, county):
    law = DeliveryKind.objects.get(code="law")
    visit = services.visit_record(
        team=team_a,
        date=DAY,
        target=county.group_a1,
        content="讲解土地承包法",
        kinds=["policy", law],
        people_reached=30,
    )
    assert sorted(visit.kinds.values_list("code", flat=True)) == ["law", "policy"]
    assert visit.village == county.village_a1


def test_a_township_team_may_visit_any_village_of_its_county(team_a, county):
    visit = services.visit_record(
        team=team_a, date=DAY, target=county.village_b1, content="送信息", kinds=["information"]
    )
    assert visit.pk


def test_refuses_a_visit_target_outside_the_teams_county(team_a):
    other = f.county("350724", "松溪县", "Songxi County")
    village = f.village(f.township(other, "100", "松源镇"), "201", "松村")
    with pytest.raises(ValidationError, match="不在服务队所在的县"):
        services.visit_record(team=team_a, date=DAY, target=village, content="越界", kinds=["policy"])
    assert Visit.objects.count() == 0 and VisitDelivery.objects.count() == 0


def test_refuses_a_visit_to_a_township(team_a, county):
    with pytest.raises(ValidationError, match="行政村或党小组"):
        services.visit_record(team=team_a, date=DAY, target=county.township_a, content="x")
    assert Visit.objects.count() == 0


def test_refuses_a_visit_in_the_future(team_a, county):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.visit_record(team=team_a, date=tomorrow, target=county.village_a1, content="x", kinds=["law"])
    assert Visit.objects.count() == 0


def test_refuses_unknown_and_retired_delivery_kinds(team_a, county):
    with pytest.raises(ValidationError, match="未知的四送类别：送钱"):
        services.visit_record(team=team_a, date=DAY, target=county.village_a1, content="x", kinds=["送钱"])
    DeliveryKind.objects.filter(code="law").update(active=False)
    with pytest.raises(ValidationError, match="已停用：送法律"):
        services.visit_record(team=team_a, date=DAY, target=county.village_a1, content="x", kinds=["law"])
    assert Visit.objects.count() == 0


def test_a_county_may_add_a_delivery_kind(team_a, county):
    services.delivery_kind_create(code="culture", name="送文化", order=5)
    visit = services.visit_record(
        team=team_a, date=DAY, target=county.village_a1, content="电影下乡", kinds=["culture"]
    )
    assert [k.name for k in visit.kinds.all()] == ["送文化"]


def test_the_four_deliveries_can_be_restored_after_a_flush(db):
    from learning.models import DeliveryKind
    from learning.services import delivery_kinds_ensure_defaults

    DeliveryKind.objects.filter(code="law").delete()
    delivery_kinds_ensure_defaults()
    delivery_kinds_ensure_defaults()  # idempotent
    assert sorted(DeliveryKind.objects.values_list("code", flat=True)) == ["information", "law", "policy", "technology"]
