"""Practice (践诺、志愿服务、联户帮扶): commitments, volunteer hours and household aid, as on their pages.

Each write calls the page's service after the page's own check: a member acts on their own rows, the branch
(village admin) on its village's; a refusal is the page's refusal. No ID number or phone is shown.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common import clock
from common.checks import error
from common.scope import Right
from people.models import Household, Person
from practice import selectors, services
from practice.models import (
    AidVisit,
    Commitment,
    CommitmentRating,
    CommitmentReport,
    HouseholdAid,
    RaterKind,
    VolunteerEntry,
    VolunteerStatus,
)

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["practice"]


def _members_only() -> PermissionDenied:
    return PermissionDenied(_("只有党员本人可以这样做。"))


# -- commitments -------------------------------------------------------------------


class CommitmentReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentReport
        fields = ["id", "date", "text", "done"]


class CommitmentRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentRating
        fields = ["id", "rater_kind", "score", "rated_on", "comment"]


class CommitmentSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    reported = serializers.BooleanField(read_only=True)
    kept = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "village",
            "member",
            "member_name",
            "year",
            "text",
            "deadline",
            "public",
            "promised_on",
            "reported",
            "kept",
        ]


class CommitmentDetailSerializer(CommitmentSerializer):
    reports = CommitmentReportSerializer(many=True, read_only=True)
    ratings = CommitmentRatingSerializer(many=True, read_only=True)

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "reports", "ratings"]


class CommitmentWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    deadline = serializers.DateField()
    public = serializers.BooleanField(default=True)


class CommitmentReportWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField(max_length=5000)
    done = serializers.BooleanField(default=False)


class CommitmentRateWriteSerializer(serializers.Serializer):
    rater_kind = serializers.ChoiceField(choices=RaterKind.choices)
    score = serializers.IntegerField(min_value=0, max_value=100, help_text="1 to 5")
    rated_on = serializers.DateField()
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _commitment(view: ScopedAPIView, pk: int) -> Commitment:
    """The commitment ``pk`` in the caller's scope (404 outside it), as ``practice.views._commitment``."""
    qs = selectors.commitments_visible_to(view.scope).prefetch_related("reports", "ratings")
    c = qs.filter(pk=pk).first()
    if c is None:
        raise Http404
    return c


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("year", int)])
class CommitmentList(ScopedListView):
    serializer_class = CommitmentSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        year = self.request.query_params.get("year", "")
        rows = selectors.commitments_visible_to(
            self.scope, year=int(year) if year.isdigit() and len(year) <= 4 else None
        )
        return rows.order_by("village__code", "member__name", "deadline", "id")

    @extend_schema(request=CommitmentWriteSerializer, responses={201: CommitmentDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """The calling member makes a commitment for this year (作出承诺), promised today."""
        membership = selectors.member_branch(self.scope)
        if membership is None:
            raise _members_only()
        data = CommitmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        today = clock.today()
        c = services.commitment_make(
            member=membership.person, year=today.year, promised_on=today, **data.validated_data
        )
        return Response(CommitmentDetailSerializer(_commitment(self, c.pk)).data, status=status.HTTP_201_CREATED)


class CommitmentDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: CommitmentDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(CommitmentDetailSerializer(_commitment(self, pk)).data)


class CommitmentReports(ScopedAPIView):
    @extend_schema(
        tags=TAGS, request=CommitmentReportWriteSerializer, responses={201: CommitmentReportSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The member reports progress on their own commitment (践诺); refused for a date in the future."""
        c = _commitment(self, pk)
        if not self.scope.may(Right.ACT_AS_MEMBER, person_id=c.member_id):
            raise _members_only()
        data = CommitmentReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.commitment_report(commitment=c, reported_by=request.user, **data.validated_data)
        return Response(CommitmentReportSerializer(report).data, status=status.HTTP_201_CREATED)


class CommitmentRatings(ScopedAPIView):
    @extend_schema(
        tags=TAGS, request=CommitmentRateWriteSerializer, responses={201: CommitmentRatingSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The branch records a year-end rating (评诺): one per side (branch, members, public), scores 1–5."""
        c = _commitment(self, pk)
        self.scope.require(Right.MANAGE, code=c.village.code)
        data = CommitmentRateWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating = services.commitment_rate(commitment=c, rated_by=request.user, **data.validated_data)
        return Response(CommitmentRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


# -- volunteer hours ---------------------------------------------------------------


class VolunteerSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)

    class Meta:
        model = VolunteerEntry
        fields = ["id", "village", "member", "member_name", "start", "end", "hours", "activity", "place", "status"]


class VolunteerWriteSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    activity = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class VolunteerDecideSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("status", str, enum=VolunteerStatus.values)])
class VolunteerList(ScopedListView):
    serializer_class = VolunteerSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        wanted = self.request.query_params.get("status", "")
        rows = selectors.volunteer_visible_to(self.scope, status=wanted if wanted in VolunteerStatus.values else "")
        return rows.order_by("-start", "-id")

    @extend_schema(request=VolunteerWriteSerializer, responses={201: VolunteerSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """The calling member logs volunteer service (登记志愿服务), to be confirmed by the branch."""
        membership = selectors.member_branch(self.scope)
        if membership is None:
            raise _members_only()
        data = VolunteerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.volunteer_log(member=membership.person, actor=request.user, **data.validated_data)
        entry = selectors.volunteer_visible_to(self.scope).get(pk=entry.pk)
        return Response(VolunteerSerializer(entry).data, status=status.HTTP_201_CREATED)


class _VolunteerDecide(ScopedAPIView):
    action = ""

    def post(self, request: Request, pk: int) -> Response:
        scope = self.scope
        entry = scope.object_or_404(VolunteerEntry.objects.select_related("village", "member"), "village", pk=pk)
        scope.require(Right.MANAGE, code=entry.village.code)
        data = VolunteerDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = services.volunteer_confirm if self.action == "confirm" else services.volunteer_reject
        service(entry=entry, actor=request.user, note=data.validated_data["note"])
        return Response(VolunteerSerializer(selectors.volunteer_visible_to(scope).get(pk=entry.pk)).data)


@extend_schema(tags=TAGS, request=VolunteerDecideSerializer, responses={200: VolunteerSerializer, **WRITE_ERRORS})
class VolunteerConfirm(_VolunteerDecide):
    """The branch confirms reported hours; only confirmed hours count. Refused once decided."""

    action = "confirm"


@extend_schema(tags=TAGS, request=VolunteerDecideSerializer, responses={200: VolunteerSerializer, **WRITE_ERRORS})
class VolunteerReject(_VolunteerDecide):
    """The branch sends reported hours back (退回). Refused once decided."""

    action = "reject"


# -- household aid -----------------------------------------------------------------


class AidVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AidVisit
        fields = ["id", "date", "measure", "note"]


class AidSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    household = serializers.IntegerField(source="household_id", read_only=True)
    household_head = serializers.CharField(source="household.head.name", read_only=True)
    household_village = serializers.CharField(source="household.village.code", read_only=True)
    visit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = HouseholdAid
        fields = [
            "id",
            "village",
            "member",
            "member_name",
            "household",
            "household_head",
            "household_village",
            "start",
            "end",
            "measures",
            "visit_count",
        ]


class AidDetailSerializer(AidSerializer):
    visits = AidVisitSerializer(many=True, read_only=True)

    class Meta(AidSerializer.Meta):
        fields = [*AidSerializer.Meta.fields, "visits"]


class AidWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a member of a village you keep")
    household = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a household of the same county")
    start = serializers.DateField()
    measures = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AidVisitWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    measure = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


def _aid(view: ScopedAPIView, pk: int) -> HouseholdAid:
    aid = selectors.aids_visible_to(view.scope).prefetch_related("visits").filter(pk=pk).first()
    if aid is None:
        raise Http404
    return aid


@extend_schema(tags=TAGS)
class AidList(ScopedListView):
    serializer_class = AidSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.aids_visible_to(self.scope).order_by("village__code", "member__name", "start", "id")

    @extend_schema(request=AidWriteSerializer, responses={201: AidDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Pair a member of a village you keep with a household of its county (结对帮扶), as on the page."""
        villages = selectors.writable_villages(self.scope)
        if not villages.exists():
            raise PermissionDenied(_("您只能查看，不能修改。"))  # the caller keeps no village
        data = AidWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # The page's pickers: the members of the villages kept, the households of their counties.
        member = Person.objects.filter(pk=values.pop("member"), membership__branch__in=villages).first()
        if member is None:
            raise error("member", _("所选人员不在可登记范围内。"), "member_not_offered")
        area = Q(pk__in=[])
        for code in {c[:6] for c in villages.values_list("code", flat=True)}:
            area |= Q(village__code__startswith=code)
        household = Household.objects.filter(area, pk=values.pop("household")).select_related("head", "village").first()
        if household is None:
            raise error("household", _("所选困难户不在可登记范围内。"), "household_not_offered")
        aid = services.household_aid_start(member=member, household=household, **values)
        return Response(AidDetailSerializer(_aid(self, aid.pk)).data, status=status.HTTP_201_CREATED)


class AidDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: AidDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AidDetailSerializer(_aid(self, pk)).data)


class AidVisits(ScopedAPIView):
    @extend_schema(tags=TAGS, request=AidVisitWriteSerializer, responses={201: AidVisitSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Record a visit (走访) to the household: the paired member or the branch; refused in the future."""
        scope = self.scope
        aid = _aid(self, pk)
        if not scope.may(Right.ACT_AS_MEMBER, person_id=aid.member_id):
            scope.require(Right.MANAGE, code=aid.village.code)
        data = AidVisitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.aid_visit_add(aid=aid, **data.validated_data)
        return Response(AidVisitSerializer(visit).data, status=status.HTTP_201_CREATED)
