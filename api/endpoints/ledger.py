"""The village ledger (村级账目) and its monthly statement (月度财务收支表), through the page's services.

A month whose finance disclosure is published is frozen: an entry dated in it is neither changed nor
deleted (409 ``published_immutable``), nothing new is dated into it (409 ``month_published``); the way to
correct it is a reversing entry (冲正) in an open month. Amounts are decimal strings, read by the service.
The page asks for a confirmation before a reversal; through the API the call is it. Attachments stay with
the page (a JSON body carries no file).
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
from village_affairs.models import Category, Direction, LedgerEntry
from village_affairs.selectors import monthly_statement

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["village affairs"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "village",
            "date",
            "direction",
            "category",
            "amount",
            "voucher",
            "description",
            "corrects",
            "reversed_by",
        ]
        read_only_fields = fields

    def get_reversed_by(self, entry: LedgerEntry) -> int | None:
        reversal = getattr(entry, "reversed_by", None)  # select_related: no query per row
        return reversal.pk if reversal is not None else None


class LedgerEntryUpdateSerializer(serializers.Serializer):
    date = serializers.DateField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    amount = serializers.CharField(max_length=20, help_text='元, e.g. "1200.50"; positive')
    voucher = serializers.CharField(max_length=30)
    description = serializers.CharField(max_length=200)


class LedgerEntryCreateSerializer(LedgerEntryUpdateSerializer):
    village = serializers.CharField(max_length=30, help_text="the village's division code")


class LedgerReverseSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="in an open month, not before the entry")
    reason = serializers.CharField(max_length=100, allow_blank=True)


def _entries(view: ScopedAPIView) -> Any:
    return view.scope.filter(LedgerEntry.objects.select_related("village", "corrects", "reversed_by"), "village")


def _entry(view: ScopedAPIView, pk: int, *, manage: bool = False) -> LedgerEntry:
    entry = _entries(view).filter(pk=pk).first()
    if entry is None:
        raise Http404
    if manage:
        view.scope.require(Right.MANAGE, code=entry.village.code)
    return entry


def _number(value: str, low: int, high: int) -> int | None:
    return int(value) if value.isdigit() and len(value) <= 4 and low <= int(value) <= high else None


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("village", str, description="division-code prefix"),
        OpenApiParameter("year", int),
        OpenApiParameter("month", int, description="1-12, with year"),
        OpenApiParameter("direction", str, enum=Direction.values),
        OpenApiParameter("category", str, enum=Category.values),
    ],
)
class EntryList(ScopedListView):
    serializer_class = LedgerEntrySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        qs = _entries(self)
        if village := p.get("village"):
            qs = qs.filter(village__code__startswith=village)
        if (year := _number(p.get("year", ""), 1, 9999)) is not None:
            qs = qs.filter(date__year=year)
            if (month := _number(p.get("month", ""), 1, 12)) is not None:
                qs = qs.filter(date__month=month)
        for name in ("direction", "category"):
            if value := p.get(name):
                qs = qs.filter(**{name: value})
        return qs.order_by("village__code", "date", "id")

    @extend_schema(request=LedgerEntryCreateSerializer, responses={201: LedgerEntrySerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Book an entry (录入账目) in a village the caller keeps, dated in an open month."""
        data = LedgerEntryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        village = organization_or_404(self.scope, values.pop("village"), kind=OrganizationKind.VILLAGE)
        self.scope.require(Right.MANAGE, code=village.code)
        entry = services.ledger_entry_create(village=village, user=request.user, **values)
        return Response(LedgerEntrySerializer(_entry(self, entry.pk)).data, status=status.HTTP_201_CREATED)


class EntryDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: LedgerEntrySerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(LedgerEntrySerializer(_entry(self, pk)).data)

    @extend_schema(
        tags=TAGS, request=LedgerEntryUpdateSerializer, responses={200: LedgerEntrySerializer, **WRITE_ERRORS}
    )
    def put(self, request: Request, pk: int) -> Response:
        """Change an entry of an open month (修改); a frozen month's entry refuses (409 ``published_immutable``)."""
        entry = _entry(self, pk, manage=True)
        data = LedgerEntryUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ledger_entry_update(entry=entry, **data.validated_data)
        return Response(LedgerEntrySerializer(_entry(self, pk)).data)

    @extend_schema(tags=TAGS, request=None, responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        """Delete an entry of an open month that nothing reverses (删除)."""
        services.ledger_entry_delete(entry=_entry(self, pk, manage=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntryReverse(ScopedAPIView):
    @extend_schema(tags=TAGS, request=LedgerReverseSerializer, responses={201: LedgerEntrySerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Book the reversing entry (冲正) of an entry, in an open month; an entry is reversed once only."""
        entry = _entry(self, pk, manage=True)
        data = LedgerReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.ledger_entry_reverse(entry=entry, user=request.user, **data.validated_data)
        return Response(LedgerEntrySerializer(_entry(self, reversal.pk)).data, status=status.HTTP_201_CREATED)


class StatementLineSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class LedgerStatementSerializer(serializers.Serializer):
    village = serializers.CharField(source="village.code")
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    opening = serializers.DecimalField(max_digits=16, decimal_places=2)
    income = StatementLineSerializer(many=True)
    expense = StatementLineSerializer(many=True)
    income_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    expense_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    closing = serializers.DecimalField(max_digits=16, decimal_places=2)
    published_at = serializers.DateTimeField(source="published.published_at", allow_null=True, default=None)
    frozen = serializers.BooleanField(help_text="this or a later month is published: its entries no longer change")
    entries = LedgerEntrySerializer(many=True)


class Statement(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: LedgerStatementSerializer, **ERRORS})
    def get(self, request: Request, code: str, year: int, month: int) -> Response:
        """The month's statement as the ledger page shows it: opening, lines by category, closing, the entries."""
        village = organization_or_404(self.scope, code, kind=OrganizationKind.VILLAGE)
        if not 1 <= month <= 12 or not 1949 <= year <= 2100:
            raise Http404
        statement = monthly_statement(village, year, month)
        for entry in statement.entries:
            entry.village = village  # the statement's entries are the village's: no query per row
        return Response(LedgerStatementSerializer(statement).data)
