"""Leadership (领导小组): each township's group, its members (add, end a term) and its work log.

Every write is the page's: ``leadership.services`` after the page's check (``Right.MANAGE`` on the township,
else 404 as on the page). The group's office phone is taken but never shown; people are named, never more.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.checks import error
from common.scope import Right
from leadership import services
from leadership.models import GroupMember, GroupRole, LeadershipGroup, WorkKind, WorkLogEntry
from leadership.selectors import township_people
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["leadership"]


class GroupSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)

    class Meta:
        model = LeadershipGroup
        fields = ["id", "township", "township_name", "name", "established_on", "office_location"]


class GroupWriteSerializer(serializers.Serializer):
    township = serializers.CharField(max_length=20, help_text="the township's division code")
    established_on = serializers.DateField()
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    office_location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    office_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class MemberSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["id", "person", "person_name", "role", "start", "end"]


class MemberWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a person of the township")
    role = serializers.ChoiceField(choices=GroupRole.choices)
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)


class MemberEndSerializer(serializers.Serializer):
    end = serializers.DateField()


class LogSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkLogEntry
        fields = ["id", "date", "kind", "title", "description"]


class LogWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=WorkKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


def _groups(view: ScopedAPIView | ScopedListView) -> Any:
    return view.scope.filter(LeadershipGroup.objects.select_related("township"), "township")


def _group(view: ScopedAPIView | ScopedListView, code: str, *, right: str | None = None) -> LeadershipGroup:
    """The township's group as its page finds it: the township in scope (with ``right``), and a group there."""
    township = organization_or_404(view.scope, code, right=right, kind=OrganizationKind.TOWNSHIP)
    group = LeadershipGroup.objects.select_related("township").filter(township=township).first()
    if group is None:
        raise Http404
    return group


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("township", str, description="division-code prefix")])
class GroupList(ScopedListView):
    serializer_class = GroupSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = _groups(self)
        if township := self.request.query_params.get("township", ""):
            qs = qs.filter(township__code__startswith=township)
        return qs.order_by("township__code", "id")

    @extend_schema(request=GroupWriteSerializer, responses={201: GroupSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Establish a township's group (成立领导小组), as on the township's group page."""
        data = GroupWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        township = organization_or_404(
            self.scope, values.pop("township"), right=Right.MANAGE, kind=OrganizationKind.TOWNSHIP
        )
        group = services.leadership_group_create(township=township, **values)
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: GroupSerializer, **ERRORS})
    def get(self, request: Request, code: str) -> Response:
        """The group of the township ``code`` (404 when it has none)."""
        return Response(GroupSerializer(_group(self, code)).data)


def _person(township: Organization, pk: int) -> Any:
    person = township_people(township).filter(pk=pk).first()
    if person is None:  # the page's picker offers only the township's people
        raise error("person", _("所选人员不在可登记范围内。"), "person_not_offered")
    return person


class GroupMembers(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: MemberSerializer(many=True), **ERRORS})
    def get(self, request: Request, code: str) -> Response:
        group = _group(self, code)
        members = GroupMember.objects.filter(group=group).select_related("person").order_by("role", "start", "id")
        return Response(MemberSerializer(members, many=True).data)

    @extend_schema(tags=TAGS, request=MemberWriteSerializer, responses={201: MemberSerializer, **WRITE_ERRORS})
    def post(self, request: Request, code: str) -> Response:
        """Add a member (添加成员): one leader and one office director at a time."""
        group = _group(self, code, right=Right.MANAGE)
        data = MemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = _person(group.township, values.pop("person"))
        member = services.group_member_add(group=group, person=person, **values)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class GroupMemberEnd(ScopedAPIView):
    @extend_schema(tags=TAGS, request=MemberEndSerializer, responses={200: MemberSerializer, **WRITE_ERRORS})
    def post(self, request: Request, code: str, pk: int) -> Response:
        """End a member's term (结束任期)."""
        group = _group(self, code, right=Right.MANAGE)
        member = GroupMember.objects.filter(group=group, pk=pk).select_related("person").first()
        if member is None:
            raise Http404
        data = MemberEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.group_member_end(member=member, end=data.validated_data["end"])
        return Response(MemberSerializer(member).data)


@extend_schema(tags=TAGS)
class GroupLog(ScopedListView):
    serializer_class = LogSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return _group(self, self.kwargs["code"]).log.order_by("-date", "-id")

    @extend_schema(request=LogWriteSerializer, responses={201: LogSerializer, **WRITE_ERRORS})
    def post(self, request: Request, code: str) -> Response:
        """Add a work-log entry (添加工作记录), dated today or earlier."""
        group = _group(self, code, right=Right.MANAGE)
        data = LogWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.work_log_add(group=group, recorded_by=request.user, **data.validated_data)
        return Response(LogSerializer(entry).data, status=status.HTTP_201_CREATED)
