"""Assessments (考评): list, detail, and the workflow steps, each through the page's service.

A step the caller holds no right for is 403, as on the page; a step the caller could take but the
assessment is not at (submitting twice, approving before the review) is the service's own refusal,
``out_of_order`` (409), or ``approved`` (409) once the county approved it.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from evaluation import services
from evaluation.models import Assessment, Status
from evaluation.selectors import assessments_visible

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class AssessmentSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.name", read_only=True)
    year = serializers.IntegerField(source="period.year", read_only=True)
    standard = serializers.CharField(source="standard.code", read_only=True)
    organization = serializers.CharField(source="organization.code", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    subject = serializers.CharField(source="subject_name", read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    total = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "period", "year", "standard", "organization", "person", "subject", "status", "total"]


class StepSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _queryset(view: ScopedAPIView) -> Any:
    return assessments_visible(view.scope).for_display()


@extend_schema(
    tags=["evaluation"],
    parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("status", str, enum=[s.value for s in Status]),
        OpenApiParameter("standard", str),
        OpenApiParameter("org", str, description="division-code prefix"),
        OpenApiParameter("ordering", str, enum=["organization", "-organization", "total", "-total"]),
    ],
)
class AssessmentList(ScopedListView):
    serializer_class = AssessmentSerializer
    pagination_class = Pagination
    ORDERINGS = {
        "organization": ["organization__code", "person_id", "id"],
        "-organization": ["-organization__code", "-person_id", "-id"],
        "total": ["total", "id"],
        "-total": ["-total", "id"],
    }

    def get_queryset(self) -> Any:
        p = self.request.query_params
        qs = _queryset(self)
        if (year := p.get("year", "")).isdigit():
            qs = qs.filter(period__year=int(year))
        if status := p.get("status"):
            qs = qs.filter(status=status)
        if standard := p.get("standard"):
            qs = qs.filter(standard__code=standard)
        if org := p.get("org"):
            qs = qs.filter(organization__code__startswith=org)
        ordering = self.ORDERINGS.get(
            p.get("ordering", ""), ["period__year", "standard__code", "organization__code", "id"]
        )
        return qs.order_by(*ordering)


class AssessmentDetail(ScopedAPIView):
    @extend_schema(tags=["evaluation"], responses={200: AssessmentSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        assessment = _queryset(self).filter(pk=pk).first()
        if assessment is None:
            raise Http404
        return Response(AssessmentSerializer(assessment).data)


class AssessmentStep(ScopedAPIView):
    """One workflow step; subclasses name the right and the service."""

    right: Right
    service: Callable[..., Any]

    def may(self, assessment: Assessment) -> bool:
        return self.scope.may(self.right, code=assessment.organization.code)

    @extend_schema(tags=["evaluation"], request=StepSerializer, responses={200: AssessmentSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        assessment = _queryset(self).filter(pk=pk).first()
        if assessment is None:
            raise Http404
        if not self.may(assessment):
            self.scope.require(self.right, code=assessment.organization.code)
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        type(self).service(assessment=assessment, actor=request.user, comment=data.validated_data["comment"])
        return Response(AssessmentSerializer(_queryset(self).get(pk=pk)).data)


class AssessmentSubmit(AssessmentStep):
    """Submit the self-assessment to the township (the subject's side: the village admin, or the member)."""

    right = Right.SELF_ASSESS
    service = services.assessment_submit

    def may(self, assessment: Assessment) -> bool:
        return self.scope.may(self.right, code=assessment.organization.code, person_id=assessment.person_id)


class AssessmentReview(AssessmentStep):
    """Finish the township review and submit to the county."""

    right = Right.REVIEW
    service = services.assessment_review_submit


class AssessmentApprove(AssessmentStep):
    """Approve at county level (审定); approved assessments are closed."""

    right = Right.APPROVE
    service = services.assessment_approve
