"""Pages per persona: who sees what (404 outside scope), who may press which button, and refusals on the page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.xlsx import XLSX_CONTENT_TYPE
from evaluation import services
from evaluation.models import Assessment, Evidence, ItemScore, Status

from .conftest import make_period, make_small_standard, walk


@pytest.fixture
def cycle(county, personas):
    standard, big, small_item = make_small_standard(county.county)
    lead, _b, _s = make_small_standard(county.county, code="five_lead")
    period = make_period(county.county)
    made = {
        v: services.assessment_start(period=period, standard=standard, organization=getattr(county, v))
        for v in ("village_a1", "village_a2", "village_b1")
    }
    made["member"] = services.assessment_start(period=period, standard=lead, person=personas.member_person)
    made.update(standard=standard, big=big, small=small_item, period=period)
    return made


PAGES = [
    "evaluation:home",
    "evaluation:standards",
    "evaluation:periods",
    "evaluation:assessments",
    "evaluation:ranking",
    "evaluation:cadres",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_each_persona_and_sends_the_public_to_login(persona_client, cycle, name):
    response = persona_client.get(reverse(name))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


# Which assessments each persona may open.
SEES = {
    "county_admin": {"village_a1", "village_a2", "village_b1", "member"},
    "township_admin_a": {"village_a1", "village_a2", "member"},
    "village_admin_b": {"village_b1"},
    "member": {"member"},
    "anonymous": set(),
}


def test_assessment_detail_is_404_outside_scope(persona_client, cycle):
    for key in ("village_a1", "village_a2", "village_b1", "member"):
        response = persona_client.get(reverse("evaluation:assessment_detail", args=[cycle[key].pk]))
        if persona_client.persona == "anonymous":
            assert response.status_code == 302
        elif key in SEES[persona_client.persona]:
            assert response.status_code == 200, key
        else:
            assert response.status_code == 404, key


def test_the_list_shows_only_assessments_in_scope(persona_client, cycle):
    if persona_client.persona == "anonymous":
        return
    response = persona_client.get(reverse("evaluation:assessments"))
    shown = {a.pk for a in response.context["page_obj"]}
    assert shown == {cycle[k].pk for k in SEES[persona_client.persona]}


def test_township_admin_cannot_open_other_townships_village_assessment(client, personas, cycle):
    client.force_login(personas.township_admin_a)
    url = reverse("evaluation:assessment_detail", args=[cycle["village_b1"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1", "action": "approve"}).status_code == 404


def test_village_admin_scores_and_submits_then_cannot_score_again(client, personas, cycle):
    client.force_login(personas.village_admin_b)
    a = cycle["village_b1"]
    url = reverse("evaluation:assessment_detail", args=[a.pk])
    response = client.post(
        url,
        {
            "confirm": "1",
            "action": "submit",
            f"score_{cycle['big'].pk}": "55",
            f"score_{cycle['small'].pk}": "35",
            "comment": "请审核",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.with_status().get(pk=a.pk).status == Status.REVIEW
    assert a.events.last().actor == personas.village_admin_b
    assert client.post(url, {"action": "save_self", f"score_{cycle['big'].pk}": "60"}).status_code == 403
    assert ItemScore.objects.get(assessment=a, item=cycle["big"]).self_score == Decimal("55")


def test_a_score_above_the_points_on_the_page_is_refused_with_a_message_and_submits_nothing(client, personas, cycle):
    client.force_login(personas.village_admin_b)
    a = cycle["village_b1"]
    url = reverse("evaluation:assessment_detail", args=[a.pk])
    response = client.post(
        url,
        {"confirm": "1", "action": "submit", f"score_{cycle['big'].pk}": "61", f"score_{cycle['small'].pk}": "35"},
        follow=True,
    )
    assert "超过该项分值 60" in response.content.decode()
    assert Assessment.objects.with_status().get(pk=a.pk).status == Status.SELF
    assert list(ItemScore.objects.filter(assessment=a).values_list("self_score", flat=True)) == [None, None]
    response = client.post(url, {"action": "save_self", f"score_{cycle['big'].pk}": "abc"}, follow=True)
    assert "不是有效数字" in response.content.decode()


def test_county_admin_cannot_approve_before_the_township_review(client, personas, cycle):
    a = walk(cycle["village_a1"], ("50", "30"), until="review")
    client.force_login(personas.county_admin)
    response = client.post(reverse("evaluation:assessment_detail", args=[a.pk]), {"confirm": "1", "action": "approve"})
    assert response.status_code == 403  # the button is not offered, and a forged post is refused
    assert Assessment.objects.with_status().get(pk=a.pk).status == Status.REVIEW


def test_township_reviews_and_county_approves_through_the_pages(client, personas, cycle):
    a = walk(cycle["village_a1"], ("50", "30"), until="review")
    client.force_login(personas.township_admin_a)
    url = reverse("evaluation:assessment_detail", args=[a.pk])
    client.post(url, {"confirm": "1", "action": "review_submit", f"score_{cycle['big'].pk}": "45"})
    client.force_login(personas.county_admin)
    client.post(url, {"confirm": "1", "action": "approve", "comment": "同意"})
    row = Assessment.objects.with_status().with_total().get(pk=a.pk)
    assert (row.status, row.total) == (Status.APPROVED, Decimal("75"))
    response = client.get(reverse("evaluation:ranking"))
    assert [r.assessment.pk for r in response.context["rows"]] == [a.pk]


def test_member_self_assesses_their_own_five_lead_and_appeals_once(client, personas, cycle):
    a = cycle["member"]
    client.force_login(personas.member)
    url = reverse("evaluation:assessment_detail", args=[a.pk])
    assert "self_score" in client.get(url).context["actions"]
    walk(a, ("50", "30"))
    client.post(url, {"confirm": "1", "action": "appeal", "reason": "志愿服务时长漏计"})
    assert a.appeal.reason == "志愿服务时长漏计"
    assert client.post(url, {"confirm": "1", "action": "appeal", "reason": "再诉"}).status_code == 403
    assert Assessment.objects.get(pk=a.pk).appeal.reason == "志愿服务时长漏计"


def test_wrong_type_evidence_on_the_page_is_refused_with_a_message(client, personas, cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.village_admin_b)
    url = reverse("evaluation:assessment_detail", args=[cycle["village_b1"].pk])
    upload = SimpleUploadedFile("照片.png", b"not really a png", content_type="image/png")
    response = client.post(url, {"action": "evidence", "file": upload}, follow=True)
    assert "内容与扩展名不符" in response.content.decode()
    assert Evidence.objects.count() == 0
    good = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {"action": "evidence", "file": good, "item": cycle["big"].pk})
    evidence = Evidence.objects.get()
    assert client.get(reverse("evaluation:evidence_download", args=[evidence.pk])).status_code == 200
    client.force_login(personas.township_admin_a)
    assert client.get(reverse("evaluation:evidence_download", args=[evidence.pk])).status_code == 404


def test_only_the_county_admin_edits_standards_and_activation_reports_the_sum(client, personas, county, cycle):
    client.force_login(personas.township_admin_a)
    assert (
        client.post(
            reverse("evaluation:standards"), {"code": "five_good", "name": "新标准", "total_points": "100"}
        ).status_code
        == 403
    )
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("evaluation:standards"), {"code": "five_good", "name": "新标准", "total_points": "100"}
    )
    draft_url = response["Location"]
    pk = int(draft_url.rstrip("/").rsplit("/", 1)[1])
    client.post(reverse("evaluation:standard_action", args=[pk, "dimension"]), {"name": "领导班子好"})
    from evaluation.models import Standard

    dimension = Standard.objects.get(pk=pk).dimensions.get()
    client.post(
        reverse("evaluation:standard_action", args=[pk, "item"]),
        {"dimension": dimension.pk, "title": "甲", "points": "30"},
    )
    response = client.post(reverse("evaluation:standard_action", args=[pk, "activate"]), follow=True)
    assert "各项分值合计为 30.0 分，应为 100.0 分" in response.content.decode()
    assert Standard.objects.get(pk=pk).status == "draft"


def test_export_gives_an_xlsx_of_the_scoped_rows(client, personas, cycle):
    client.force_login(personas.township_admin_a)
    response = client.get(reverse("evaluation:assessments"), {"format": "xlsx"})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE


def test_list_and_ranking_queries_do_not_grow_with_rows(client, personas, county, cycle, django_assert_max_num_queries):
    from xianfeng.tests import factories as f

    client.force_login(personas.county_admin)
    for key in ("village_a1", "village_a2", "village_b1"):
        walk(cycle[key], ("50", "30"))
    # 16: two of them the campaign calendar's (the periods on record; the campaign year's period).
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("evaluation:assessments"))
    with django_assert_max_num_queries(16):
        client.get(reverse("evaluation:ranking"))
    for n in range(6):
        v = f.village(county.township_b, f"3{n:02d}")
        walk(
            services.assessment_start(period=cycle["period"], standard=cycle["standard"], organization=v), ("55", "40")
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("evaluation:assessments"))
    assert len(response.context["page_obj"]) == 10
    with django_assert_max_num_queries(16):
        response = client.get(reverse("evaluation:ranking"))
    assert len(response.context["rows"]) == 9


def test_submit_and_approve_ask_first_and_change_nothing_until_confirmed(client, personas, cycle):
    """A one-way step posted without confirm=1 gets the confirmation page (common/confirm.py), scores kept."""
    client.force_login(personas.village_admin_b)
    a = cycle["village_b1"]
    url = reverse("evaluation:assessment_detail", args=[a.pk])
    page = client.get(url).content.decode()
    assert 'value="submit" class="button" data-confirm="提交后自评分不能再修改' in page
    data = {"action": "submit", f"score_{cycle['big'].pk}": "55", f"score_{cycle['small'].pk}": "35"}
    asked = client.post(url, data)
    html = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm-page"' in html and "确认提交" in html
    assert f'name="score_{cycle["big"].pk}" value="55"' in html and 'name="action" value="submit"' in html
    assert Assessment.objects.with_status().get(pk=a.pk).status == Status.SELF
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert Assessment.objects.with_status().get(pk=a.pk).status == Status.REVIEW
    b = walk(cycle["village_a1"], ("50", "30"), until="approval")
    client.force_login(personas.county_admin)
    url = reverse("evaluation:assessment_detail", args=[b.pk])
    assert "只能通过申诉更正" in client.post(url, {"action": "approve"}).content.decode()
    assert Assessment.objects.with_status().get(pk=b.pk).status != Status.APPROVED
