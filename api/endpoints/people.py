"""People and memberships, masked exactly as the pages mask them (``people.selectors.with_shown_contact``).

Who is shown in full goes to the security log as on the pages (``record_unmasked``), so an API read of
ID numbers and phones in full is logged like a page's.
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from organizations.models import Organization, OrganizationKind
from people import services
from people.models import Education, MembershipStatus, PartyMembership, Person, Sex
from people.selectors import (
    can_change_person,
    members_visible_to,
    person_visible_or_none,
    persons_visible_to,
    with_shown_contact,
)

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.CharField(
        source="shown_birth", read_only=True, help_text="in full, or the year when masked"
    )
    id_number = serializers.CharField(source="shown_id_number", read_only=True)
    phone = serializers.CharField(source="shown_phone", read_only=True)
    masked = serializers.BooleanField(read_only=True)
    education = serializers.ChoiceField(choices=Education.choices, allow_blank=True)
    home_village = serializers.CharField(source="home_village.code", read_only=True, allow_null=True)


class PersonWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True, default="")
    home_village = serializers.CharField(help_text="the village's division code")


class MembershipSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    party_group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = PartyMembership
        fields = ["id", "person", "person_name", "status", "joined_on", "branch", "party_group"]


class MembershipWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    joined_on = serializers.DateField()
    branch = serializers.CharField(help_text="the village's division code (its branch)")
    party_group = serializers.CharField(required=False, allow_blank=True, default="")


def _writable_org(view: ScopedAPIView, code: str, kind: str) -> Organization:
    """An organization of ``kind`` where the caller may keep records: 404 if unseen, 403 if seen only."""
    org = Organization.objects.filter(code=code, kind=kind).first()
    if org is None or not view.scope.can_see_code(org.code):
        raise Http404
    view.scope.require(Right.MANAGE, code=org.code)
    return org


@extend_schema(
    tags=["people"],
    parameters=[
        OpenApiParameter("q", str, description="a name, or an ID number or phone in full"),
        OpenApiParameter("org", str, description="division-code prefix of the home village"),
        OpenApiParameter("sex", str, enum=[s.value for s in Sex]),
    ],
)
class PersonList(ScopedListView):
    serializer_class = PersonSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return persons_visible_to(self.scope, q=p.get("q", ""), org=p.get("org", ""), sex=p.get("sex", ""))

    def paginate_queryset(self, queryset: Any) -> list[Person] | None:
        page = super().paginate_queryset(queryset)
        return with_shown_contact(self.scope, page) if page is not None else None

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Add a person (the page's 添加人员): the same service, the same refusals."""
        data = PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["home_village"] = _writable_org(self, fields["home_village"], OrganizationKind.VILLAGE)
        fields["id_number"] = fields["id_number"] or None
        person = services.person_create(**fields)
        with_shown_contact(self.scope, [person])
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetail(ScopedAPIView):
    def _person(self, pk: int) -> Person:
        person = person_visible_or_none(self.scope, pk)
        if person is None:
            raise Http404
        return person

    @extend_schema(tags=["people"], responses={200: PersonSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        person = self._person(pk)
        with_shown_contact(self.scope, [person])
        return Response(PersonSerializer(person).data)

    @extend_schema(tags=["people"], request=PersonWriteSerializer, responses={200: PersonSerializer, **WRITE_ERRORS})
    def put(self, request: Request, pk: int) -> Response:
        """Change a person (the page's 修改人员); ID number and phone are replaced only when given."""
        person = self._person(pk)
        if not can_change_person(self.scope, person):
            raise Http404
        data = PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["home_village"] = _writable_org(self, fields["home_village"], OrganizationKind.VILLAGE)
        for secret in ("id_number", "phone"):
            if not fields[secret]:
                fields.pop(secret)
        person = services.person_update(person=person, **fields)
        with_shown_contact(self.scope, [person])
        return Response(PersonSerializer(person).data)


class PersonMembership(ScopedAPIView):
    @extend_schema(tags=["people"], responses={200: MembershipSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The person's party membership (404 when they have none)."""
        person = person_visible_or_none(self.scope, pk)
        membership = getattr(person, "membership", None) if person is not None else None
        if membership is None:
            raise Http404
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        tags=["people"], request=MembershipWriteSerializer, responses={200: MembershipSerializer, **WRITE_ERRORS}
    )
    def put(self, request: Request, pk: int) -> Response:
        """Record or change the person's party membership (the person page's membership fields)."""
        person = person_visible_or_none(self.scope, pk)
        if person is None or not can_change_person(self.scope, person):
            raise Http404
        data = MembershipWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        branch = _writable_org(self, values["branch"], OrganizationKind.VILLAGE)
        group = None
        if values["party_group"]:
            group = _writable_org(self, values["party_group"], OrganizationKind.PARTY_GROUP)
        membership = services.membership_set(
            person=person, status=values["status"], joined_on=values["joined_on"], branch=branch, party_group=group
        )
        return Response(MembershipSerializer(membership).data)


@extend_schema(
    tags=["people"],
    parameters=[
        OpenApiParameter("q", str),
        OpenApiParameter("status", str, enum=[s.value for s in MembershipStatus]),
        OpenApiParameter("org", str, description="division-code prefix of the branch"),
    ],
)
class MembershipList(ScopedListView):
    serializer_class = MembershipSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return members_visible_to(self.scope, q=p.get("q", ""), status=p.get("status", ""), org=p.get("org", ""))
