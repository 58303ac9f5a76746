"""Membership (党员发展, 组织关系转接): recruitment files and their steps, transfers and their receipts.

A step is recorded through ``membership.services.step_record`` as on the file's page, so a step out of
order, one before the previous or without its basis is refused with the page's code. A step that changes
the membership (admission, conversion) asks the page for a confirmation; through the API the call is it.
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
from membership import services
from membership.models import EndReason, MembershipEnd, Reach, Recruit, StepEvent, Transfer
from membership.moves_views import received_from_outside, writable_branches
from membership.selectors import recruits_visible, standings, transfers_visible
from membership.steps import BY_CODE, STEPS
from organizations.models import Organization, OrganizationKind
from people.models import MembershipStatus, PartyMembership, Person
from people.selectors import person_q

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

# -- recruitment --------------------------------------------------------------------


class StepEventSerializer(serializers.ModelSerializer):
    first_person = serializers.IntegerField(source="first_person_id", read_only=True, allow_null=True)
    second_person = serializers.IntegerField(source="second_person_id", read_only=True, allow_null=True)

    class Meta:
        model = StepEvent
        fields = [
            "number",
            "step",
            "on",
            "basis",
            "first_person",
            "second_person",
            "days",
            "hours",
            "extension_months",
            "publicity_until",
        ]


class RecruitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="recruit.id")
    person = serializers.IntegerField(source="recruit.person_id")
    person_name = serializers.CharField(source="recruit.person.name")
    branch = serializers.CharField(source="recruit.branch.code")
    applied_on = serializers.DateField(source="recruit.applied_on")
    latest = serializers.IntegerField(source="recruit.latest", help_text="the highest step number recorded")
    next_steps = serializers.SerializerMethodField(help_text="the step codes that may come next")
    due = serializers.DateField(source="standing.deadline.due", allow_null=True, default=None)

    def get_next_steps(self, row: Any) -> list[str]:
        return [s.code for s in row.standing.next_steps]


class RecruitDetailSerializer(RecruitSerializer):
    events = StepEventSerializer(source="recruit.event_rows", many=True)


class RecruitStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[(s.code, s.name_en) for s in STEPS])
    on = serializers.DateField()
    basis = serializers.CharField(max_length=200, allow_blank=True)
    first_person = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    second_person = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=365)
    hours = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=2000)
    extension_months = serializers.IntegerField(required=False, default=0, min_value=0, max_value=24)
    party_group = serializers.CharField(required=False, allow_blank=True, default="", help_text="a group's code")


class RecruitWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the applicant's person id")
    branch = serializers.CharField(help_text="the village branch's division code")
    applied_on = serializers.DateField()
    basis = serializers.CharField(max_length=200, allow_blank=True, help_text="e.g. the application letter")


def _recruits(view: ScopedAPIView) -> Any:
    return recruits_visible(view.scope).select_related("person", "branch")


def recruit_row(view: ScopedAPIView, pk: int) -> Any:
    recruit = _recruits(view).filter(pk=pk).first()
    if recruit is None:
        raise Http404
    recruit.event_rows = list(recruit.events.order_by("number", "on", "id"))  # type: ignore[attr-defined]
    [row] = standings([recruit], clock.today())
    return row


@extend_schema(
    tags=["membership"],
    parameters=[
        OpenApiParameter("stage", str, enum=["open"], description="open: files not yet archived"),
        OpenApiParameter("branch", str, description="division-code prefix of the branch"),
    ],
)
class RecruitList(ScopedListView):
    serializer_class = RecruitSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = _recruits(self)
        if self.request.query_params.get("stage") == "open":
            qs = qs.filter(latest__lt=BY_CODE["archived"].number)
        if branch := self.request.query_params.get("branch", ""):
            qs = qs.filter(branch__code__startswith=branch)
        return qs.order_by("branch__code", "applied_on", "id")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return standings(list(page), clock.today()) if page is not None else None

    @extend_schema(request=RecruitWriteSerializer, responses={201: RecruitDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Open a recruitment file with its application (the page's 登记入党申请), in a village the caller keeps."""
        scope = self.scope
        if not scope.may_anywhere(Right.MANAGE):
            raise PermissionDenied(_("您只能查看，不能修改。"))
        data = RecruitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        branch = (
            Organization.objects.filter(kind=OrganizationKind.VILLAGE, code=values.pop("branch"))
            .filter(scope.right_q(Right.MANAGE))
            .first()
        )
        # The page offers the people in scope who are not members: anyone else is as if missing.
        person = Person.objects.filter(person_q(scope), membership__isnull=True, pk=values.pop("person")).first()
        if branch is None or person is None:
            raise Http404
        recruit = services.recruit_apply(person=person, branch=branch, user=request.user, **values)
        return Response(RecruitDetailSerializer(recruit_row(self, recruit.pk)).data, status=status.HTTP_201_CREATED)


class RecruitDetail(ScopedAPIView):
    @extend_schema(tags=["membership"], responses={200: RecruitDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(RecruitDetailSerializer(recruit_row(self, pk)).data)


def _full_member(recruit: Recruit, pk: int | None, field: str) -> Person | None:
    """One of the county's full members, as the page offers them for contacts and introducers."""
    if pk is None:
        return None
    person = Person.objects.filter(
        pk=pk, membership__branch__code__startswith=recruit.branch.code[:6], membership__status=MembershipStatus.FULL
    ).first()
    if person is None:
        raise error(field, _("培养联系人和入党介绍人须是正式党员。"), "not_full_members")
    return person


class RecruitSteps(ScopedAPIView):
    @extend_schema(
        tags=["membership"], request=RecruitStepSerializer, responses={201: RecruitDetailSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a step of the file (the page's 登记步骤): in order, dated, with its basis, or refused."""
        recruit = recruit_row(self, pk).recruit
        self.scope.require(Right.MANAGE, code=recruit.branch.code)
        data = RecruitStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        group = None
        if code := values.pop("party_group"):
            group = Organization.objects.filter(
                code=code, parent=recruit.branch, kind=OrganizationKind.PARTY_GROUP
            ).first()
            if group is None:
                raise error("party_group", _("党小组须属于本支部。"), "group_not_in_branch")
        services.step_record(
            recruit=recruit,
            user=request.user,
            step=values["step"],
            on=values["on"],
            basis=values["basis"],
            first_person=_full_member(recruit, values["first_person"], "first_person"),
            second_person=_full_member(recruit, values["second_person"], "second_person"),
            days=values["days"],
            hours=values["hours"],
            extension_months=values["extension_months"],
            party_group=group,
        )
        return Response(RecruitDetailSerializer(recruit_row(self, pk)).data, status=status.HTTP_201_CREATED)


# -- transfers ----------------------------------------------------------------------


class TransferSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="membership.person_id", read_only=True)
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    from_branch = serializers.CharField(source="from_branch.code", read_only=True, allow_null=True, default=None)
    to_branch = serializers.CharField(source="to_branch.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "person",
            "person_name",
            "from_branch",
            "to_branch",
            "outside",
            "reach",
            "on",
            "letter_number",
            "valid_until",
            "dues_paid_to",
            "received_on",
            "receipt_by",
        ]


class TransferWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    to_branch = serializers.CharField(required=False, allow_blank=True, default="", help_text="within the county")
    outside = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    reach = serializers.ChoiceField(choices=Reach.choices)
    on = serializers.DateField()
    letter_number = serializers.CharField(max_length=40)
    dues_paid_to = serializers.DateField()


class ReceiptWriteSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    receipt_by = serializers.CharField(max_length=50, allow_blank=True)
    party_group = serializers.CharField(required=False, allow_blank=True, default="", help_text="a group's code")


def _transfers(view: ScopedAPIView) -> Any:
    return transfers_visible(view.scope).select_related("membership__person", "from_branch", "to_branch")


def _transfer(view: ScopedAPIView, pk: int) -> Transfer:
    transfer = _transfers(view).filter(pk=pk).first()
    if transfer is None:
        raise Http404
    return transfer


@extend_schema(
    tags=["membership"],
    parameters=[OpenApiParameter("direction", str, enum=["in", "out"], description="out of or into the scope")],
)
class TransferList(ScopedListView):
    serializer_class = TransferSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        scope, qs = self.scope, _transfers(self)
        direction = self.request.query_params.get("direction", "")
        if direction == "out":
            qs = qs.filter(scope.org_q("from_branch"))
        elif direction == "in":
            qs = qs.filter(scope.org_q("to_branch")).exclude(scope.org_q("from_branch"))
        return qs.order_by("-on", "-id")

    @extend_schema(request=TransferWriteSerializer, responses={201: TransferSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Issue the introduction letter (the page's 开具介绍信) for a member of a branch the caller keeps."""
        scope = self.scope
        data = TransferWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        membership = (
            PartyMembership.objects.filter(scope.right_q(Right.MANAGE, "branch"), person_id=values.pop("person"))
            .select_related("person", "branch")
            .first()
        )
        if membership is None:
            raise Http404
        to_branch = None
        if code := values.pop("to_branch"):
            # The page offers the villages of the caller's counties: a branch elsewhere is as if missing.
            to_branch = Organization.objects.filter(code=code, code__startswith=membership.branch.code[:6]).first()
            if to_branch is None:
                raise Http404
        transfer = services.transfer_issue(membership=membership, to_branch=to_branch, user=request.user, **values)
        return Response(TransferSerializer(_transfer(self, transfer.pk)).data, status=status.HTTP_201_CREATED)


class TransferDetail(ScopedAPIView):
    @extend_schema(tags=["membership"], responses={200: TransferSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TransferSerializer(_transfer(self, pk)).data)


class TransferReceipt(ScopedAPIView):
    @extend_schema(
        tags=["membership"], request=ReceiptWriteSerializer, responses={200: TransferSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record the receipt (回执): by the receiving branch, or for a letter out of the county the sending one."""
        transfer = _transfer(self, pk)
        side = transfer.to_branch or transfer.from_branch
        if side is None or not self.scope.may(Right.MANAGE, code=side.code):
            raise PermissionDenied(_("您只能查看，不能修改。"))
        data = ReceiptWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        group = None
        if code := values.pop("party_group"):
            group = Organization.objects.filter(
                Q(parent=transfer.to_branch), code=code, kind=OrganizationKind.PARTY_GROUP
            ).first()
            if group is None:
                raise error("party_group", _("党小组须属于本支部。"), "group_not_in_branch")
        services.transfer_receipt(transfer=transfer, party_group=group, **values)
        return Response(TransferSerializer(_transfer(self, pk)).data)


class TransferInSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a person in scope, not yet a member")
    to_branch = serializers.CharField(help_text="the receiving village branch's code")
    party_group = serializers.CharField(required=False, allow_blank=True, default="", help_text="a group's code")
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    joined_on = serializers.DateField()
    outside = serializers.CharField(max_length=120, allow_blank=True, help_text="the sending organization")
    reach = serializers.ChoiceField(choices=Reach.choices)
    on = serializers.DateField(help_text="the day the member is received")
    letter_number = serializers.CharField(max_length=40)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None, help_text="left out: by rule")
    dues_paid_to = serializers.DateField()


class TransferIn(ScopedAPIView):
    @extend_schema(
        tags=["membership"], request=TransferInSerializer, responses={201: TransferSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request) -> Response:
        """Receive a member from outside the county with their letter (the page's 登记县外转入)."""
        scope = self.scope
        if not scope.may_anywhere(Right.MANAGE):
            raise PermissionDenied(_("您只能查看，不能修改。"))
        data = TransferInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        branch = writable_branches(scope).filter(code=values["to_branch"]).first()
        person = Person.objects.filter(person_q(scope), membership__isnull=True, pk=values["person"]).first()
        if branch is None or person is None:
            raise Http404
        group = None
        if code := values.pop("party_group"):
            group = Organization.objects.filter(parent=branch, code=code, kind=OrganizationKind.PARTY_GROUP).first()
            if group is None:
                raise error("party_group", _("党小组须属于本支部。"), "group_not_in_branch")
        values.update(person=person, to_branch=branch, party_group=group)
        transfer = received_from_outside(values, request.user)
        return Response(TransferSerializer(_transfer(self, transfer.pk)).data, status=status.HTTP_201_CREATED)


class EndSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="membership.person_id", read_only=True)

    class Meta:
        model = MembershipEnd
        fields = ["person", "on", "reason"]


class EndWriteSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.ChoiceField(choices=EndReason.choices)


class MembershipEndView(ScopedAPIView):
    @extend_schema(tags=["membership"], request=EndWriteSerializer, responses={201: EndSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """End the membership of person ``pk`` on a day (the page's 登记党籍终止): once (``409 membership_ended``)."""
        membership = (
            PartyMembership.objects.filter(self.scope.right_q(Right.MANAGE, "branch"), person_id=pk)
            .select_related("person")
            .first()
        )
        if membership is None:
            raise Http404
        data = EndWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ending = services.membership_end(membership=membership, **data.validated_data)
        return Response(EndSerializer(ending).data, status=status.HTTP_201_CREATED)
