"""Points (积分): balances and entries to read, love supermarkets and their stock, redemption.

A redemption goes through ``points.services.redeem`` as at the supermarket's page: it carries the
client's ``request_key`` and books once only, so a request sent twice (a retry after a lost answer)
is refused the second time (``duplicate_redemption``, 409) and spends nothing more.
"""

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.checks import error
from common.scope import Right
from points import selectors, services
from points.models import EntryKind, Fact, PointEntry, StockItem
from service_platform.models import Facility, FacilityStatus

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView, is_id
from ..schema import ERRORS, WRITE_ERRORS


class BalanceSerializer(serializers.Serializer):
    holder = serializers.IntegerField(source="holder_id")
    holder_name = serializers.CharField(source="holder__name")
    village = serializers.CharField(source="village__code")
    village_name = serializers.CharField()
    township_name = serializers.CharField()
    balance = serializers.IntegerField()
    earned = serializers.IntegerField(allow_null=True)
    redeemed = serializers.IntegerField(allow_null=True)


@extend_schema(tags=["points"], parameters=[OpenApiParameter("village", str, description="code prefix")])
class BalanceList(ScopedListView):
    # The balances and ranking of the holders in the caller's scope (admins, as the balances page).
    serializer_class = BalanceSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if not self.scope.may_anywhere(Right.MANAGE):
            raise Http404
        return selectors.balances(self.scope, village=self.request.query_params.get("village", ""))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.with_places(page)


class EntrySerializer(serializers.ModelSerializer):
    holder = serializers.IntegerField(source="holder_id", read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    kind = serializers.ChoiceField(choices=EntryKind.choices, read_only=True)
    fact = serializers.ChoiceField(choices=[("", ""), *Fact.choices], read_only=True)
    item = serializers.IntegerField(source="item_id", read_only=True, allow_null=True)
    reverses = serializers.IntegerField(source="reverses_id", read_only=True, allow_null=True)

    class Meta:
        model = PointEntry
        fields = ["id", "holder", "holder_name", "village", "kind", "points", "date", "fact", "item", "quantity"]
        fields += ["reverses", "note"]


@extend_schema(tags=["points"], parameters=[OpenApiParameter("holder", int), OpenApiParameter("village", str)])
class EntryList(ScopedListView):
    # The caller's own entries, and those of the villages they keep.
    serializer_class = EntrySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p, scope = self.request.query_params, self.scope
        qs = PointEntry.objects.filter(scope.right_q(Right.MANAGE, "village") | Q(holder_id__in=scope.person_ids))
        if is_id(p.get("holder", "")):
            qs = qs.filter(holder_id=int(p["holder"]))
        if village := p.get("village", ""):
            qs = qs.filter(village__code__startswith=village)
        return qs.select_related("holder", "village").order_by("-date", "-id")


class StockSerializer(serializers.ModelSerializer):
    class Meta:
        model = StockItem
        fields = ["id", "name", "price", "quantity"]


class SupermarketSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    status = serializers.ChoiceField(choices=FacilityStatus.choices, read_only=True)

    class Meta:
        model = Facility
        fields = ["id", "name", "organization", "location", "status"]


class SupermarketDetailSerializer(SupermarketSerializer):
    stock = StockSerializer(source="stock_rows", many=True, read_only=True)

    class Meta(SupermarketSerializer.Meta):
        fields = [*SupermarketSerializer.Meta.fields, "stock"]


@extend_schema(tags=["points"])
class SupermarketList(ScopedListView):
    serializer_class = SupermarketSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.supermarkets(self.scope)


class SupermarketDetail(ScopedAPIView):
    @extend_schema(tags=["points"], responses={200: SupermarketDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        facility = selectors.supermarket(self.scope, pk)
        facility.stock_rows = list(selectors.stock_of(facility))  # type: ignore[attr-defined]
        return Response(SupermarketDetailSerializer(facility).data)


class RedeemSerializer(serializers.Serializer):
    holder = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a stock item of this supermarket")
    quantity = serializers.IntegerField(min_value=-100000, max_value=100000, default=1)
    request_key = serializers.CharField(
        max_length=64, allow_blank=True, help_text="the client's key of this redemption: the same key books once"
    )


class SupermarketRedemptions(ScopedAPIView):
    @extend_schema(tags=["points"], responses={200: EntrySerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The supermarket's redemptions and their reversals, newest first (its page's list, the latest 200)."""
        facility = selectors.supermarket(self.scope, pk)
        return Response(
            EntrySerializer(selectors.redemptions_at(facility).select_related("village")[:200], many=True).data
        )

    @extend_schema(tags=["points"], request=RedeemSerializer, responses={201: EntrySerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Redeem a member's points for an item (兑换), by the supermarket's keeper; once per ``request_key``."""
        facility = selectors.supermarket(self.scope, pk)
        if not selectors.may_run(self.scope, facility):
            raise Http404  # as the page: only the supermarket's keepers redeem
        data = RedeemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        holder = selectors.holders_for(facility).filter(pk=values["holder"]).first()
        if holder is None:
            raise error("holder", _("兑换人须是本超市所服务村的党员。"), "holder_not_served")
        item = selectors.stock_of(facility).filter(pk=values["item"]).first()
        if item is None:
            raise error("item", _("本超市没有这件物品。"), "item_not_here")
        entry = services.redeem(
            item=item, holder=holder, quantity=values["quantity"], request_key=values["request_key"], actor=request.user
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class StockWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, help_text="the item: an item of this name is updated, else shelved")
    price = serializers.IntegerField(min_value=-100000, max_value=100000, help_text="points it costs")
    quantity = serializers.IntegerField(min_value=-100000, max_value=1000000, help_text="how many are on the shelf")


class SupermarketStock(ScopedAPIView):
    @extend_schema(tags=["points"], request=StockWriteSerializer, responses={200: StockSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Shelve an item or set its price and quantity (上架), by the supermarket's keeper, as on its page."""
        facility = selectors.supermarket(self.scope, pk)
        if not selectors.may_run(self.scope, facility):
            raise Http404  # as the page: only the supermarket's keepers shelve
        data = StockWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.stock_set(supermarket=facility, **data.validated_data)
        return Response(StockSerializer(item).data)


class ReverseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, allow_blank=True, help_text="why the redemption is corrected")


class RedemptionReverse(ScopedAPIView):
    @extend_schema(tags=["points"], request=ReverseSerializer, responses={201: EntrySerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int, entry: int) -> Response:
        """Correct a redemption of this supermarket by a reversing entry (冲正): the points and the items come back."""
        facility = selectors.supermarket(self.scope, pk)
        if not selectors.may_run(self.scope, facility):
            raise Http404
        redemption = selectors.redemptions_at(facility).filter(pk=entry).first()
        if redemption is None:
            raise Http404
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.redemption_reverse(entry=redemption, note=data.validated_data["note"], actor=request.user)
        return Response(EntrySerializer(reversal).data, status=status.HTTP_201_CREATED)
