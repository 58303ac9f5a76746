"""P3 Practice: posts and claims (设岗定责), commitments (承诺制), volunteer hours, household aid, mutual-aid groups.

Every row that belongs to a member also carries ``village``: the member's branch when
the row was made. Scope checks are then one prefix match on it, and a member who later
moves branch keeps their history where it happened.

Validation that needs only the row and the objects it points at lives in ``clean()``,
so the pages (through ``services``) and the bulk loader (``bulk``) run the same checks.
"""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import END_BEFORE_START
from organizations.models import Organization
from people.models import Household, Person

from .membership import _check_member_of_village, _is_village, membership_of

MAX_COMMITMENTS_PER_YEAR = 5
MIN_COMMITMENTS_PER_YEAR = 2
MAX_VOLUNTEER_HOURS = 12
STARS = range(1, 6)


# -- posts (设岗定责) ------------------------------------------------------------------


class PostKind(models.TextChoices):
    VENTURE = "venture", _("创业岗")
    PROSPERITY = "prosperity", _("带富岗")
    SERVICE = "service", _("服务岗")
    STABILITY = "stability", _("维稳岗")
    CIVILITY = "civility", _("文明岗")


class PracticePost(models.Model):
    """A post the branch announces for a year (设岗), with its duties (定责)."""

    village = models.ForeignKey(
        Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="practice_posts"
    )
    kind = models.CharField(_("岗位类别"), max_length=16, choices=PostKind.choices)
    title = models.CharField(_("岗位名称"), max_length=100)
    duties = models.TextField(_("岗位职责"))
    year = models.PositiveSmallIntegerField(_("年度"))
    announced_on = models.DateField(_("公布日期"))
    capacity = models.PositiveSmallIntegerField(_("定岗人数"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员岗位")
        verbose_name_plural = _("党员岗位")
        ordering = ["village__code", "-year", "kind", "id"]
        indexes = [models.Index(fields=["village", "year"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.title}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.village_id and not _is_village(self.village):
            errors.setdefault("village", []).append(ValidationError(_("岗位必须设在行政村。"), code="not_a_village"))
        if self.capacity is not None and self.capacity < 1:
            errors.setdefault("capacity", []).append(ValidationError(_("定岗人数至少为1。"), code="capacity_below_one"))
        if self.year and self.announced_on and abs(self.announced_on.year - self.year) > 1:
            errors.setdefault("announced_on", []).append(
                ValidationError(_("公布日期与岗位年度不符。"), code="announced_outside_year")
            )
        if errors:
            raise ValidationError(errors)


class ClaimHow(models.TextChoices):
    APPLIED = "applied", _("本人申请")
    NOMINATED = "nominated", _("党小组推荐")


class ClaimStatus(models.TextChoices):
    APPLIED = "applied", _("待定岗")
    ASSIGNED = "assigned", _("已定岗")
    DECLINED = "declined", _("未定岗")


class PostClaim(models.Model):
    """A member's claim of a post (认岗), applied for or nominated through the party group; the branch assigns.

    ``status`` is the workflow's current step; each step also writes a ``ClaimEvent``
    with who and when in the same transaction, so the status is never the only record.
    """

    post = models.ForeignKey(PracticePost, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="post_claims")
    party_group = models.ForeignKey(
        Organization, verbose_name=_("党小组"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    how = models.CharField(_("认领方式"), max_length=16, choices=ClaimHow.choices, default=ClaimHow.APPLIED)
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.APPLIED)
    star_rating = models.PositiveSmallIntegerField(_("年终星级"), null=True, blank=True)
    rating_comment = models.CharField(_("评星说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("认岗")
        verbose_name_plural = _("认岗")
        ordering = ["post", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_claim_per_member_and_post")]

    def __str__(self) -> str:
        return f"{self.member} · {self.post}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.post_id and self.member_id:
            _check_member_of_village(errors, "member", self.member, self.post.village_id)
        membership = membership_of(self.member) if self.member_id else None
        if self.party_group_id and membership is not None and self.party_group_id != membership.party_group_id:
            errors.setdefault("party_group", []).append(
                ValidationError(_("只能通过本人所在的党小组认领。"), code="other_party_group")
            )
        if self.star_rating is not None and self.star_rating not in STARS:
            errors.setdefault("star_rating", []).append(
                ValidationError(_("星级必须在1到5星之间。"), code="stars_out_of_range")
            )
        if self.star_rating is not None and self.status != ClaimStatus.ASSIGNED:
            errors.setdefault("star_rating", []).append(
                ValidationError(_("只有已定岗的党员才能评星。"), code="not_assigned")
            )
        if errors:
            raise ValidationError(errors)


class ClaimEventKind(models.TextChoices):
    APPLIED = "applied", _("申请认岗")
    NOMINATED = "nominated", _("党小组推荐")
    ASSIGNED = "assigned", _("支部定岗")
    DECLINED = "declined", _("支部未予定岗")
    REVIEWED = "reviewed", _("半年点评")
    RATED = "rated", _("年终评星")


class ClaimEvent(models.Model):
    claim = models.ForeignKey(PostClaim, verbose_name=_("认岗"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("步骤"), max_length=16, choices=ClaimEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("认岗记录")
        verbose_name_plural = _("认岗记录")
        ordering = ["claim", "at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Half(models.TextChoices):
    H1 = "H1", _("上半年")
    H2 = "H2", _("下半年")


class ReviewRating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


class PostReview(models.Model):
    """The branch's half-yearly review of a member on a post (半年点评)."""

    claim = models.ForeignKey(PostClaim, verbose_name=_("认岗"), on_delete=models.CASCADE, related_name="reviews")
    half = models.CharField(_("半年"), max_length=2, choices=Half.choices)
    date = models.DateField(_("点评日期"))
    rating = models.CharField(_("评价"), max_length=16, choices=ReviewRating.choices)
    comment = models.TextField(_("点评意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("岗位点评")
        verbose_name_plural = _("岗位点评")
        ordering = ["claim", "half"]
        constraints = [models.UniqueConstraint(fields=["claim", "half"], name="one_review_per_half")]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_half_display()}"

    def clean(self) -> None:
        if self.claim_id and self.claim.status != ClaimStatus.ASSIGNED:
            raise ValidationError({"claim": ValidationError(_("只有已定岗的党员才能点评。"), code="not_assigned")})


# -- commitments (承诺制) -------------------------------------------------------------


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def with_kept(self) -> "CommitmentQuerySet":
        """Annotate ``kept`` (a done report dated by the deadline — derived, never stored) and ``reported``."""
        reports = CommitmentReport.objects.filter(commitment=OuterRef("pk"))
        return self.annotate(  # type: ignore[no-redef]  # declared on the model for the rows' readers (TYPE_CHECKING only)
            kept=Exists(reports.filter(done=True, date__lte=OuterRef("deadline"))),
            reported=Exists(reports),
        )


class Commitment(models.Model):
    """A member's public promise for a year (承诺), with a deadline. Kept is derived from its reports."""

    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="commitments")
    village = models.ForeignKey(Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("承诺内容"))
    deadline = models.DateField(_("完成时限"))
    public = models.BooleanField(_("公开承诺"), default=True)
    promised_on = models.DateField(_("承诺日期"))
    history = HistoricalRecords()

    if TYPE_CHECKING:  # annotations of CommitmentQuerySet.with_kept(), not columns
        kept: bool
        reported: bool
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员承诺")
        verbose_name_plural = _("党员承诺")
        ordering = ["village__code", "member", "-year", "deadline", "id"]
        indexes = [models.Index(fields=["member", "year"]), models.Index(fields=["village", "year"])]

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.member_id:
            _check_member_of_village(errors, "member", self.member, self.village_id)
        if self.promised_on and self.deadline and self.deadline < self.promised_on:
            errors.setdefault("deadline", []).append(
                ValidationError(_("完成时限不能早于承诺日期。"), code="deadline_before_promise")
            )
        if self.year and self.promised_on and self.promised_on.year != self.year:
            errors.setdefault("promised_on", []).append(
                ValidationError(_("承诺日期应在承诺年度内。"), code="promised_outside_year")
            )
        if errors:
            raise ValidationError(errors)


class CommitmentReport(models.Model):
    """A progress report on a commitment (践诺); ``done`` marks it carried out."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("报告日期"))
    text = models.TextField(_("进展情况"))
    done = models.BooleanField(_("已兑现"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("践诺报告")
        verbose_name_plural = _("践诺报告")
        ordering = ["commitment", "date", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self) -> None:
        if self.commitment_id and self.date and self.date < self.commitment.promised_on:
            raise ValidationError({"date": ValidationError(_("报告日期不能早于承诺日期。"), code="before_commitment")})


class RaterKind(models.TextChoices):
    MEMBERS = "members", _("党员评议")
    PUBLIC = "public", _("群众评议")
    BRANCH = "branch", _("支部评定")


class CommitmentRating(models.Model):
    """A year-end rating of a commitment (评诺) by the members, the public or the branch."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.CASCADE, related_name="ratings")
    rater_kind = models.CharField(_("评议方"), max_length=16, choices=RaterKind.choices)
    score = models.PositiveSmallIntegerField(_("评分（1–5）"))
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    rated_on = models.DateField(_("评议日期"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评诺")
        verbose_name_plural = _("评诺")
        ordering = ["commitment", "rater_kind"]
        # Each side gives one rating per commitment; the members' and the public's are the
        # results of their votes, recorded by the village admin (or a member, for members).
        constraints = [models.UniqueConstraint(fields=["commitment", "rater_kind"], name="one_rating_per_rater_kind")]

    def __str__(self) -> str:
        return f"{self.get_rater_kind_display()} {self.score}"

    def clean(self) -> None:
        if self.score is not None and self.score not in STARS:
            raise ValidationError({"score": ValidationError(_("评分必须在1到5之间。"), code="score_out_of_range")})


# -- volunteer service ---------------------------------------------------------------


class VolunteerStatus(models.TextChoices):
    REPORTED = "reported", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未确认")


class VolunteerEntry(models.Model):
    """Volunteer service a member reports; the branch confirms it. Hours come from start and end."""

    member = models.ForeignKey(
        Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="volunteer_entries"
    )
    village = models.ForeignKey(Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    activity = models.CharField(_("服务内容"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=VolunteerStatus.choices, default=VolunteerStatus.REPORTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务")
        verbose_name_plural = _("志愿服务")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["member", "start"]), models.Index(fields=["village", "start"])]

    def __str__(self) -> str:
        return self.activity

    @property
    def hours(self) -> Decimal:
        return hours_between(self.start, self.end)

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.member_id:
            _check_member_of_village(errors, "member", self.member, self.village_id)
        if self.start and self.end:
            if self.end <= self.start:
                errors.setdefault("end", []).append(
                    ValidationError(_("结束时间必须晚于开始时间。"), code="end_not_after_start")
                )
            elif self.end - self.start > dt.timedelta(hours=MAX_VOLUNTEER_HOURS):
                errors.setdefault("end", []).append(
                    ValidationError(
                        _("一次志愿服务不能超过%(hours)s小时。") % {"hours": MAX_VOLUNTEER_HOURS}, code="over_max_hours"
                    )
                )
        if errors:
            raise ValidationError(errors)


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Return the hours from start to end, to one decimal (a quarter of an hour shows as 0.3)."""
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


class VolunteerEventKind(models.TextChoices):
    REPORTED = "reported", _("本人登记")
    CONFIRMED = "confirmed", _("支部确认")
    REJECTED = "rejected", _("支部退回")


class VolunteerEvent(models.Model):
    entry = models.ForeignKey(
        VolunteerEntry, verbose_name=_("志愿服务"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("步骤"), max_length=16, choices=VolunteerEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["entry", "at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


# -- member ↔ household assistance ---------------------------------------------------


class HouseholdAid(models.Model):
    """A member paired with a household in difficulty (党员联户帮扶), with the measures taken."""

    member = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="household_aids")
    village = models.ForeignKey(Organization, verbose_name=_("党员所在村"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, verbose_name=_("困难户"), on_delete=models.PROTECT, related_name="member_aids"
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    measures = models.TextField(_("帮扶措施"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员联户帮扶")
        verbose_name_plural = _("党员联户帮扶")
        ordering = ["village__code", "member", "start", "id"]
        indexes = [models.Index(fields=["member", "household"])]

    def __str__(self) -> str:
        return f"{self.member} → {self.household}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.member_id:
            _check_member_of_village(errors, "member", self.member, self.village_id)
        if self.household_id and self.village_id and self.household.village.code[:6] != self.village.code[:6]:
            errors.setdefault("household", []).append(ValidationError(_("只能帮扶本县的困难户。"), code="other_county"))
        if self.start and self.end and self.end < self.start:
            errors.setdefault("end", []).append(ValidationError(END_BEFORE_START, code="end_before_start"))
        if errors:
            raise ValidationError(errors)


def active_during(first: dt.date, last: dt.date) -> Q:
    """Terms (start, end null = open) overlapping [first, last]."""
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))


class AidVisit(models.Model):
    aid = models.ForeignKey(HouseholdAid, verbose_name=_("帮扶"), on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("走访日期"))
    measure = models.CharField(_("帮扶措施"), max_length=200, blank=True)
    note = models.TextField(_("走访情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶走访")
        verbose_name_plural = _("帮扶走访")
        ordering = ["aid", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.aid} {self.date}"

    def clean(self) -> None:
        if self.aid_id and self.date and self.date < self.aid.start:
            raise ValidationError(
                {"date": ValidationError(_("走访日期不能早于结对开始日期。"), code="before_aid_start")}
            )


# -- industry mutual-aid groups ------------------------------------------------------


class MutualAidGroup(models.Model):
    """An industry mutual-aid group (产业互助组) led by a party member of the village."""

    village = models.ForeignKey(
        Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="mutual_aid_groups"
    )
    industry = models.CharField(_("产业"), max_length=50)
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        Person, verbose_name=_("组长"), on_delete=models.PROTECT, related_name="led_mutual_aid_groups"
    )
    founded_on = models.DateField(_("成立日期"))
    members: "models.ManyToManyField[Person, MutualAidMember]" = models.ManyToManyField(
        Person, verbose_name=_("组员"), through="MutualAidMember", related_name="mutual_aid_groups", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业互助组")
        verbose_name_plural = _("产业互助组")
        ordering = ["village__code", "name"]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="unique_mutual_aid_group_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.village_id and not _is_village(self.village):
            errors.setdefault("village", []).append(
                ValidationError(_("产业互助组必须属于行政村。"), code="not_a_village")
            )
        if self.leader_id:
            membership = membership_of(self.leader)
            if membership is None:
                errors.setdefault("leader", []).append(
                    ValidationError(
                        _("%(name)s不是党员，不能担任互助组组长。") % {"name": self.leader.name}, code="not_a_member"
                    )
                )
            elif self.village_id and membership.branch_id != self.village_id:
                errors.setdefault("leader", []).append(
                    ValidationError(
                        _("组长%(name)s不是本村党员。") % {"name": self.leader.name}, code="not_a_village_member"
                    )
                )
        if errors:
            raise ValidationError(errors)


class MutualAidMember(models.Model):
    group = models.ForeignKey(
        MutualAidGroup, verbose_name=_("互助组"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("组员"), on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("加入日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助组组员")
        verbose_name_plural = _("互助组组员")
        ordering = ["group", "joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="unique_mutual_aid_member")]

    def __str__(self) -> str:
        return f"{self.group} · {self.person}"

    def clean(self) -> None:
        if self.group_id and self.person_id:
            membership = membership_of(self.person)
            village_id = self.group.village_id
            if self.person.home_village_id != village_id and (membership is None or membership.branch_id != village_id):
                raise ValidationError(
                    {
                        "person": ValidationError(
                            _("%(name)s不是本村村民。") % {"name": self.person.name}, code="not_a_villager"
                        )
                    }
                )
        if self.group_id and self.joined_on and self.joined_on < self.group.founded_on:
            raise ValidationError(
                {"joined_on": ValidationError(_("加入日期不能早于互助组成立日期。"), code="before_founding")}
            )
