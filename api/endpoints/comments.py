"""Comments on village affairs: the supervision committee's review comments (监督意见) and villagers' feedback (群众意见).

A review comment is added to a decision or a disclosure by whoever holds ``COMMENT`` on its village, as on
the record's page. Villagers' feedback is submitted on the public portal; here the village reads its inbox
and answers (``MANAGE``), once only. The page asks for a confirmation before the answer; through the API the
call is it. The rate-limiting client hash is never shown.
"""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.scope import Right
from village_affairs import services
from village_affairs.models import Decision, Disclosure, Feedback, ReviewComment
from village_affairs.selectors import feedback_in

from ..base import Pagination, ScopedAPIView, ScopedListView
from ..schema import ERRORS, WRITE_ERRORS

TAGS = ["village affairs"]


class ReviewCommentSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True, allow_null=True)
    disclosure = serializers.IntegerField(source="disclosure_id", read_only=True, allow_null=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "village", "decision", "disclosure", "text", "created_at"]
        read_only_fields = fields


class ReviewCommentWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000, allow_blank=True)


def _comments(**target: Any) -> Any:
    return ReviewComment.objects.filter(**target).select_related("village").order_by("created_at", "id")


class _RecordComments(ScopedAPIView):
    model: type[Decision] | type[Disclosure]
    target: str

    def record(self, pk: int) -> Any:
        return self.scope.object_or_404(self.model.objects.select_related("village"), "village", pk=pk)

    def list_of(self, pk: int) -> Response:
        record = self.record(pk)
        return Response(ReviewCommentSerializer(_comments(**{self.target: record}), many=True).data)

    def add(self, request: Request, pk: int) -> Response:
        record = self.record(pk)
        self.scope.require(Right.COMMENT, code=record.village.code)
        data = ReviewCommentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.review_comment_add(
            village=record.village, user=request.user, text=data.validated_data["text"], **{self.target: record}
        )
        return Response(ReviewCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class DecisionComments(_RecordComments):
    model = Decision
    target = "decision"

    @extend_schema(tags=TAGS, responses={200: ReviewCommentSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The review comments on a decision, oldest first, as its page lists them."""
        return self.list_of(pk)

    @extend_schema(
        tags=TAGS, request=ReviewCommentWriteSerializer, responses={201: ReviewCommentSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a review comment (监督意见) to a decision: supervisors and admins of its village."""
        return self.add(request, pk)


class DisclosureComments(_RecordComments):
    model = Disclosure
    target = "disclosure"

    @extend_schema(tags=TAGS, responses={200: ReviewCommentSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The review comments on a disclosure, oldest first, as its page lists them."""
        return self.list_of(pk)

    @extend_schema(
        tags=TAGS, request=ReviewCommentWriteSerializer, responses={201: ReviewCommentSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a review comment (监督意见) to a disclosure: supervisors and admins of its village."""
        return self.add(request, pk)


class FeedbackSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    disclosure = serializers.IntegerField(source="disclosure_id", read_only=True, allow_null=True)
    decision_step = serializers.IntegerField(source="decision_step_id", read_only=True, allow_null=True)
    published_month = serializers.IntegerField(source="published_month_id", read_only=True, allow_null=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "village",
            "disclosure",
            "decision_step",
            "published_month",
            "text",
            "name",
            "created_at",
            "answer",
            "answered_at",
        ]
        read_only_fields = fields


class FeedbackAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000, allow_blank=True)


def _feedback(view: ScopedAPIView) -> Any:
    return view.scope.filter(feedback_in(Feedback.objects.all()), "village")


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter("village", str, description="division-code prefix"),
        OpenApiParameter("answered", bool, description="true: answered only; false: awaiting an answer"),
    ],
)
class FeedbackList(ScopedListView):
    serializer_class = FeedbackSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        p = self.request.query_params
        qs = _feedback(self)
        if village := p.get("village"):
            qs = qs.filter(village__code__startswith=village)
        answered = p.get("answered", "")
        if answered in ("true", "false"):
            qs = qs.filter(answered_at__isnull=answered == "false")
        return qs.order_by("answered_at", "-created_at", "-id")  # the inbox's order


class FeedbackDetail(ScopedAPIView):
    @extend_schema(tags=TAGS, responses={200: FeedbackSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(FeedbackSerializer(self.scope.object_or_404(_feedback(self), "village", pk=pk)).data)


class FeedbackAnswer(ScopedAPIView):
    @extend_schema(tags=TAGS, request=FeedbackAnswerSerializer, responses={200: FeedbackSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Answer a villager's feedback (答复): the village's keepers, once only."""
        feedback = self.scope.object_or_404(_feedback(self), "village", pk=pk)
        self.scope.require(Right.MANAGE, code=feedback.village.code)
        data = FeedbackAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.feedback_answer(feedback=feedback, user=request.user, **data.validated_data)
        return Response(FeedbackSerializer(_feedback(self).get(pk=answered.pk)).data)
