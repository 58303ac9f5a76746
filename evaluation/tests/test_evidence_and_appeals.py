"""Evidence uploads are type- and size-checked; an approved assessment may be appealed once."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import services
from evaluation.models import Appeal, AppealDecision, Assessment, Evidence

from .conftest import walk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessment(small, county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.assessment_start(period=small.period, standard=small.standard, organization=county.village_a1)


def test_a_pdf_is_stored_with_its_name_type_and_size(assessment, small):
    upload = SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")
    evidence = services.evidence_add(assessment=assessment, file=upload, item=small.big)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "会议记录.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("脚本.exe", b"MZ....", "application/octet-stream", "不支持的文件类型"),
        ("假的.pdf", b"<html>not a pdf</html>", "application/pdf", "内容与扩展名不符"),
        ("照片.png", PDF, "image/png", "内容与扩展名不符"),
        ("大文件.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "application/pdf", "超过 10 MB"),
    ],
)
def test_wrong_type_or_oversize_evidence_is_refused_and_nothing_is_stored(
    assessment, name, content, content_type, message, tmp_path
):
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(assessment=assessment, file=SimpleUploadedFile(name, content, content_type=content_type))
    assert Evidence.objects.count() == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_evidence_on_an_approved_assessment_is_refused(assessment):
    walk(assessment, ("50", "30"))
    with pytest.raises(ValidationError, match="已审定"):
        services.evidence_add(
            assessment=assessment, file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
        )
    assert Evidence.objects.count() == 0


def test_an_appeal_before_approval_is_refused(assessment):
    with pytest.raises(ValidationError, match="只有已审定"):
        services.appeal_file(assessment=assessment, reason="分数偏低")
    assert Appeal.objects.count() == 0


def test_a_second_appeal_is_refused_and_nothing_changes(assessment):
    walk(assessment, ("50", "30"))
    services.appeal_file(assessment=assessment, reason="第二项漏算了材料")
    events = assessment.events.count()
    with pytest.raises(ValidationError, match="只能申诉一次"):
        services.appeal_file(assessment=assessment, reason="再次申诉")
    assert Appeal.objects.count() == 1
    assert Appeal.objects.get().reason == "第二项漏算了材料"
    assert assessment.events.count() == events


def test_an_upheld_appeal_with_a_revised_total_changes_the_total(assessment):
    walk(assessment, ("50", "30"))
    appeal = services.appeal_file(assessment=assessment, reason="第二项漏算了材料")
    services.appeal_decide(
        appeal=appeal, decision=AppealDecision.UPHELD, reason="核实属实", revised_total=Decimal("85")
    )
    assert Assessment.objects.with_total().get(pk=assessment.pk).total == Decimal("85")
    with pytest.raises(ValidationError, match="已处理"):
        services.appeal_decide(appeal=appeal, decision=AppealDecision.REJECTED, reason="改判")
    assert Appeal.objects.get().decision == AppealDecision.UPHELD


def test_a_rejected_appeal_cannot_revise_the_total(assessment):
    walk(assessment, ("50", "30"))
    appeal = services.appeal_file(assessment=assessment, reason="不服")
    with pytest.raises(ValidationError, match="只有申诉成立"):
        services.appeal_decide(
            appeal=appeal, decision=AppealDecision.REJECTED, reason="无依据", revised_total=Decimal("90")
        )
    appeal.refresh_from_db()
    assert appeal.decision == "" and appeal.revised_total is None
    assert Assessment.objects.with_total().get(pk=assessment.pk).total == Decimal("80")
