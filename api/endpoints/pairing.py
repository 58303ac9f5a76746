"""Pairing (结对共建, 挂职帮扶): pairings and what they delivered, postings of cadres and their contributions.

Every write is the page's: ``pairing.services`` after the page's check. Ending a pairing needs
``Right.MANAGE`` on its village; recording a contribution, an activity or an outcome ``Right.RECORD_DELIVERY``
there or as the pairing's own unit; a posting's contribution ``Right.MANAGE`` on the posting's village. A
pairing or posting the caller may see but not change answers 404, as on the pages. People are named, never more.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common import clock
from common.checks import error
from common.scope import Right
from organizations.models import OrganizationKind
from organizations.selectors import organizations_where
from pairing import selectors, services
from pairing.models import (
    ACTIVITY_KINDS,
    CoBuildingActivity,
    Contribution,
    FiveTogether,
    HelpKind,
    Outcome,
    OutcomeType,
    Pairing,
    PairingKind,
    Posting,
    PostingBatch,
    Status,
)

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["pairing"]
AREA = OpenApiParameter("area", str, description="division-code prefix of the village")


def _today() -> Any:
    return clock.today()


class ContributionSerializer(serializers.ModelSerializer):
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = ["id", "date", "description", "kinds"]

    def get_kinds(self, obj: Contribution) -> list[str]:
        return [t.kind for t in obj.tags.all()]


class ActivitySerializer(serializers.ModelSerializer):
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = CoBuildingActivity
        fields = ["id", "date", "title", "description", "kinds"]

    def get_kinds(self, obj: CoBuildingActivity) -> list[str]:
        return [t.kind for t in obj.tags.all()]


class OutcomeSerializer(serializers.ModelSerializer):
    pairing = serializers.IntegerField(source="pairing_id", read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "pairing", "date", "type", "title", "amount"]


class PairingSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)
    urban_side = serializers.CharField(read_only=True)
    rural_side = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = ["id", "kind", "village", "unit", "urban_side", "rural_side", "start", "end", "status"]

    def get_status(self, obj: Pairing) -> str:
        return obj.status_on(_today())


class PairingDetailSerializer(PairingSerializer):
    contributions = ContributionSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(PairingSerializer.Meta):
        fields = [*PairingSerializer.Meta.fields, "note", "contributions", "activities", "outcomes"]


class PostingSerializer(serializers.ModelSerializer):
    batch = serializers.IntegerField(source="batch.number", read_only=True)
    batch_name = serializers.CharField(source="batch.name", read_only=True)
    cadre = serializers.IntegerField(source="cadre.person_id", read_only=True, help_text="the cadre's person id")
    cadre_name = serializers.CharField(source="cadre.person.name", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Posting
        fields = ["id", "batch", "batch_name", "cadre", "cadre_name", "village", "start", "end", "duties", "status"]

    def get_status(self, obj: Posting) -> str:
        return obj.status_on(_today())


class BatchSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = PostingBatch
        fields = ["id", "county", "number", "name", "start", "end"]


class BatchWriteSerializer(serializers.Serializer):
    county = serializers.CharField(max_length=20, help_text="the county's division code")
    number = serializers.IntegerField(min_value=1, max_value=32767)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    start = serializers.DateField()
    end = serializers.DateField()


class PostingWriteSerializer(serializers.Serializer):
    batch = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the batch's id")
    cadre = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the cadre's person id")
    village = serializers.CharField(max_length=20, help_text="the village's division code")
    start = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: the batch's")
    end = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: the batch's")
    duties = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PostingDetailSerializer(PostingSerializer):
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta(PostingSerializer.Meta):
        fields = [*PostingSerializer.Meta.fields, "contributions"]


def _id_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None, help_text=help_text
    )


class PairingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PairingKind.choices)
    village = serializers.CharField(max_length=20, help_text="the village's division code")
    unit = _id_field("the paired unit (unit pairings)")
    urban_person = _id_field("the urban side's person id (member and cadre pairings)")
    rural_person = _id_field("the rural side's person id")
    household = _id_field("the household in difficulty")
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PairingEndSerializer(serializers.Serializer):
    end = serializers.DateField()


class ContributionWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    kinds = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        default=list,
        help_text=f"the five kinds of help: {', '.join(HelpKind.values)}",
    )


class ActivityWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    kinds = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        default=list,
        help_text=f"the Five Together: {', '.join(FiveTogether.values)}",
    )


class OutcomeWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    type = serializers.ChoiceField(choices=OutcomeType.choices)
    title = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="funds in yuan (to the fen), jobs and schooling as whole counts, else empty",
    )


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("kind", str, enum=PairingKind.values),
        OpenApiParameter("status", str, enum=Status.values, description="the pairing's status today"),
        AREA,
    ],
)
class PairingList(ScopedListView):
    serializer_class = PairingSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        kind = p.get("kind", "") if p.get("kind", "") in PairingKind.values else ""
        state = p.get("status", "") if p.get("status", "") in Status.values else ""
        return selectors.pairings_visible_to(self.scope, kind=kind, status=state, on=_today(), area=p.get("area", ""))

    @extend_schema(request=PairingWriteSerializer, responses={201: PairingDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Pair a village (新建结对) the caller keeps with a unit or a person, as on the page."""
        scope = self.scope
        data = PairingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        villages = organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE])
        village = villages.filter(code=values.pop("village")).first() if scope.is_admin else None
        if village is None:
            raise Http404
        choices = selectors.pairing_choices(village)
        # The page's pickers offer these only: anything else is refused, unnamed.
        person = _("所选人员不在可登记范围内。")
        picked = {
            "unit": _pick(choices["units"], values.pop("unit"), "unit", _("所选单位不在可选范围内。")),
            "urban_person": _pick(choices["urban"], values.pop("urban_person"), "urban_person", person),
            "rural_person": _pick(choices["rural"], values.pop("rural_person"), "rural_person", person),
            "household": _pick(choices["households"], values.pop("household"), "household", _("困难户不在所选的村。")),
        }
        made = services.pairing_create(village=village, **picked, **values)
        return _detail(self, made.pk, status.HTTP_201_CREATED)


def _pick(choices: QuerySet, pk: int | None, field: str, message: str) -> Any:
    """The record ``pk`` among those the page's picker offers, or the refusal ``<field>_not_offered``."""
    if pk is None:
        return None
    found = choices.filter(pk=pk).first()
    if found is None:
        raise error(field, message, f"{field}_not_offered")
    return found


class PairingDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: PairingDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PairingDetailSerializer(selectors.pairing_detail(self.scope, pk)).data)


def _pairing(view: ScopedAPIView, pk: int, right: str) -> Pairing:
    """The pairing as the page's editor (``MANAGE``) or recorder (``RECORD_DELIVERY``) finds it, else 404."""
    scope = view.scope
    pairing = selectors.pairing_or_404(scope, Pairing.objects.select_related("village__parent", "unit"), pk)
    unit_id = pairing.unit_id if right == Right.RECORD_DELIVERY else None
    if not scope.may(right, code=pairing.village.code, unit_id=unit_id):
        raise Http404
    return pairing


def _detail(view: ScopedAPIView, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(PairingDetailSerializer(selectors.pairing_detail(view.scope, pk)).data, status=code)


class PairingEnd(ScopedAPIView):
    @extend_schema(tags=TAGS, request=PairingEndSerializer, responses={200: PairingDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """End the pairing (结束结对) on a date, not before its start nor into another pairing of the same sides."""
        pairing = _pairing(self, pk, Right.MANAGE)
        data = PairingEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pairing_end(pairing=pairing, end=data.validated_data["end"])
        return _detail(self, pk)


def _record(
    view: ScopedAPIView, request: Request, pk: int, writer: type[serializers.Serializer], service: Callable
) -> Any:
    pairing = _pairing(view, pk, Right.RECORD_DELIVERY)
    if service is services.activity_add and pairing.kind not in ACTIVITY_KINDS:
        raise Http404  # the page offers activities to unit–village pairings only
    data = writer(data=request.data)
    data.is_valid(raise_exception=True)
    return service(pairing=pairing, recorded_by=request.user, **data.validated_data)


class PairingContributions(ScopedAPIView):
    @extend_schema(
        tags=TAGS, request=ContributionWriteSerializer, responses={201: ContributionSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record what the pairing delivered (记录帮扶实效), tagged by the five kinds of help."""
        row = _record(self, request, pk, ContributionWriteSerializer, services.contribution_add)
        return Response(ContributionSerializer(row).data, status=status.HTTP_201_CREATED)


class PairingActivities(ScopedAPIView):
    @extend_schema(tags=TAGS, request=ActivityWriteSerializer, responses={201: ActivitySerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Record a co-building activity (记录共建活动) of a unit–village pairing, tagged by the Five Together."""
        row = _record(self, request, pk, ActivityWriteSerializer, services.activity_add)
        return Response(ActivitySerializer(row).data, status=status.HTTP_201_CREATED)


class PairingOutcomes(ScopedAPIView):
    @extend_schema(tags=TAGS, request=OutcomeWriteSerializer, responses={201: OutcomeSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Record an outcome (记录共建成果): funds in yuan, jobs and schooling as counts."""
        row = _record(self, request, pk, OutcomeWriteSerializer, services.outcome_add)
        return Response(OutcomeSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("year", int, description="the outcome's calendar year"), AREA])
class OutcomeList(ScopedListView):
    serializer_class = OutcomeSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        year = int(p["year"]) if p.get("year", "").isdigit() and 1990 <= int(p["year"]) <= 2100 else None
        return selectors.outcomes_visible_to(self.scope, year=year, area=p.get("area", ""))


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("batch", int, description="the batch's number"),
        OpenApiParameter("status", str, enum=Status.values, description="the posting's status today"),
        AREA,
    ],
)
class PostingList(ScopedListView):
    serializer_class = PostingSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        state = p.get("status", "") if p.get("status", "") in Status.values else ""
        qs = selectors.postings_visible_to(self.scope, area=p.get("area", ""), on=_today(), status=state)
        if (batch := p.get("batch", "")).isdigit() and len(batch) <= 5:
            qs = qs.filter(batch__number=int(batch))
        return qs

    @extend_schema(request=PostingWriteSerializer, responses={201: PostingDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Post a cadre to a village (登记挂职干部) of a county the caller configures."""
        scope = self.scope
        counties = organizations_where(scope, Right.CONFIGURE, [OrganizationKind.COUNTY])
        if not counties.exists():
            raise Http404
        data = PostingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        choices = selectors.posting_choices(scope, counties)
        batch = choices["batches"].filter(pk=values.pop("batch")).first()
        if batch is None:
            raise Http404
        cadre = choices["cadres"].filter(person_id=values.pop("cadre")).first()
        if cadre is None:
            raise error("cadre", _("所选人员不在可登记范围内。"), "cadre_not_offered")
        village = choices["villages"].filter(code=values.pop("village")).first()
        if village is None:
            raise Http404
        made = services.posting_create(batch=batch, cadre=cadre, village=village, **values)
        return Response(
            PostingDetailSerializer(selectors.posting_detail(scope, made.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=TAGS)
class BatchList(ScopedListView):
    serializer_class = BatchSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.batches_visible_to(self.scope).order_by("county__code", "number", "id")

    @extend_schema(request=BatchWriteSerializer, responses={201: BatchSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Open a batch of postings (新建挂职批次) in a county the caller configures."""
        data = BatchWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        counties = organizations_where(self.scope, Right.CONFIGURE, [OrganizationKind.COUNTY])
        county = counties.filter(code=values.pop("county")).first()
        if county is None:
            raise Http404
        batch = services.posting_batch_create(county=county, **values)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class PostingDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: PostingDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PostingDetailSerializer(selectors.posting_detail(self.scope, pk)).data)


class PostingContributions(ScopedAPIView):
    @extend_schema(
        tags=TAGS, request=ContributionWriteSerializer, responses={201: ContributionSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record what the posted cadre delivered (记录帮扶实效), as on the posting's page."""
        scope = self.scope
        posting = scope.object_or_404(
            Posting.objects.select_related("batch", "cadre__person", "village"), "village", pk=pk
        )
        if not scope.may(Right.MANAGE, code=posting.village.code):
            raise Http404
        data = ContributionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.contribution_add(posting=posting, recorded_by=request.user, **data.validated_data)
        return Response(ContributionSerializer(row).data, status=status.HTTP_201_CREATED)
