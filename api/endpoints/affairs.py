"""Village affairs disclosures (村务公开): drafts, publication and corrections, through the page's services.

A published disclosure never changes: an update is the service's ``published_immutable`` refusal (409),
and the way to change what was published is a correction (a new draft that points to the original).
"""

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
from village_affairs.corrections import disclosure_correct
from village_affairs.models import Disclosure, DisclosureKind, DisclosureStatus

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class DisclosureSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "village",
            "kind",
            "year",
            "period_kind",
            "period_number",
            "title",
            "content",
            "status",
            "published_at",
            "corrects",
            "correction_reason",
        ]
        read_only_fields = fields


class DisclosureCreateSerializer(serializers.Serializer):
    village = serializers.CharField(help_text="the village's division code")
    kind = serializers.ChoiceField(choices=DisclosureKind.choices)
    year = serializers.IntegerField(min_value=1, max_value=9999)
    period_number = serializers.IntegerField(min_value=1, max_value=99, help_text="month, or quarter")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class DisclosureUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    content = serializers.CharField(allow_blank=True, max_length=20000)


class CorrectionSerializer(serializers.Serializer):
    content = serializers.CharField(allow_blank=True, max_length=20000)
    reason = serializers.CharField(allow_blank=True, max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


def _queryset(view: ScopedAPIView) -> Any:
    return view.scope.filter(Disclosure.objects.select_related("village"), "village")


def _disclosure(view: ScopedAPIView, pk: int, *, manage: bool = False) -> Disclosure:
    disclosure = _queryset(view).filter(pk=pk).first()
    if disclosure is None:
        raise Http404
    if manage:
        view.scope.require(Right.MANAGE, code=disclosure.village.code)
    return disclosure


@extend_schema(
    tags=["village affairs"],
    parameters=[
        OpenApiParameter("village", str, description="division-code prefix"),
        OpenApiParameter("kind", str, enum=[k.value for k in DisclosureKind]),
        OpenApiParameter("status", str, enum=[s.value for s in DisclosureStatus]),
        OpenApiParameter("year", int),
    ],
)
class DisclosureList(ScopedListView):
    serializer_class = DisclosureSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        qs = _queryset(self)
        if village := p.get("village"):
            qs = qs.filter(village__code__startswith=village)
        for name in ("kind", "status"):
            if value := p.get(name):
                qs = qs.filter(**{name: value})
        if (year := p.get("year", "")).isdigit():
            qs = qs.filter(year=int(year))
        return qs.order_by("village__code", "-year", "-period_number", "kind", "id")

    @extend_schema(request=DisclosureCreateSerializer, responses={201: DisclosureSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Draft a disclosure (the page's 新建公开): one per village, kind and period."""
        data = DisclosureCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        village = organization_or_404(self.scope, values.pop("village"), kind=OrganizationKind.VILLAGE)
        self.scope.require(Right.MANAGE, code=village.code)
        disclosure = services.disclosure_create(village=village, user=request.user, **values)
        return Response(DisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)


class DisclosureDetail(ScopedAPIView):
    @extend_schema(tags=["village affairs"], responses={200: DisclosureSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(DisclosureSerializer(_disclosure(self, pk)).data)

    @extend_schema(
        tags=["village affairs"],
        request=DisclosureUpdateSerializer,
        responses={200: DisclosureSerializer, **WRITE_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Change a draft; a published disclosure refuses (409 ``published_immutable``)."""
        disclosure = _disclosure(self, pk, manage=True)
        data = DisclosureUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        disclosure = services.disclosure_update(disclosure=disclosure, **data.validated_data)
        return Response(DisclosureSerializer(disclosure).data)


class DisclosurePublish(ScopedAPIView):
    @extend_schema(tags=["village affairs"], request=None, responses={200: DisclosureSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Publish the draft (a finance disclosure freezes its month's ledger); published once only."""
        disclosure = _disclosure(self, pk, manage=True)
        disclosure = services.disclosure_publish(disclosure=disclosure, user=request.user)
        return Response(DisclosureSerializer(disclosure).data)


class DisclosureCorrect(ScopedAPIView):
    @extend_schema(
        tags=["village affairs"], request=CorrectionSerializer, responses={201: DisclosureSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Draft a correction of a published disclosure (the original stays as it was)."""
        original = _disclosure(self, pk, manage=True)
        data = CorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = disclosure_correct(original=original, user=request.user, **data.validated_data)
        return Response(DisclosureSerializer(correction).data, status=status.HTTP_201_CREATED)
