"""Practice (设岗定责): posts, a member's claim (认岗), the branch's assignment or decline (定岗)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from organizations.models import OrganizationKind
from organizations.selectors import organization_or_404
from practice import selectors, services
from practice.models import PostClaim, PostKind, PracticePost

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS


class PostSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    assigned = serializers.IntegerField(read_only=True)
    applied = serializers.IntegerField(read_only=True)

    class Meta:
        model = PracticePost
        fields = ["id", "village", "kind", "title", "duties", "year", "announced_on", "capacity", "assigned", "applied"]


class PostWriteSerializer(serializers.Serializer):
    village = serializers.CharField(help_text="the village's division code")
    kind = serializers.ChoiceField(choices=PostKind.choices)
    title = serializers.CharField(max_length=100)
    duties = serializers.CharField(max_length=5000)
    year = serializers.IntegerField(min_value=1, max_value=9999)
    announced_on = serializers.DateField()
    capacity = serializers.IntegerField(min_value=1, max_value=1000, default=1)


class ClaimSerializer(serializers.ModelSerializer):
    post = serializers.IntegerField(source="post_id", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = PostClaim
        fields = ["id", "post", "member", "member_name", "how", "status", "star_rating"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


@extend_schema(tags=["practice"], parameters=[OpenApiParameter("year", int), OpenApiParameter("kind", str)])
class PostList(ScopedListView):
    serializer_class = PostSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        year = int(p["year"]) if p.get("year", "").isdigit() else None
        return selectors.posts_visible_to(self.scope, year=year, kind=p.get("kind", ""))

    @extend_schema(request=PostWriteSerializer, responses={201: PostSerializer, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Announce a post (设岗) in a village the caller keeps."""
        data = PostWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        village = organization_or_404(self.scope, values.pop("village"), kind=OrganizationKind.VILLAGE)
        self.scope.require(Right.MANAGE, code=village.code)
        post = services.post_announce(village=village, **values)
        return Response(PostSerializer(selectors.posts_visible_to(self.scope).get(pk=post.pk)).data, status=201)


class PostDetail(ScopedAPIView):
    @extend_schema(tags=["practice"], responses={200: PostSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PostSerializer(selectors.post_detail(self.scope, pk)).data)


class PostClaims(ScopedAPIView):
    @extend_schema(tags=["practice"], responses={200: ClaimSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        post = selectors.post_detail(self.scope, pk)
        return Response(ClaimSerializer(post.claims.all(), many=True).data)

    @extend_schema(tags=["practice"], request=None, responses={201: ClaimSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """The calling member claims a post of their own branch (认领), as on the post's page."""
        membership = selectors.member_branch(self.scope)
        post = selectors.post_detail(self.scope, pk)
        if membership is None:  # only a member claims; others see the post but may not
            raise PermissionDenied(_("只有本支部党员可以认领岗位。"))
        claim = services.post_claim(post=post, member=membership.person, actor=request.user)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


def _claim_for_editor(view: ScopedAPIView, pk: int) -> PostClaim:
    scope = view.scope
    claim = scope.object_or_404(PostClaim.objects.select_related("post__village", "member"), "post__village", pk=pk)
    scope.require(Right.MANAGE, code=claim.post.village.code)
    return claim


class ClaimAssign(ScopedAPIView):
    @extend_schema(tags=["practice"], request=NoteSerializer, responses={200: ClaimSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Assign the claimed post (定岗); refused for a claim not applied, or a full post."""
        claim = _claim_for_editor(self, pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_assign(claim=claim, actor=request.user, note=data.validated_data["note"])
        return Response(ClaimSerializer(claim).data)


class ClaimDecline(ScopedAPIView):
    @extend_schema(tags=["practice"], request=NoteSerializer, responses={200: ClaimSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        claim = _claim_for_editor(self, pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_decline(claim=claim, actor=request.user, note=data.validated_data["note"])
        return Response(ClaimSerializer(claim).data)
