"""Organizations (read): the division-code tree within the caller's scope."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.division_codes import clean_code_prefix
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404, organizations_in

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS


class OrganizationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "parent"]


@extend_schema(
    tags=["organizations"],
    parameters=[
        OpenApiParameter("kind", str, enum=[k.value for k in OrganizationKind]),
        OpenApiParameter("within", str, description="division-code prefix"),
    ],
    responses={200: OrganizationSerializer(many=True), **ERRORS},
)
class OrganizationList(ScopedListView):
    serializer_class = OrganizationSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        qs = organizations_in(self.scope).select_related("parent").order_by("code")
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        if within := clean_code_prefix(self.request.query_params.get("within", "")):
            qs = qs.filter(code__startswith=within)
        return qs


class OrganizationDetail(ScopedAPIView):
    @extend_schema(tags=["organizations"], responses={200: OrganizationSerializer, **ERRORS})
    def get(self, request: Request, code: str) -> Response:
        org = organization_or_404(self.scope, code)
        return Response(OrganizationSerializer(org).data)
