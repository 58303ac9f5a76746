"""Accountability cases (问责案件): the list, a case with its events and the rewards or penalties it recorded, opening
a case from a finding (recomputed from the records, as on the page) and deciding it (which records the reward or
penalty). Both writes need oversight of the village (township or county admins), as on the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from organizations.models import OrganizationKind
from organizations.selectors import organization_or_404
from village_affairs import services
from village_affairs.case_views import case_values
from village_affairs.models import AccountabilityCase, CaseEvent, CaseOutcome, CaseStatus, RewardPenalty
from village_affairs.views import A3_RULES

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["kind", "note", "at"]


class RewardPenaltySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = RewardPenalty
        fields = ["id", "person", "person_name", "kind", "date", "reason", "amount"]


class CaseSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    directly_responsible = serializers.IntegerField(source="directly_responsible_id", read_only=True, allow_null=True)
    directly_responsible_name = serializers.CharField(
        source="directly_responsible.name", read_only=True, allow_null=True, default=None
    )
    jointly_responsible = serializers.IntegerField(source="jointly_responsible_id", read_only=True, allow_null=True)
    jointly_responsible_name = serializers.CharField(
        source="jointly_responsible.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AccountabilityCase
        fields = [
            "id",
            "village",
            "rule",
            "subject",
            "finding_since",
            "finding_text",
            "directly_responsible",
            "directly_responsible_name",
            "jointly_responsible",
            "jointly_responsible_name",
            "status",
            "outcome",
            "decision",
            "opened_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    events = CaseEventSerializer(many=True, read_only=True)
    rewards_penalties = RewardPenaltySerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "events", "rewards_penalties"]


class CaseOpenSerializer(serializers.Serializer):
    village = serializers.CharField(help_text="the village's division code")
    rule = serializers.ChoiceField(choices=A3_RULES)
    subject = serializers.CharField(
        max_length=80, help_text="the finding's subject, as the township's findings name it"
    )
    on = serializers.DateField(help_text="the day the finding is computed for")


class CaseDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    decision = serializers.CharField(max_length=20000)
    date = serializers.DateField(required=False, allow_null=True, default=None)
    amount = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)


def _queryset(view: ScopedAPIView) -> Any:
    qs = AccountabilityCase.objects.select_related("village", "directly_responsible", "jointly_responsible")
    return view.scope.filter(qs, "village")


def _case(view: ScopedAPIView, pk: int) -> AccountabilityCase:
    case = _queryset(view).prefetch_related("events", "rewards_penalties__person").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def _require_oversight(view: ScopedAPIView, code: str) -> None:
    if not view.scope.may(Right.OVERSEE, code=code):
        raise PermissionDenied(_("只有乡镇或县级管理员可以立案。"))


@extend_schema(
    tags=["village affairs"],
    parameters=[
        OpenApiParameter("village", str, description="code prefix"),
        OpenApiParameter("status", str, enum=CaseStatus.values),
    ],
)
class CaseList(ScopedListView):
    serializer_class = CaseSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = _queryset(self)
        if village := self.request.query_params.get("village"):
            qs = qs.filter(village__code__startswith=village)
        if (state := self.request.query_params.get("status")) in CaseStatus.values:
            qs = qs.filter(status=state)
        return qs.order_by("-opened_at", "-id")

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Open a case (立案) from a finding of the village on ``on``: recomputed from the records, never taken from
        the body; the people named are those the finding holds accountable."""
        data = CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        village = organization_or_404(self.scope, values["village"], kind=OrganizationKind.VILLAGE)
        _require_oversight(self, village.code)
        found = case_values(village, values["on"], values["rule"], values["subject"])
        if found is None:
            raise ValidationError(_("该问题已不存在，无法立案。"), code="finding_gone")
        case = services.accountability_case_open(
            village=village, rule=values["rule"], subject=values["subject"], user=request.user, **found
        )
        return Response(CaseDetailSerializer(_case(self, case.pk)).data, status=status.HTTP_201_CREATED)


class CaseDetail(ScopedAPIView):
    @extend_schema(tags=["village affairs"], responses={200: CaseDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(CaseDetailSerializer(_case(self, pk)).data)


class CaseDecide(ScopedAPIView):
    @extend_schema(
        tags=["village affairs"], request=CaseDecideSerializer, responses={200: CaseDetailSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Decide the case (作出处理): a reward or penalty is recorded against the directly responsible person
        (``amount`` in yuan, optional), ``none`` records none; a decided case is not decided again."""
        case = _case(self, pk)
        if not self.scope.may(Right.OVERSEE, code=case.village.code):
            raise PermissionDenied
        data = CaseDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.accountability_case_decide(case=case, user=request.user, **data.validated_data)
        return Response(CaseDetailSerializer(_case(self, pk)).data)
