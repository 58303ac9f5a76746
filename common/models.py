"""Abstract base models and fields the apps' models share.

- ``CreatedRecord``: when a row was entered and by whom.
- ``VillageRecord``: a row that belongs to one administrative village.
- ``PublishGuarded``: a row that, once published, refuses every change and deletion —
  in ``save()``/``delete()`` (so services, the admin and the ORM refuse); the database
  triggers of the owning app refuse below the ORM too.
- ``MoneyField``: an amount in 元, to the fen.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VILLAGE_KIND = "village"  # organizations.OrganizationKind.VILLAGE, named here without importing the app


class PublishedImmutableError(ValidationError):
    """Raised on any attempt to change or delete what has been published."""


def refuse_published(message: str | Promise) -> None:
    raise PublishedImmutableError(str(message), code="published_immutable")


class CreatedRecord(models.Model):
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
        abstract = True


class VillageRecord(models.Model):
    village = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": VILLAGE_KIND},
    )

    class Meta:
        abstract = True

    def village_error(self, message: "StrOrPromise") -> dict[str, ValidationError]:
        """``{"village": error}`` when the row's village is not an administrative village, else {}."""
        if self.village_id and self.village.kind != VILLAGE_KIND:  # type: ignore[attr-defined]
            return {"village": ValidationError(message, code="not_a_village")}
        return {}


class PublishGuarded(models.Model):
    """Once the stored row is published, ``save()`` and ``delete()`` refuse."""

    published_change_message: "StrOrPromise" = _("已公开的内容不能修改。")
    published_delete_message: "StrOrPromise" = _("已公开的内容不能删除。")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.refuse_change()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.refuse_if_published(self.published_delete_message)
        return super().delete(*args, **kwargs)

    def stored_is_published(self) -> bool:
        """Is the row as stored (not as in memory) published? Subclasses say what published means."""
        raise NotImplementedError

    def refuse_if_published(self, message: str | Promise) -> None:
        if self.pk and self.stored_is_published():
            refuse_published(message)

    def refuse_change(self) -> None:
        """Refuse to save; subclasses with more to refuse (a row moved into a published month) extend it."""
        self.refuse_if_published(self.published_change_message)


class MoneyField(models.DecimalField):
    """An amount in 元 with two decimals (up to 999,999,999,999.99)."""

    def __init__(self, *args, positive: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        if positive:
            kwargs.setdefault("validators", [MinValueValidator(Decimal("0.01"))])
        self.positive = positive
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, _path, args, kwargs = super().deconstruct()
        # Migrations see a plain DecimalField: nothing to migrate when a model switches to MoneyField.
        return name, "django.db.models.DecimalField", args, kwargs


class PublicPageVersion(models.Model):
    """The version of what a public page shows, per organization code (a village, or a county for all its
    villages): a new random token on every write that changes it (``common.public_pages.bump``). The cached
    public pages are keyed by it, so the next view after a publish renders afresh — on every web worker, since
    the token is read from the database, whatever cache backend holds the pages."""

    code = models.CharField(max_length=12, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("公开页面版本")
