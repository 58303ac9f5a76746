"""Dues rates (党费基数核定) and arrears reasons (欠缴原因): the lists in scope and the writes of the dues pages.

A write needs MANAGE on the member's village, as on the pages (``branch_life/dues_views.py``): a member of
another village is as if missing (404). The service checks the rest (the county's range of monthly dues,
a reason given, an end not before the start) and refuses with the page's code.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from branch_life import selectors, services
from branch_life.models import ArrearsReason, DuesRate
from people.models import Person

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView, is_id
from ..schema import WRITE_ERRORS

MEMBER = OpenApiParameter("member", int, description="one member's rows")


def _writable_member(view: ScopedAPIView, pk: int) -> Person:
    member = Person.objects.filter(pk=pk, membership__branch__in=selectors.writable_villages(view.scope)).first()
    if member is None:  # the pages offer only the members of the villages the caller keeps
        raise Http404
    return member


def _of_member(view: ScopedListView, qs: QuerySet) -> QuerySet:
    qs = view.scope.filter(qs, "member__membership__branch").select_related("member")
    member = view.request.query_params.get("member", "")
    return qs.filter(member_id=int(member)) if is_id(member) else qs


class DuesRateSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    monthly = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, help_text="base × rate")

    class Meta:
        model = DuesRate
        fields = ["id", "member", "member_name", "since", "base", "rate", "monthly"]


class DuesRateWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    since = serializers.DateField(help_text="any day of the first month the rate holds")
    base = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, help_text="yuan a month")
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, help_text="percent")


@extend_schema(tags=["branch life"], parameters=[MEMBER])
class DuesRateList(ScopedListView):
    serializer_class = DuesRateSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return _of_member(self, DuesRate.objects.all()).order_by("member__name", "member_id", "-since", "id")

    @extend_schema(request=DuesRateWriteSerializer, responses={201: DuesRateSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Set a member's base and rate from a month on (the page's 核定党费基数); a second one for the month
        replaces it. Monthly dues outside the county's range are refused."""
        data = DuesRateWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member = _writable_member(self, values.pop("member"))
        row = services.dues_rate_set(member=member, **values)
        return Response(DuesRateSerializer(row).data, status=status.HTTP_201_CREATED)


class ArrearsReasonSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ArrearsReason
        fields = ["id", "member", "member_name", "start", "end", "reason", "recorded_on"]


class ArrearsReasonWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    start = serializers.DateField(help_text="any day of the first month not paid for the reason")
    end = serializers.DateField(required=False, allow_null=True, default=None, help_text="left out: still so")
    reason = serializers.CharField(max_length=200, allow_blank=True)


@extend_schema(tags=["branch life"], parameters=[MEMBER])
class ArrearsReasonList(ScopedListView):
    serializer_class = ArrearsReasonSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return _of_member(self, ArrearsReason.objects.all()).order_by("member__name", "member_id", "-start", "id")

    @extend_schema(request=ArrearsReasonWriteSerializer, responses={201: ArrearsReasonSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record why a member does not pay for a while (the page's 登记欠缴原因): R-DUES no longer flags them."""
        data = ArrearsReasonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member = _writable_member(self, values.pop("member"))
        row = services.arrears_reason_record(member=member, **values)
        return Response(ArrearsReasonSerializer(row).data, status=status.HTTP_201_CREATED)
