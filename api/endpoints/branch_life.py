"""Branch life (组织生活): meetings with their attendance, dues payments, notices and their read receipts.

Each write calls the page's service (``branch_life.services``) and each read the page's selector, so a
decision meeting without quorum, a month paid twice or a notice with no recipient is refused as on the page.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from branch_life import selectors, services
from branch_life.checks import attendees_are_members
from branch_life.models import AttendanceStatus, DuesPayment, Meeting, MeetingKind, Notice
from common.checks import error
from common.scope import Right
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404, organizations_where
from people.models import Person

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView, is_id
from ..schema import ERRORS, WRITE_ERRORS

NOTICE_ROLES = [Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN, Role.MEMBER, Role.VILLAGE_SUPERVISOR]


def year_of(request: Request) -> int | None:
    value = request.query_params.get("year", "")
    return int(value) if value.isdigit() and 0 < int(value) < 10000 else None


def writable_village(view: ScopedAPIView, code: str) -> Organization:
    """A village the caller keeps (404 if unseen, 403 if only seen), as the page's choice of branch."""
    village = organization_or_404(view.scope, code, kind=OrganizationKind.VILLAGE)
    view.scope.require(Right.MANAGE, code=village.code)
    return village


# -- meetings -----------------------------------------------------------------------


class AttendanceSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        source="member_id", min_value=1, max_value=MAX_ID, help_text="the member's person id"
    )
    member_name = serializers.CharField(source="member.name", read_only=True)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    branch = serializers.CharField(source="branch.code")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    date = serializers.DateField()
    topic = serializers.CharField()
    presided_by = serializers.IntegerField(source="presided_by_id", allow_null=True)
    decisions = serializers.CharField()
    present = serializers.IntegerField(help_text="members recorded present")
    expected = serializers.IntegerField(help_text="members with an attendance row")


class MeetingDetailSerializer(MeetingSerializer):
    attendance = AttendanceSerializer(source="attendance_rows", many=True)


class MeetingWriteSerializer(serializers.Serializer):
    branch = serializers.CharField(help_text="the village's division code (its branch)")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    date = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    presided_by = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID)
    decisions = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    attendance = AttendanceSerializer(many=True, help_text="one row per member recorded; members left out get none")


def meeting_detail(view: ScopedAPIView, pk: int) -> Meeting:
    meeting = selectors.meetings_visible_to(view.scope).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    meeting.attendance_rows = list(  # type: ignore[attr-defined]
        meeting.attendance.select_related("member").order_by("member__name", "id")
    )
    return meeting


@extend_schema(
    tags=["branch life"],
    parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("kind", str, enum=MeetingKind.values),
        OpenApiParameter("branch", str, description="division-code prefix of the branch"),
    ],
)
class MeetingList(ScopedListView):
    serializer_class = MeetingSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        kind = p.get("kind", "")
        return selectors.meetings_visible_to(
            self.scope,
            year=year_of(self.request),
            kind=kind if kind in MeetingKind.values else "",
            branch=p.get("branch", ""),
        )

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a meeting with its attendance (the page's 登记会议); a decision without quorum is refused."""
        data = MeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        branch = writable_village(self, values.pop("branch"))
        attendance: dict[int, str] = {}
        for row in values.pop("attendance"):
            if attendance.setdefault(row["member_id"], row["status"]) != row["status"]:
                raise error("attendance", _("同一党员的出席情况只能登记一次。"), "attendance_twice")
        presided_by = None
        if (pk := values.pop("presided_by")) is not None:
            presided_by = Person.objects.filter(pk=pk).first()
            if presided_by is None:
                attendees_are_members({str(pk)}, branch.name)
        meeting = services.meeting_record(
            branch=branch, attendance=attendance, presided_by=presided_by, actor=request.user, **values
        )
        return Response(MeetingDetailSerializer(meeting_detail(self, meeting.pk)).data, status=status.HTTP_201_CREATED)


class MeetingDetail(ScopedAPIView):
    @extend_schema(tags=["branch life"], responses={200: MeetingDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingDetailSerializer(meeting_detail(self, pk)).data)


# -- dues ---------------------------------------------------------------------------


class DuesPaymentSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    branch = serializers.CharField(source="branch.code", read_only=True)

    class Meta:
        model = DuesPayment
        fields = ["id", "member", "member_name", "branch", "month", "amount", "paid_on"]


class DuesPaymentWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    month = serializers.DateField(help_text="any day of the month paid for")
    amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="left out: the member's monthly dues by their rate",
    )
    paid_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="left out: today")


@extend_schema(
    tags=["branch life"],
    parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("branch", str, description="division-code prefix of the branch"),
        OpenApiParameter("member", int),
    ],
)
class DuesPaymentList(ScopedListView):
    serializer_class = DuesPaymentSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        qs = self.scope.filter(DuesPayment.objects.all(), "branch").select_related("member", "branch")
        if year := year_of(self.request):
            qs = qs.filter(month__year=year)
        if branch := p.get("branch", ""):
            qs = qs.filter(branch__code__startswith=branch)
        if is_id(p.get("member", "")):
            qs = qs.filter(member_id=int(p["member"]))
        return qs.order_by("-month", "branch__code", "member__name", "id")

    @extend_schema(request=DuesPaymentWriteSerializer, responses={201: DuesPaymentSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a member's dues for a month (the page's 登记党费); a month paid twice is refused."""
        data = DuesPaymentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        villages = selectors.writable_villages(self.scope)
        member = Person.objects.filter(pk=values.pop("member"), membership__branch__in=villages).first()
        if member is None:  # the page offers only the members of the villages the caller keeps
            raise Http404
        payment = services.dues_pay(member=member, **values)
        return Response(DuesPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


# -- notices ------------------------------------------------------------------------


class NoticeBriefSerializer(serializers.ModelSerializer):
    origin = serializers.CharField(source="origin.code", read_only=True)
    target = serializers.CharField(source="target.code", read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "origin", "target", "role", "title", "body", "deadline", "sent_at"]


class NoticeSerializer(NoticeBriefSerializer):
    recipients = serializers.IntegerField(read_only=True, help_text="how many received it")
    read = serializers.IntegerField(read_only=True, help_text="how many have read it")

    class Meta(NoticeBriefSerializer.Meta):
        fields = [*NoticeBriefSerializer.Meta.fields, "recipients", "read"]


class ReceiptSerializer(serializers.Serializer):
    user = serializers.CharField(source="user.username")
    read_at = serializers.DateTimeField(allow_null=True)


class NoticeDetailSerializer(NoticeBriefSerializer):
    recipients = serializers.IntegerField(read_only=True, allow_null=True, help_text="the sender's side only")
    read = serializers.IntegerField(read_only=True, allow_null=True, help_text="the sender's side only")
    receipts = ReceiptSerializer(source="receipt_rows", many=True, allow_null=True, help_text="the sender's side only")
    read_at = serializers.DateTimeField(source="my_read_at", allow_null=True, help_text="when the caller read it")

    class Meta(NoticeBriefSerializer.Meta):
        fields = [*NoticeBriefSerializer.Meta.fields, "recipients", "read", "receipts", "read_at"]


class NoticeWriteSerializer(serializers.Serializer):
    origin = serializers.CharField(help_text="the sending county's or township's division code")
    target = serializers.CharField(help_text="the division code of the unit whose people receive it")
    role = serializers.ChoiceField(
        choices=[("", "everyone"), *[(r.value, r.label) for r in NOTICE_ROLES]],
        required=False,
        allow_blank=True,
        default="",
    )
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000)
    deadline = serializers.DateField()


def notice_detail(view: ScopedAPIView, pk: int) -> Notice:
    """The notice as its page shows it: to its recipients, and to its origin's managers with the receipts."""
    notice, sender_side = selectors.notice_for(view.scope, view.request.user, pk)
    counted = selectors.notices_sent_visible_to(view.scope).filter(pk=pk).first()
    notice.recipients = counted.recipients if counted else None  # type: ignore[attr-defined]
    notice.read = counted.read if counted else None  # type: ignore[attr-defined]
    notice.receipt_rows = (  # type: ignore[attr-defined]
        list(notice.receipts.select_related("user").order_by("read_at", "user__username")) if sender_side else None
    )
    mine = notice.receipts.filter(user=view.request.user).first()
    notice.my_read_at = mine.read_at if mine else None  # type: ignore[attr-defined]
    return notice


@extend_schema(tags=["branch life"])
class NoticeList(ScopedListView):
    # The notices the caller's units sent (the sender's side of the page), with their read counts.
    serializer_class = NoticeSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.notices_sent_visible_to(self.scope)

    @extend_schema(request=NoticeWriteSerializer, responses={201: NoticeDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Send a notice (the page's 发送通知) from a county or township the caller manages."""
        data = NoticeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        origins = organizations_where(self.scope, Right.MANAGE, [OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP])
        origin = origins.filter(code=values.pop("origin")).first()
        target = Organization.objects.filter(
            self.scope.right_q(Right.MANAGE),
            code=values.pop("target"),
            kind__in=[OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE],
        ).first()
        if origin is None or target is None:
            raise Http404
        notice = services.notice_send(origin=origin, target=target, sender=request.user, **values)
        return Response(NoticeDetailSerializer(notice_detail(self, notice.pk)).data, status=status.HTTP_201_CREATED)


class NoticeReceivedSerializer(serializers.Serializer):
    notice = NoticeBriefSerializer()
    read_at = serializers.DateTimeField(allow_null=True)


@extend_schema(tags=["branch life"])
class NoticeReceivedList(ScopedListView):
    # The notices the caller received, newest first, with when they read each.
    serializer_class = NoticeReceivedSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.notices_received(self.request.user).select_related("notice__target")


class NoticeDetail(ScopedAPIView):
    @extend_schema(tags=["branch life"], responses={200: NoticeDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The notice; reading it here does not mark it read (``POST …/read/`` does, as opening its page)."""
        return Response(NoticeDetailSerializer(notice_detail(self, pk)).data)


class NoticeRead(ScopedAPIView):
    @extend_schema(tags=["branch life"], request=None, responses={200: NoticeDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """A recipient marks the notice read (the first time counts; again changes nothing)."""
        notice, _sender_side = selectors.notice_for(self.scope, request.user, pk)
        if services.notice_open(notice=notice, user=request.user) is None:
            raise ValidationError(_("您不是这条通知的接收人。"), code="not_a_recipient")
        return Response(NoticeDetailSerializer(notice_detail(self, pk)).data)
