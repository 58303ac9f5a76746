"""Supervision (督导): contact points and their reviews (record a review), demonstration sites, model members."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from organizations.models import Organization
from organizations.selectors import county_administered
from people.models import Person
from supervision import services
from supervision.models import ContactPoint, DemonstrationSite, ModelMember, Rating, Review
from supervision.selectors import contact_points_visible, demonstration_sites_visible, model_members_visible

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

YEAR = OpenApiParameter("year", int)


class ContactPointSerializer(serializers.ModelSerializer):
    leader = serializers.IntegerField(source="leader_id", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    target = serializers.CharField(source="target.code", read_only=True)

    class Meta:
        model = ContactPoint
        fields = ["id", "leader", "leader_name", "target", "start", "end"]


class ReviewSerializer(serializers.ModelSerializer):
    contact_point = serializers.IntegerField(source="contact_point_id", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "contact_point", "date", "findings", "rating", "created_at"]
        read_only_fields = ["id", "contact_point", "created_at"]


class SiteWriteSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text="the division code of a township, village or party group")
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    reason = serializers.CharField(max_length=20000)


class ModelMemberWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a party member of the county")
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    deeds = serializers.CharField(max_length=20000)
    citation = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ReviewWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    findings = serializers.CharField(max_length=5000)
    rating = serializers.ChoiceField(choices=Rating.choices)


class SiteSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = DemonstrationSite
        fields = ["id", "organization", "year", "reason"]


class ModelMemberSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = ModelMember
        fields = ["id", "person", "person_name", "organization", "year", "deeds", "citation"]


@extend_schema(tags=["supervision"], parameters=[OpenApiParameter("target", str, description="division-code prefix")])
class ContactPointList(ScopedListView):
    serializer_class = ContactPointSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = contact_points_visible(self.scope)
        if target := self.request.query_params.get("target"):
            qs = qs.filter(target__code__startswith=target)
        return qs.order_by("target__code", "start", "id")


def _point(view: ScopedAPIView, pk: int) -> ContactPoint:
    point = contact_points_visible(view.scope).filter(pk=pk).first()
    if point is None:
        raise Http404
    return point


class ContactPointDetail(ScopedAPIView):
    @extend_schema(tags=["supervision"], responses={200: ContactPointSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ContactPointSerializer(_point(self, pk)).data)


class ContactPointReviews(ScopedAPIView):
    @extend_schema(tags=["supervision"], responses={200: ReviewSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        point = _point(self, pk)
        reviews = Review.objects.filter(contact_point=point).order_by("date", "id")
        return Response(ReviewSerializer(reviews, many=True).data)

    @extend_schema(
        tags=["supervision"], request=ReviewWriteSerializer, responses={201: ReviewSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a review (点评) of the contact point: its linked leader, or an admin of the target."""
        point = _point(self, pk)
        self.scope.require(Right.RECORD_REVIEW, code=point.target.code, person_id=point.leader_id)
        data = ReviewWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_record(contact_point=point, recorded_by=request.user, **data.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["supervision"], parameters=[YEAR])
class SiteList(ScopedListView):
    serializer_class = SiteSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = demonstration_sites_visible(self.scope)
        if (year := self.request.query_params.get("year", "")).isdigit():
            qs = qs.filter(year=int(year))
        return qs.order_by("-year", "organization__code", "id")

    @extend_schema(request=SiteWriteSerializer, responses={201: SiteSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Select a demonstration site (示范点) for a year: a county admin, a unit of their county."""
        county_code = _county(self)
        data = SiteWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = Organization.objects.within(county_code).filter(code=values.pop("organization")).first()
        if organization is None:
            raise Http404
        site = services.demonstration_site_create(organization=organization, selected_by=request.user, **values)
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)


def _county(view: ScopedAPIView | ScopedListView) -> str:
    """The county the caller configures, as the pages ask (``county_administered``); none: not allowed."""
    county_code = county_administered(view.scope)
    if county_code is None:
        raise PermissionDenied
    return county_code


@extend_schema(tags=["supervision"], parameters=[YEAR])
class ModelMemberList(ScopedListView):
    serializer_class = ModelMemberSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = model_members_visible(self.scope)
        if (year := self.request.query_params.get("year", "")).isdigit():
            qs = qs.filter(year=int(year))
        return qs.order_by("-year", "organization__code", "id")

    @extend_schema(request=ModelMemberWriteSerializer, responses={201: ModelMemberSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Name a party member of the caller's county a model member (标兵) for a year: a county admin."""
        county_code = _county(self)
        data = ModelMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = Person.objects.filter(membership__branch__code__startswith=county_code, pk=values.pop("person"))
        if (member := person.first()) is None:
            raise Http404
        model_member = services.model_member_create(person=member, selected_by=request.user, **values)
        return Response(ModelMemberSerializer(model_member).data, status=status.HTTP_201_CREATED)
