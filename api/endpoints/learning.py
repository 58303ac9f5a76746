"""Learning (学习): trainings and their attendance, service teams (服务队) and their visits (下访).

Every write is the page's: ``learning.services`` after the page's check. A training is registered by an
organization the caller keeps (``Right.MANAGE``: county, township or village), its attendance recorded by
those who keep the training's organization, a visit by those who keep the team's. A record the caller may
see but not change answers 404, as on the pages. People are named, never more.
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
from learning import selectors, services
from learning.models import Attendance, Channel, DeliveryKind, ServiceTeam, TeamMember, Training, Visit
from people.models import Person

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["learning"]
AREA = OpenApiParameter("area", str, description="division-code prefix")


# -- trainings -----------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    attendance_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "date", "channel", "topic", "trainer_name", "organization", "hours", "location"]
        fields += ["attendance_count"]


class TrainingAttendanceSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "person", "person_name", "hours"]


class TrainingDetailSerializer(TrainingSerializer):
    attendances = TrainingAttendanceSerializer(many=True, read_only=True)

    class Meta(TrainingSerializer.Meta):
        fields = [*TrainingSerializer.Meta.fields, "attendances"]


class TrainingWriteSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    topic = serializers.CharField(max_length=200)
    trainer_name = serializers.CharField(max_length=100)
    organization = serializers.CharField(max_length=20, help_text="the organizer's division code")
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendeesWriteSerializer(serializers.Serializer):
    people = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=5000, help_text="person ids"
    )
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="default: the training's",
    )


def _training(view: ScopedAPIView, pk: int) -> Training:
    found = selectors.training_detail(view.scope, pk)
    found.attendance_count = len(found.attendances.all())  # type: ignore[attr-defined]
    return found


@extend_schema(
    tags=TAGS,
    parameters=[OpenApiParameter("channel", str, enum=Channel.values), AREA, OpenApiParameter("year", int)],
)
class TrainingList(ScopedListView):
    serializer_class = TrainingSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        channel = p.get("channel", "") if p.get("channel", "") in Channel.values else ""
        year = int(p["year"]) if p.get("year", "").isdigit() and 1990 <= int(p["year"]) <= 2100 else None
        return selectors.trainings_visible_to(self.scope, channel=channel, area=p.get("area", ""), year=year)

    @extend_schema(request=TrainingWriteSerializer, responses={201: TrainingDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Register a training (登记培训) organized by a county, township or village the caller keeps."""
        data = TrainingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = selectors.writable_training_organizations(self.scope).filter(code=values.pop("organization"))
        if not organization.exists():
            raise Http404
        training = services.training_create(organization=organization.get(), recorded_by=request.user, **values)
        return Response(TrainingDetailSerializer(_training(self, training.pk)).data, status=status.HTTP_201_CREATED)


class TrainingDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: TrainingDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TrainingDetailSerializer(_training(self, pk)).data)


class TrainingAttendances(ScopedAPIView):
    @extend_schema(
        tags=TAGS, request=AttendeesWriteSerializer, responses={201: TrainingDetailSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record who attended (登记参训党员): members of the organizer's area; all or none."""
        scope = self.scope
        training = scope.object_or_404(Training.objects.select_related("organization"), "organization", pk=pk)
        if not scope.may(Right.MANAGE, code=training.organization.code):
            raise Http404
        data = AttendeesWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = list(dict.fromkeys(data.validated_data["people"]))
        # The page offers the members of the organizer's area: anyone else is refused unnamed.
        people = list(
            Person.objects.filter(pk__in=wanted, membership__branch__code__startswith=training.organization.code)
        )
        if len(people) != len(wanted):
            raise error("people", _("所选人员不在可登记范围内。"), "person_not_offered")
        services.attendance_add(training=training, people=people, hours=data.validated_data["hours"])
        return Response(TrainingDetailSerializer(_training(self, pk)).data, status=status.HTTP_201_CREATED)


# -- service teams and visits ----------------------------------------------------------


class TeamSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)
    leader = serializers.IntegerField(source="leader_id", read_only=True, allow_null=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, allow_null=True, default=None)
    member_count = serializers.IntegerField(read_only=True)
    visit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceTeam
        fields = ["id", "name", "organization", "unit", "leader", "leader_name", "note", "member_count"]
        fields += ["visit_count"]


class TeamMemberSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["person", "person_name"]


class VisitSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id", read_only=True)
    target = serializers.CharField(source="target.code", read_only=True)
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = ["id", "team", "date", "target", "kinds", "content", "people_reached"]

    def get_kinds(self, obj: Visit) -> list[str]:
        return [d.kind.code for d in obj.deliveries.all()]


class TeamDetailSerializer(TeamSerializer):
    members = TeamMemberSerializer(source="memberships", many=True, read_only=True)
    visits = VisitSerializer(many=True, read_only=True)

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "members", "visits"]


class TeamWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    organization = serializers.CharField(max_length=20, help_text="the forming county's or township's code")
    unit = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None, help_text="the county organ"
    )
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=500,
        required=False,
        default=list,
        help_text="cadres' person ids",
    )
    leader = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class VisitWriteSerializer(serializers.Serializer):
    team = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    date = serializers.DateField()
    target = serializers.CharField(max_length=20, help_text="a village's or party group's division code")
    kinds = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, help_text="Four Deliveries codes"
    )
    content = serializers.CharField(max_length=5000)
    people_reached = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)


def _team(view: ScopedAPIView | ScopedListView, pk: int) -> ServiceTeam:
    team = selectors.teams_visible_to(view.scope).filter(pk=pk).first()
    if team is None:
        raise Http404
    detail = selectors.team_detail(view.scope, pk)
    detail.member_count, detail.visit_count = team.member_count, team.visit_count  # type: ignore[attr-defined]
    return detail


@extend_schema(tags=TAGS)
class TeamList(ScopedListView):
    serializer_class = TeamSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.teams_visible_to(self.scope)

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Form a service team (新建服务队) of cadres, in a county or township the caller keeps."""
        scope = self.scope
        organizations = selectors.team_organizations(scope)
        if not scope.is_admin or not organizations.exists():
            raise Http404
        data = TeamWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        choices = selectors.team_choices(organizations)
        organization = choices["organizations"].filter(code=values.pop("organization")).first()
        if organization is None:
            raise Http404
        unit = None
        if (unit_id := values.pop("unit")) is not None:
            unit = choices["units"].filter(pk=unit_id).first()
            if unit is None:
                raise error("unit", _("所选单位不在可选范围内。"), "unit_not_offered")
        wanted = list(dict.fromkeys(values.pop("members")))
        members = list(choices["cadres"].filter(pk__in=wanted))
        leader_id = values.pop("leader")
        leader = choices["cadres"].filter(pk=leader_id).first() if leader_id is not None else None
        if len(members) != len(wanted) or (leader_id is not None and leader is None):
            raise error("members", _("所选人员不在可登记范围内。"), "person_not_offered")
        team = services.service_team_create(
            organization=organization, unit=unit, members=members, leader=leader, **values
        )
        return Response(TeamDetailSerializer(_team(self, team.pk)).data, status=status.HTTP_201_CREATED)


class TeamDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: TeamDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TeamDetailSerializer(_team(self, pk)).data)


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("kind", str, description="a Four Deliveries code"),
        AREA,
        OpenApiParameter("month", str, description="YYYY-MM"),
    ],
)
class VisitList(ScopedListView):
    serializer_class = VisitSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        kind = DeliveryKind.objects.filter(code=p["kind"]).first() if p.get("kind") else None
        month = p.get("month", "")
        parts = month.split("-")
        if not (len(parts) == 2 and all(x.isdigit() and len(x) <= 4 for x in parts) and 1 <= int(parts[1]) <= 12):
            month = ""
        # As the page's filter: a kind it does not know is no filter.
        return selectors.visits_visible_to(self.scope, kind=kind, area=p.get("area", ""), month=month)

    @extend_schema(request=VisitWriteSerializer, responses={201: VisitSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a team's visit (记录服务队下访) to a village or party group of its county."""
        data = VisitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        team = selectors.writable_teams(self.scope).filter(pk=values.pop("team")).first()
        if team is None:
            raise Http404
        target = selectors.visit_targets(team.county_code).filter(code=values.pop("target")).first()
        if target is None:
            raise error("target", _("服务对象不在服务队所在的县。"), "other_county")
        visit = services.visit_record(team=team, target=target, recorded_by=request.user, **values)
        row = selectors.visits_visible_to(self.scope).filter(pk=visit.pk).first() or visit
        return Response(VisitSerializer(row).data, status=status.HTTP_201_CREATED)
