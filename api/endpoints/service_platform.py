"""The service platform (服务平台): facilities, supported projects and 153-plan micro-loans, through the page's services.

The scope checks are the pages' (``service_platform/views.py``): a facility or project is written by an admin
who keeps its township or village (``MANAGE``); a loan's application is recorded for a member of a branch the
caller keeps; approving or refusing it is the township's or county's (``OVERSEE``), its repayment the keeper's
(``MANAGE``). A step this caller may not take is a 404, as on the loan's page. Amounts are decimal strings,
read by the service's ``parse_amount``. Applicants and project leads are given by id and name only.
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
from organizations.selectors import organization_or_404
from people.models import Person
from service_platform import selectors, services
from service_platform.models import (
    Facility,
    FacilityKind,
    FacilityStatus,
    LoanEvent,
    LoanPurpose,
    LoanStatus,
    MicroLoan,
    ProjectStatus,
    SupportedProject,
)

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["service platform"]
AREA = OpenApiParameter("area", str, description="division-code prefix of the township or village")


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) == 4 else None


# -- facilities --------------------------------------------------------------------


class FacilitySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = Facility
        fields = ["id", "kind", "name", "organization", "location", "opened_on", "status", "closed_on", "description"]
        read_only_fields = fields


class FacilityUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    opened_on = serializers.DateField()
    status = serializers.ChoiceField(choices=FacilityStatus.choices, default=FacilityStatus.OPEN)
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class FacilityCreateSerializer(FacilityUpdateSerializer):
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    organization = serializers.CharField(max_length=30, help_text="the township's or village's division code")


def _place(view: ScopedAPIView, code: str) -> Any:
    """A township or village the caller keeps: out of sight 404, seen but not kept 403 (the service checks its kind)."""
    place = organization_or_404(view.scope, code)
    view.scope.require(Right.MANAGE, code=place.code)
    return place


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("kind", str, enum=FacilityKind.values),
        AREA,
        OpenApiParameter("status", str, enum=FacilityStatus.values),
    ],
)
class FacilityList(ScopedListView):
    serializer_class = FacilitySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return selectors.facilities_visible_to(
            self.scope, kind=p.get("kind", ""), area=p.get("area", ""), status=p.get("status", "")
        )

    @extend_schema(request=FacilityCreateSerializer, responses={201: FacilitySerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Register a facility (登记服务阵地); one open service centre per township."""
        data = FacilityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["organization"] = _place(self, values.pop("organization"))
        facility = services.facility_create(**values)
        return Response(FacilitySerializer(facility).data, status=status.HTTP_201_CREATED)


def _facility(view: ScopedAPIView, pk: int) -> Facility:
    return view.scope.object_or_404(Facility.objects.select_related("organization"), "organization", pk=pk)


class FacilityDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: FacilitySerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(FacilitySerializer(_facility(self, pk)).data)

    @extend_schema(tags=TAGS, request=FacilityUpdateSerializer, responses={200: FacilitySerializer, **WRITE_ERRORS})
    def put(self, request: Request, pk: int) -> Response:
        """Change a facility's details and status (its kind and place stay), as the page's 修改."""
        facility = _facility(self, pk)
        if not self.scope.may(Right.MANAGE, code=facility.organization.code):
            raise Http404  # the edit page's answer to a viewer who does not keep the place
        data = FacilityUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        facility = services.facility_update(facility=facility, **data.validated_data)
        return Response(FacilitySerializer(facility).data)


# -- supported projects ------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    responsible = serializers.IntegerField(source="responsible_id", read_only=True, allow_null=True)
    responsible_name = serializers.CharField(source="responsible.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = SupportedProject
        fields = [
            "id",
            "name",
            "organization",
            "industry",
            "start",
            "end",
            "support",
            "amount",
            "responsible",
            "responsible_name",
            "status",
        ]
        read_only_fields = fields


class ProjectCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    organization = serializers.CharField(max_length=30, help_text="the township's or village's division code")
    industry = serializers.CharField(max_length=60)
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, default=ProjectStatus.ONGOING)
    support = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    amount = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, max_length=30, help_text='元, e.g. "12000.00"'
    )
    responsible = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID, help_text="a member's person id"
    )


@extend_schema(
    tags=TAGS,
    parameters=[AREA, OpenApiParameter("status", str, enum=ProjectStatus.values), OpenApiParameter("year", int)],
)
class ProjectList(ScopedListView):
    serializer_class = ProjectSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return selectors.projects_visible_to(
            self.scope, area=p.get("area", ""), status=p.get("status", ""), year=_year(p.get("year", ""))
        )

    @extend_schema(request=ProjectCreateSerializer, responses={201: ProjectSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Register a supported project (登记扶持发展项目); its lead is a member of a branch the caller keeps."""
        data = ProjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["organization"] = _place(self, values.pop("organization"))
        if (pk := values.pop("responsible")) is not None:
            # The page offers the members of the branches the caller keeps; anyone else is refused.
            members = Person.objects.filter(self.scope.right_q(Right.MANAGE, "membership__branch"))
            values["responsible"] = members.filter(pk=pk).first()
            if values["responsible"] is None:
                raise error("responsible", _("该党员不在您管辖的范围内。"), "person_out_of_scope")
        project = services.supported_project_create(**values)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: ProjectSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        project = self.scope.object_or_404(
            SupportedProject.objects.select_related("organization", "responsible"), "organization", pk=pk
        )
        return Response(ProjectSerializer(project).data)


# -- micro-loans -------------------------------------------------------------------


class LoanSerializer(serializers.ModelSerializer):
    applicant = serializers.IntegerField(source="applicant_id", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)

    class Meta:
        model = MicroLoan
        fields = [
            "id",
            "applicant",
            "applicant_name",
            "village",
            "purpose",
            "amount",
            "lender",
            "applied_on",
            "status",
            "note",
        ]
        read_only_fields = fields


class LoanEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanEvent
        fields = ["step", "date", "note", "recorded_at"]
        read_only_fields = fields


class LoanDetailSerializer(LoanSerializer):
    events = LoanEventSerializer(many=True, read_only=True)
    allowed_steps = serializers.ListField(
        child=serializers.ChoiceField(choices=LoanStatus.choices),
        read_only=True,
        help_text="the steps this caller may record now",
    )

    class Meta(LoanSerializer.Meta):
        fields = [*LoanSerializer.Meta.fields, "events", "allowed_steps"]
        read_only_fields = fields


class LoanApplySerializer(serializers.Serializer):
    applicant = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    purpose = serializers.ChoiceField(choices=LoanPurpose.choices)
    amount = serializers.CharField(max_length=30, help_text='元, e.g. "50000.00"; at most 500000')
    lender = serializers.CharField(max_length=100)
    applied_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class LoanStepSerializer(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class LoanRefuseSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, max_length=5000, help_text="required by the service")


@extend_schema(tags=TAGS, parameters=[AREA, OpenApiParameter("status", str, enum=LoanStatus.values)])
class LoanList(ScopedListView):
    serializer_class = LoanSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return selectors.loans_visible_to(self.scope, area=p.get("area", ""), status=p.get("status", ""))

    @extend_schema(request=LoanApplySerializer, responses={201: LoanDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a member's application (登记贷款申请) for a member of a branch the caller keeps."""
        scope = self.scope
        data = LoanApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pk = values.pop("applicant")
        # The page's picker: members of branches the caller keeps. A non-member of a village kept: the service's refusal.
        kept = scope.right_q(Right.MANAGE, "membership__branch") | (
            scope.right_q(Right.MANAGE, "home_village") & Q(membership__isnull=True)
        )
        applicant = Person.objects.filter(kept, pk=pk).first() if scope.is_admin else None
        if applicant is None:
            raise error("applicant", _("该党员不在您管辖的范围内。"), "person_out_of_scope")
        loan = services.loan_apply(applicant=applicant, recorded_by=request.user, **values)
        return Response(_loan_data(self, loan.pk), status=status.HTTP_201_CREATED)


def _loan_data(view: ScopedAPIView, pk: int) -> dict[str, Any]:
    loan = selectors.loan_detail(view.scope, pk)
    loan.allowed_steps = selectors.allowed_steps(view.scope, loan)  # type: ignore[attr-defined]
    return LoanDetailSerializer(loan).data


class LoanDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: LoanDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_loan_data(self, pk))


def _loan_for(view: ScopedAPIView, pk: int, right: str) -> MicroLoan:
    """The loan, if in scope and the caller holds the step's right on its village; else 404 (the page's answer)."""
    loan = selectors.loan_detail(view.scope, pk)
    if not view.scope.may(right, code=loan.village.code):
        raise Http404
    return loan


class LoanApprove(ScopedAPIView):
    @extend_schema(tags=TAGS, request=LoanStepSerializer, responses={200: LoanDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Approve an application (批准): the township's or county's step, from "applied" only."""
        loan = _loan_for(self, pk, Right.OVERSEE)
        data = LoanStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.loan_approve(loan=loan, recorded_by=request.user, **data.validated_data)
        return Response(_loan_data(self, pk))


class LoanRefuse(ScopedAPIView):
    @extend_schema(tags=TAGS, request=LoanRefuseSerializer, responses={200: LoanDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Refuse an application (不予批准) with a reason: the township's or county's step, from "applied" only."""
        loan = _loan_for(self, pk, Right.OVERSEE)
        data = LoanRefuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.loan_refuse(loan=loan, recorded_by=request.user, **data.validated_data)
        return Response(_loan_data(self, pk))


class LoanRepaid(ScopedAPIView):
    @extend_schema(tags=TAGS, request=LoanStepSerializer, responses={200: LoanDetailSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Record the repayment (已还款) of an approved loan: the keeper's step."""
        loan = _loan_for(self, pk, Right.MANAGE)
        data = LoanStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.loan_repaid(loan=loan, recorded_by=request.user, **data.validated_data)
        return Response(_loan_data(self, pk))
