"""Members away (流动党员): the list and one record, recording one, their return, the loss of contact and its end.

As the pages (``membership/away_views.py``): a member away is seen where their branch is in the caller's
scope; writing needs MANAGE on the member's branch, else 404 for a member the caller cannot see and 403
for one they only read. The contact phone is shown as the pages show it: in full only where the caller
sees the person unmasked. Every write calls the page's service, so a refusal is the page's refusal.
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

from common.scope import Right
from membership import services
from membership.away_views import STATES, with_shown_phone
from membership.models import Away
from membership.selectors import away_visible
from organizations.models import Organization, OrganizationKind
from people.models import Person

from ..base import MAX_ID, Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class AwaySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="membership.person_id", read_only=True)
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    branch = serializers.CharField(source="membership.branch.code", read_only=True)
    contact = serializers.CharField(source="shown_contact", read_only=True, help_text="masked unless allowed")
    receiving_org = serializers.CharField(source="receiving_org.code", read_only=True, allow_null=True, default=None)
    lost_since = serializers.DateField(read_only=True, allow_null=True, help_text="out of contact since, if so")

    class Meta:
        model = Away
        fields = [
            "id",
            "person",
            "person_name",
            "branch",
            "since",
            "returned_on",
            "place",
            "contact",
            "receiving",
            "receiving_org",
            "certificate_number",
            "certificate_issued_on",
            "lost_since",
        ]


class AwayWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the member's person id")
    since = serializers.DateField()
    place = serializers.CharField(max_length=120)
    contact = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    receiving = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    receiving_org = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="the code of a township or village of the county"
    )
    certificate_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    certificate_issued_on = serializers.DateField(required=False, allow_null=True, default=None)


class AwayActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["return", "lose", "regain"], help_text="return: back home; lose: out of contact; regain: in contact"
    )
    on = serializers.DateField()


def _away(view: ScopedAPIView, pk: int) -> Away:
    away = away_visible(view.scope).filter(pk=pk).first()
    if away is None:
        raise Http404
    with_shown_phone(view.scope, [away])
    return away


@extend_schema(
    tags=["membership"],
    parameters=[OpenApiParameter("state", str, enum=list(STATES), description="default: current (not returned)")],
)
class AwayList(ScopedListView):
    serializer_class = AwaySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        rows = away_visible(self.scope)
        state = self.request.query_params.get("state", "current")
        if state == "current":
            rows = rows.filter(returned_on__isnull=True)
        elif state == "lost":
            rows = rows.filter(returned_on__isnull=True, lost_since__isnull=False)  # type: ignore[misc]  # annotated
        elif state == "returned":
            rows = rows.filter(returned_on__isnull=False)
        return rows.order_by("membership__branch__code", "since", "id")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return with_shown_phone(self.scope, page) if page is not None else None

    @extend_schema(request=AwayWriteSerializer, responses={201: AwaySerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a member of a branch the caller keeps as away (the page's 登记流动党员)."""
        scope = self.scope
        data = AwayWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = (
            Person.objects.filter(Q(membership__isnull=False) & scope.right_q(Right.MANAGE, "membership__branch"))
            .filter(pk=values.pop("person"))
            .first()
        )
        if person is None:
            raise Http404
        receiving_org = None
        if code := values.pop("receiving_org"):
            # The page offers the townships and villages of the member's county: another is as if missing.
            receiving_org = Organization.objects.filter(
                code=code,
                code__startswith=person.membership.branch.code[:6],
                kind__in=[OrganizationKind.VILLAGE, OrganizationKind.TOWNSHIP],
            ).first()
            if receiving_org is None:
                raise Http404
        away = services.away_record(person=person, receiving_org=receiving_org, user=request.user, **values)
        return Response(AwaySerializer(_away(self, away.pk)).data, status=status.HTTP_201_CREATED)


class AwayDetail(ScopedAPIView):
    @extend_schema(tags=["membership"], responses={200: AwaySerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AwaySerializer(_away(self, pk)).data)


class AwayAction(ScopedAPIView):
    @extend_schema(tags=["membership"], request=AwayActionSerializer, responses={200: AwaySerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Record the member's return, the loss of contact or its end, on a day (the page's buttons)."""
        away = _away(self, pk)
        if not self.scope.may(Right.MANAGE, code=away.membership.branch.code):
            raise PermissionDenied(_("您只能查看，不能修改。"))
        data = AwayActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action, on = data.validated_data["action"], data.validated_data["on"]
        if action == "return":
            services.away_return(away=away, returned_on=on)
        elif action == "lose":
            services.away_lose_contact(away=away, since=on, user=request.user)
        else:
            services.away_regain_contact(away=away, regained_on=on)
        return Response(AwaySerializer(_away(self, pk)).data)
