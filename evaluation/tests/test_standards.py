"""Standards as data: points add up on activation, versions, frozen once used, Zhenghe's 23 / 19 items."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.figures import compute_figures
from evaluation import services
from evaluation.models import GradeBand, Item, Standard, StandardCode, StandardStatus

from .conftest import walk


def test_activating_a_standard_whose_points_do_not_add_up_is_refused_and_changes_nothing(county):
    standard = services.standard_create(county=county.county, code=StandardCode.FIVE_GOOD, name="五个好")
    dimension = services.dimension_add(standard=standard, name="领导班子好")
    services.item_add(dimension=dimension, title="甲", points=Decimal("60"))
    services.item_add(dimension=dimension, title="乙", points=Decimal("30"))
    with pytest.raises(ValidationError) as exc:
        services.standard_activate(standard=standard)
    assert "90" in exc.value.messages[0] and "100" in exc.value.messages[0]
    standard.refresh_from_db()
    assert standard.status == StandardStatus.DRAFT
    assert standard.effective_from is None


def test_activating_retires_the_previous_active_version(small):
    draft = services.standard_new_version(standard=small.standard)
    services.standard_activate(standard=draft)
    small.standard.refresh_from_db()
    assert small.standard.status == StandardStatus.RETIRED
    assert Standard.objects.get(pk=draft.pk).status == StandardStatus.ACTIVE


def test_new_version_copies_dimensions_items_and_bands_and_leaves_the_original_alone(small):
    services.standard_new_version(standard=small.standard)
    copy = Standard.objects.get(code=small.standard.code, version=2)
    assert copy.status == StandardStatus.DRAFT
    assert list(Item.objects.filter(dimension__standard=copy).values_list("title", "points")) == [
        ("班子团结", Decimal("60")),
        ("制度健全", Decimal("40")),
    ]
    assert GradeBand.objects.filter(standard=copy).count() == 4
    assert Item.objects.filter(dimension__standard=small.standard).count() == 2


def test_editing_an_active_standard_is_refused(small):
    with pytest.raises(ValidationError, match="草稿"):
        services.item_update(item=small.big, title="改", points=Decimal("50"))
    small.big.refresh_from_db()
    assert small.big.points == Decimal("60") and small.big.title == "班子团结"


def test_a_version_used_by_an_approved_assessment_is_frozen(small, county):
    assessment = services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)
    walk(assessment, ("50", "30"))
    # Even were it a draft again, the approved assessment freezes it.
    Standard.objects.filter(pk=small.standard.pk).update(status=StandardStatus.DRAFT)
    small.standard.refresh_from_db()
    with pytest.raises(ValidationError, match="已审定"):
        services.item_add(dimension=small.big.dimension, title="新增", points=Decimal("1"))
    assert Item.objects.filter(dimension__standard=small.standard).count() == 2
    assert services.standard_is_frozen(small.standard)


def test_grade_bands_must_fall_from_excellent_to_fail(county):
    standard = services.standard_create(county=county.county, code=StandardCode.FIVE_GOOD, name="五个好")
    with pytest.raises(ValidationError, match="依次降低"):
        services.grade_bands_set(standard=standard, minimums={"excellent": 70, "good": 75, "pass": 60, "fail": 0})
    assert GradeBand.objects.get(standard=standard, grade="good").minimum == Decimal("75")
    services.grade_bands_set(standard=standard, minimums={"excellent": 85, "good": 70, "pass": 55, "fail": 0})
    assert GradeBand.objects.get(standard=standard, grade="excellent").minimum == Decimal("85")


def test_zhenghe_standards_have_23_and_19_items_of_100_points_under_five_dimensions(county):
    five_good, five_lead = services.standards_install_zhenghe(county=county.county, effective_from=dt.date(2010, 1, 1))
    for standard, count in ((five_good, 23), (five_lead, 19)):
        assert standard.status == StandardStatus.ACTIVE
        assert standard.dimensions.count() == 5
        assert Item.objects.filter(dimension__standard=standard).count() == count
        assert services.standard_points_sum(standard) == Decimal("100")
    assert list(five_good.dimensions.values_list("name", flat=True)) == [
        "领导班子好",
        "党员队伍好",
        "工作机制好",
        "发展业绩好",
        "群众反映好",
    ]
    assert list(five_lead.dimensions.values_list("name", flat=True)) == [
        "带头学习提高",
        "带头争创佳绩",
        "带头服务群众",
        "带头遵纪守法",
        "带头弘扬正气",
    ]
    # Installing twice changes nothing.
    services.standards_install_zhenghe(county=county.county)
    assert Standard.objects.count() == 2


def test_item_figures_count_the_active_versions_items(county):
    services.standards_install_zhenghe(county=county.county)
    assert compute_figures(county.county, 2010, ["five_good_items", "five_lead_items"]) == {
        "five_good_items": 23,
        "five_lead_items": 19,
    }
    five_good = Standard.objects.get(code=StandardCode.FIVE_GOOD)
    draft = services.standard_new_version(standard=five_good)
    services.item_delete(item=Item.objects.filter(dimension__standard=draft).first())
    assert compute_figures(county.township_a, 2010, ["five_good_items"]) == {"five_good_items": 23}
