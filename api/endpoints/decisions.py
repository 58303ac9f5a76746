"""Decisions (四议两公开) and their steps: the next step recorded through the page's service, in order only."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from organizations.models import OrganizationKind
from organizations.selectors import organization_or_404
from village_affairs import services
from village_affairs.models import AttendanceBasis, Decision, DecisionStep, ResolvingBody, Step
from village_affairs.selectors import decisions_in, next_step

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionStep
        fields = [
            "number",
            "date",
            "merged",
            "content",
            "result",
            "body",
            "basis",
            "due",
            "present",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "channel",
            "publicity_days",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "village", "title", "summary", "raised_by_name", "steps", "next_step"]

    def get_next_step(self, decision: Decision) -> int | None:
        return next_step(decision)


class DecisionWriteSerializer(serializers.Serializer):
    village = serializers.CharField(help_text="the village's division code")
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    raised_by_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class StepWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    content = serializers.CharField(max_length=20000, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    merged = serializers.BooleanField(required=False, default=False)
    body = serializers.ChoiceField(choices=ResolvingBody.choices, required=False, allow_blank=True, default="")
    basis = serializers.ChoiceField(choices=AttendanceBasis.choices, required=False, allow_blank=True, default="")
    due = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100000)
    present = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100000)
    votes_for = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100000)
    votes_against = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=100000
    )
    votes_abstain = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=100000
    )
    channel = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    publicity_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=366)


def _queryset(view: ScopedAPIView) -> Any:
    return view.scope.filter(decisions_in(Decision.objects.all()), "village")


@extend_schema(tags=["village affairs"], parameters=[OpenApiParameter("village", str, description="code prefix")])
class DecisionList(ScopedListView):
    serializer_class = DecisionSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = _queryset(self)
        if village := self.request.query_params.get("village"):
            qs = qs.filter(village__code__startswith=village)
        return qs.order_by("village__code", "-id")

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Register a matter for decision (登记事项) in a village the caller keeps."""
        data = DecisionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        village = organization_or_404(self.scope, values.pop("village"), kind=OrganizationKind.VILLAGE)
        self.scope.require(Right.MANAGE, code=village.code)
        decision = services.decision_create(village=village, user=request.user, **values)
        return Response(DecisionSerializer(_queryset(self).get(pk=decision.pk)).data, status=status.HTTP_201_CREATED)


def _decision(view: ScopedAPIView, pk: int) -> Decision:
    decision = _queryset(view).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


class DecisionDetail(ScopedAPIView):
    @extend_schema(tags=["village affairs"], responses={200: DecisionSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(DecisionSerializer(_decision(self, pk)).data)


class DecisionSteps(ScopedAPIView):
    @extend_schema(
        tags=["village affairs"], request=StepWriteSerializer, responses={201: DecisionSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record the decision's next step (``next_step``); the service refuses a step out of order or in the future."""
        decision = _decision(self, pk)
        self.scope.require(Right.MANAGE, code=decision.village.code)
        # All six done: the service's own refusal (``steps_complete``), not a silent 404.
        number = next_step(decision) or Step.PUBLISH_RESULT + 1
        data = StepWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.decision_step_record(decision=decision, number=number, user=request.user, **data.validated_data)
        return Response(DecisionSerializer(_decision(self, pk)).data, status=status.HTTP_201_CREATED)


class DecisionStepWithdraw(ScopedAPIView):
    @extend_schema(tags=["village affairs"], request=None, responses={200: DecisionSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int, number: int) -> Response:
        """Withdraw the decision's last step (a merged meeting: both its steps), entered by mistake; the service
        refuses a published step (5, 6) and any step but the last."""
        decision = _decision(self, pk)
        self.scope.require(Right.MANAGE, code=decision.village.code)
        step = DecisionStep.objects.filter(decision=decision, number=number).select_related("decision").first()
        if step is None:
            raise Http404
        services.decision_step_withdraw(step=step)
        return Response(DecisionSerializer(_decision(self, pk)).data)
