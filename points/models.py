"""Points (积分): an append-only ledger earned from records by the county's rule table, spent at love supermarkets.

- ``PointRule``: the county's points per fact and cap per holder and month, for each kind of fact.
- ``PointEntry``: one booking. Never updated or deleted (``save``/``delete`` refuse, and database
  triggers refuse UPDATE below the ORM): a correction is a reversing entry (``reverses``).
  An earning carries the fact it comes from (``fact_key``, e.g. ``volunteer:12``) and a
  ``generation``: (fact_key, generation) is unique, so booking the same fact twice fails.
  A redemption carries the client's ``request_key`` (unique): the same request books once.
- ``StockItem``: what a love supermarket offers, at how many points, how many left.

Redeemable points are a currency, kept apart from any honour or assessment score.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from people.models import Person
from service_platform.models import Facility


class Fact(models.TextChoices):
    VOLUNTEER = "volunteer", _("志愿服务（已确认）")
    MEETING = "meeting", _("参加组织生活")
    COMMITMENT = "commitment", _("兑现承诺")
    VISIT = "visit", _("走访困难户")
    POST_RATED = "post_rated", _("岗位年终评星（每星）")


class EntryKind(models.TextChoices):
    EARNED = "earned", _("获得")
    REDEEMED = "redeemed", _("兑换")
    REVERSAL = "reversal", _("冲正")


class PointRule(models.Model):
    """The county's rule for one kind of fact: ``points`` per fact, at most ``monthly_cap`` per holder and month."""

    county = models.ForeignKey(Organization, verbose_name=_("县"), on_delete=models.CASCADE, related_name="+")
    fact = models.CharField(_("积分事项"), max_length=16, choices=Fact.choices)
    points = models.PositiveSmallIntegerField(_("每次积分"))
    monthly_cap = models.PositiveSmallIntegerField(_("每月上限"), null=True, blank=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["county", "fact"]
        constraints = [models.UniqueConstraint(fields=["county", "fact"], name="one_point_rule_per_fact")]

    def __str__(self) -> str:
        return f"{self.get_fact_display()}: {self.points}"


class StockItem(models.Model):
    """An item a love supermarket offers for points."""

    supermarket = models.ForeignKey(
        Facility, verbose_name=_("爱心超市"), on_delete=models.PROTECT, related_name="stock"
    )
    name = models.CharField(_("物品"), max_length=60)
    price = models.PositiveIntegerField(_("所需积分"))
    quantity = models.PositiveIntegerField(_("库存数量"))

    class Meta:
        verbose_name = _("超市库存")
        verbose_name_plural = _("超市库存")
        ordering = ["supermarket", "name"]
        constraints = [models.UniqueConstraint(fields=["supermarket", "name"], name="one_stock_item_per_name")]

    def __str__(self) -> str:
        return self.name


class PointEntry(models.Model):
    """One booking on a holder's points; the balance is the sum of ``points``."""

    holder = models.ForeignKey(Person, verbose_name=_("持有人"), on_delete=models.PROTECT, related_name="point_entries")
    village = models.ForeignKey(Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=12, choices=EntryKind.choices)
    points = models.IntegerField(_("积分"))
    date = models.DateField(_("日期"))
    fact = models.CharField(_("积分事项"), max_length=16, choices=Fact.choices, blank=True)
    fact_key = models.CharField(_("来源记录"), max_length=40, blank=True)
    generation = models.PositiveIntegerField(default=0)
    item = models.ForeignKey(
        StockItem, verbose_name=_("物品"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("数量"), null=True, blank=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲正的分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("积分分录")
        verbose_name_plural = _("积分分录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["holder", "date"]), models.Index(fields=["village", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["fact_key", "generation"], condition=~Q(fact_key=""), name="one_earning_per_fact_generation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} {self.points:+d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValidationError(_("积分分录不能修改，请录入冲正分录。"), code="points_entry_immutable")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("积分分录不能删除，请录入冲正分录。"), code="points_entry_immutable")
