"""People (F-PEOPLE): persons, party membership, cadres, appointments and households in difficulty."""

import datetime as dt
from collections.abc import Collection
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import not_in_future, plain_name
from common.encryption import blind_index
from common.fields import BlindIndexField, EncryptedCharField
from common.punctuation import parens
from organizations.models import Organization, OrganizationKind, OutsideUnit

from .id_numbers import birth_date_of, normalize, sex_of, validate_id_number
from .phones import normalize_phone, validate_phone


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科及以上")


ID_NUMBER_PURPOSE = "people.Person.id_number"
PHONE_PURPOSE = "people.Person.phone"


def id_number_hash(number: str) -> str:
    """The keyed hash an ID number (normalized) is looked up and kept unique by."""
    return blind_index(number, ID_NUMBER_PURPOSE)


def phone_hash(phone: str) -> str:
    """The keyed hash a phone (normalized) is looked up by."""
    return blind_index(phone, PHONE_PURPOSE)


class PersonQuerySet(models.QuerySet["Person"]):
    def with_id_numbers(self, numbers: "list[str] | tuple[str, ...] | set[str]") -> "PersonQuerySet":
        """The people holding any of these (normalized) ID numbers: matched on their keyed hashes."""
        return self.filter(id_number_hash__in=[id_number_hash(n) for n in numbers if n])


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    # Encrypted at rest (common.fields); looked up and kept unique through the keyed hashes below.
    id_number = EncryptedCharField(_("身份证号"), max_length=18, null=True, blank=True)
    id_number_hash = BlindIndexField(
        _("身份证号索引"),
        source="id_number",
        purpose=ID_NUMBER_PURPOSE,
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": _("该身份证号已登记。")},
    )
    phone = EncryptedCharField(_("电话"), max_length=20, blank=True)
    phone_hash = BlindIndexField(_("电话索引"), source="phone", purpose=PHONE_PURPOSE, blank=True, db_index=True)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, blank=True)
    home_village = models.ForeignKey(
        Organization,
        verbose_name=_("户籍村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"kind": OrganizationKind.VILLAGE},
    )
    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        plain_name(self.name, what=str(_("姓名")))  # never a formula in an export (docs/security.md)
        errors: dict[str, list[ValidationError]] = {}
        if self.birth_date:
            try:
                validate_birth_date(self.birth_date)
            except ValidationError as exc:
                errors.setdefault("birth_date", []).extend(exc.error_list)
        if self.id_number:
            self.id_number = normalize(self.id_number)
            try:
                validate_id_number(self.id_number)
            except ValidationError as exc:
                errors.setdefault("id_number", []).extend(exc.error_list)
            else:
                if self.birth_date and birth_date_of(self.id_number) != self.birth_date:
                    errors.setdefault("birth_date", []).append(
                        ValidationError(_("出生日期与身份证号不一致。"), code="id_birth_mismatch")
                    )
                if self.sex and sex_of(self.id_number) != self.sex:
                    errors.setdefault("sex", []).append(
                        ValidationError(_("性别与身份证号不一致。"), code="id_sex_mismatch")
                    )
        if self.phone:
            self.phone = normalize_phone(self.phone)
            try:
                validate_phone(self.phone)
            except ValidationError as exc:
                errors.setdefault("phone", []).extend(exc.error_list)
        if self.home_village is not None and self.home_village.kind != OrganizationKind.VILLAGE:
            errors.setdefault("home_village", []).append(
                ValidationError(_("户籍地必须是行政村。"), code="not_a_village")
            )
        # The hashes are written on save; set here too, so that the uniqueness check sees them.
        for name in ("id_number_hash", "phone_hash"):
            field = cast(BlindIndexField, self._meta.get_field(name))
            setattr(self, name, field.digest(getattr(self, field.source)))
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude: "Collection[str] | None" = None) -> None:
        """A duplicate ID number is reported on the number, not on its hash."""
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as exc:
            if "id_number_hash" in exc.error_dict:
                exc.error_dict.setdefault("id_number", []).extend(exc.error_dict.pop("id_number_hash"))
            raise


EARLIEST_BIRTH_YEAR = 1900


def validate_birth_date(born: dt.date) -> None:
    """Refuse a birth date in the future or before 1900, with or without an ID number to check it against."""
    if born.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            _("出生日期不能早于%(year)s年。") % {"year": EARLIEST_BIRTH_YEAR}, code="birth_date_too_early"
        )
    not_in_future(born, what=str(_("出生日期")), field=None)


def adult_on(born: dt.date) -> dt.date:
    """Return the 18th birthday (1 March for someone born on 29 February, in a common year)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return dt.date(born.year + 18, 3, 1)


class MembershipStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class PartyMembership(models.Model):
    """A person's party membership: the village branch and, usually, a party group within it."""

    person = models.OneToOneField(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(_("党员类别"), max_length=16, choices=MembershipStatus.choices)
    joined_on = models.DateField(_("入党日期"))
    branch = models.ForeignKey(
        Organization, verbose_name=_("所在支部（村）"), on_delete=models.PROTECT, related_name="branch_members"
    )
    party_group = models.ForeignKey(
        Organization,
        verbose_name=_("党小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_members",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.branch_id and self.branch.kind != OrganizationKind.VILLAGE:
            errors["branch"] = ValidationError(_("党员所在支部必须是行政村党组织。"), code="not_a_village")
        if self.party_group is not None:
            if self.party_group.kind != OrganizationKind.PARTY_GROUP:
                errors["party_group"] = ValidationError(_("所选单位不是党小组。"), code="not_a_party_group")
            elif self.branch_id and self.party_group.parent_id != self.branch_id:
                errors["party_group"] = ValidationError(_("党小组必须属于党员所在的村支部。"), code="other_branch")
        person = self.person if self.person_id or "person" in self._state.fields_cache else None
        if self.joined_on and person is not None and person.birth_date and self.joined_on < adult_on(person.birth_date):
            errors["joined_on"] = ValidationError(_("入党时应年满18岁。"), code="joined_under_18")
        if errors:
            raise ValidationError(errors)


class CadreRank(models.TextChoices):
    COUNTY = "county", _("县级")
    SECTION = "section", _("科级")
    OTHER = "other", _("其他")


class Cadre(models.Model):
    """A cadre of a county or township organ (机关干部)."""

    person = models.OneToOneField(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="cadre")
    rank = models.CharField(_("职级"), max_length=16, choices=CadreRank.choices, default=CadreRank.OTHER)
    # Where the cadre works: a township (乡镇机关) or a county organ / department (OutsideUnit).
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在乡镇/县"), on_delete=models.PROTECT, related_name="cadres"
    )
    unit = models.ForeignKey(
        OutsideUnit, verbose_name=_("所在机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="cadres"
    )
    position = models.CharField(_("职务"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["id"]

    def __str__(self) -> str:
        return parens(self.person, self.position) if self.position else str(self.person)

    def clean(self) -> None:
        if self.organization_id and self.organization.kind not in (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP):
            raise ValidationError(
                {"organization": ValidationError(_("干部只能属于县或乡镇机关。"), code="organization_kind")}
            )


class Post(models.TextChoices):
    TOWNSHIP_SECRETARY = "township_secretary", _("乡镇党委书记")
    TOWNSHIP_HEAD = "township_head", _("乡镇长")
    TOWNSHIP_CADRE_IN_CHARGE = "township_cadre_in_charge", _("乡镇包村干部")
    VILLAGE_SECRETARY = "village_secretary", _("村党支部书记")
    VILLAGE_DIRECTOR = "village_director", _("村委会主任")
    COUNTY_SECRETARY = "county_secretary", _("县委书记")
    ORGANIZATION_MINISTER = "organization_minister", _("县委组织部部长")


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def on(self, day) -> "AppointmentQuerySet":
        """Return the appointments held on ``day``."""
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))


class Appointment(models.Model):
    """A post held by a person at an organization over a period (任职).

    Rules resolve accountable people from these on the date they ask about.
    """

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="appointments")
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="appointments"
    )
    post = models.CharField(_("职务"), max_length=32, choices=Post.choices)
    start = models.DateField(_("任职日期"))
    end = models.DateField(_("离任日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["organization__code", "post", "start"]
        indexes = [models.Index(fields=["organization", "post", "start"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} {self.person}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": ValidationError(_("离任日期不能早于任职日期。"), code="end_before_start")})
        village_posts = {Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR, Post.TOWNSHIP_CADRE_IN_CHARGE}
        if self.organization_id:
            kind = self.organization.kind
            if self.post in village_posts and kind != OrganizationKind.VILLAGE:
                raise ValidationError(
                    {"organization": ValidationError(_("该职务必须对应一个行政村。"), code="not_a_village")}
                )
            if self.post in {Post.TOWNSHIP_SECRETARY, Post.TOWNSHIP_HEAD} and kind != OrganizationKind.TOWNSHIP:
                raise ValidationError(
                    {"organization": ValidationError(_("该职务必须对应一个乡镇。"), code="not_a_township")}
                )
            if self.post in {Post.COUNTY_SECRETARY, Post.ORGANIZATION_MINISTER} and kind != OrganizationKind.COUNTY:
                raise ValidationError(
                    {"organization": ValidationError(_("该职务必须对应一个县。"), code="not_a_county")}
                )


class HouseholdStatus(models.TextChoices):
    IN_DIFFICULTY = "in_difficulty", _("困难")
    IMPROVING = "improving", _("好转")
    OUT = "out", _("已脱困")


class HouseholdCause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    DISASTER = "disaster", _("因灾")
    EDUCATION = "education", _("因学")
    LABOUR = "labour", _("缺劳力")
    OTHER = "other", _("其他")


class Household(models.Model):
    """A household in difficulty (困难户)."""

    head = models.ForeignKey(Person, verbose_name=_("户主"), on_delete=models.PROTECT, related_name="households_headed")
    village = models.ForeignKey(
        Organization, verbose_name=_("所在村"), on_delete=models.PROTECT, related_name="households"
    )
    size = models.PositiveSmallIntegerField(_("家庭人口"))
    cause = models.CharField(_("致困原因"), max_length=16, choices=HouseholdCause.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=HouseholdStatus.choices, default=HouseholdStatus.IN_DIFFICULTY
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("困难户")
        verbose_name_plural = _("困难户")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["head"], name="one_household_per_head")]

    def __str__(self) -> str:
        return _("%(name)s户") % {"name": self.head}

    def clean(self) -> None:
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            raise ValidationError({"village": ValidationError(_("困难户必须属于行政村。"), code="not_a_village")})
        if self.size is not None and not 1 <= self.size <= 30:
            raise ValidationError({"size": ValidationError(_("家庭人口应在1到30之间。"), code="size_out_of_range")})
