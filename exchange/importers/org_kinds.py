"""Import kinds for the organization tree: townships, villages and party groups.

They write row by row through ``organizations.services`` — a county has hundreds of
these, not thousands — after checking every row first.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.division_codes import CODE_LENGTHS, validate_code
from common.scope import Right
from organizations import services as org_services
from organizations.models import GroupBasis, Organization, OrganizationKind

from ..importing import Action, Field, Importer, Report, SourceRow, choice, parse_code, parse_text
from ..models import ImportKind
from .common import in_chunks, messages_of


@dataclass
class OrgPlanItem:
    organization: Organization  # unsaved when new
    parent_code: str


def _name_en() -> Field:
    return Field("name_en", "英文名称", "English name", parse_text, False, _("可不填。"))


class DivisionImporter(Importer):
    """Townships or villages, keyed by division code; the parent is the code's prefix."""

    org_kind: str

    def check(self, rows: list[SourceRow], report: Report) -> list[OrgPlanItem]:
        parent_length = {9: 6, 12: 9}[CODE_LENGTHS[self.org_kind]]
        codes = {r.values["code"] for r in rows if r.values["code"]}
        wanted = sorted(codes | {c[:parent_length] for c in codes})
        known = {o.code: o for o in in_chunks(wanted, lambda c: Organization.objects.filter(code__in=c))}
        plan: list[OrgPlanItem] = []
        seen: dict[str, int] = {}
        for row in rows:
            code, name = row.values["code"], row.values["name"]
            summary = f"{code} {name}".strip()
            errors = list(row.errors)
            if errors:
                report.outcomes.append(self.outcome(row, Action.ERROR, summary, errors))
                continue
            code_column = self.column("code")
            try:
                validate_code(code, self.org_kind, None)
            except ValidationError as exc:
                # A malformed code says nothing about scope or parent: report the format alone.
                errors.extend((code_column, m) for m in exc.messages)
                report.outcomes.append(self.outcome(row, Action.ERROR, summary, errors))
                continue
            if code in seen:
                errors.append((code_column, self.duplicate(seen[code])))
            seen.setdefault(code, row.number)
            if not self.scope.may(Right.MANAGE, code=code):
                errors.append((code_column, self.out_of_scope()))
            # The code's length fixes its kind, so a known code is an organization of this kind.
            org = known.get(code)
            action = Action.NEW if org is None or org.pk is None else Action.UPDATE
            if org is None:
                # The parent may be in the database or on an earlier row of this file.
                parent = known.get(code[:parent_length])
                if parent is None:
                    message = gettext("找不到上级单位“%(code)s”。") % {"code": code[:parent_length]}
                    errors.append((code_column, message))
                org = Organization(kind=self.org_kind, code=code, parent=parent)
            if org is not None and not errors:
                org.name, org.name_en = name, row.values["name_en"]
                errors.extend(self.clean(org))
            if not errors and org is not None:
                plan.append(OrgPlanItem(org, code[:parent_length]))
                known[code] = org
            report.outcomes.append(self.outcome(row, action, summary, errors))
        return plan

    def clean(self, org: Organization) -> list[tuple[str, str]]:
        try:
            # The parent was looked up above and the code's uniqueness checked against the database.
            org.full_clean(exclude=["parent"], validate_unique=False)
        except ValidationError as exc:
            return [(self.column(name if name in self.headers else "code"), m) for name, m in messages_of(exc)]
        return []

    def write(self, plan: list[OrgPlanItem], report: Report) -> None:
        saved: dict[str, Organization] = {}
        for index, item in enumerate(plan, start=1):
            org = item.organization
            if org.pk is None:
                parent = saved.get(item.parent_code) or org.parent
                saved[org.code] = self.create(parent, org)
                report.created += 1
            else:
                org_services.organization_update(organization=org, name=org.name, name_en=org.name_en, basis=org.basis)
                report.updated += 1
            self.progress("write", index, len(plan))

    def create(self, parent: Organization, org: Organization) -> Organization:
        raise NotImplementedError


class TownshipImporter(DivisionImporter):
    kind = ImportKind.TOWNSHIPS
    org_kind = OrganizationKind.TOWNSHIP
    fields = (
        Field(
            "code",
            "区划代码",
            "Code",
            parse_code,
            True,
            _("9位统计用区划代码，前6位为所属县的代码。"),
            "350725100",
            text_format=True,
        ),
        Field("name", "名称", "Name", parse_text, True, _("乡镇全称。"), "熊山镇"),
        Field("name_en", "英文名称", "English name", parse_text, False, _("可不填。"), "Xiongshan Town"),
    )

    def create(self, parent: Organization, org: Organization) -> Organization:
        return org_services.township_create(county=parent, code=org.code, name=org.name, name_en=org.name_en)


class VillageImporter(DivisionImporter):
    kind = ImportKind.VILLAGES
    org_kind = OrganizationKind.VILLAGE
    fields = (
        Field(
            "code",
            "区划代码",
            "Code",
            parse_code,
            True,
            _("12位统计用区划代码，前9位为所属乡镇的代码。"),
            "350725100201",
            text_format=True,
        ),
        Field("name", "名称", "Name", parse_text, True, _("行政村全称。"), "念山村"),
        Field("name_en", "英文名称", "English name", parse_text, False, _("可不填。"), "Nianshan Village"),
    )

    def create(self, parent: Organization, org: Organization) -> Organization:
        return org_services.village_create(township=parent, code=org.code, name=org.name, name_en=org.name_en)


class PartyGroupImporter(Importer):
    """Party groups, keyed by their 15-digit code when given, else by (village, group name)."""

    kind = ImportKind.PARTY_GROUPS
    fields = (
        Field(
            "village_code",
            "村代码",
            "Village code",
            parse_code,
            True,
            _("党小组所在行政村的12位区划代码。"),
            "350725100201",
            text_format=True,
        ),
        Field(
            "name",
            "党小组名称",
            "Group name",
            parse_text,
            True,
            _("党小组名称；同一村内不填代码时按名称识别。"),
            "茶叶产业党小组",
            aliases=("名称", "Name"),
        ),
        Field(
            "code",
            "党小组代码",
            "Group code",
            parse_code,
            False,
            _("15位：村代码加3位序号。新建时可不填，系统自动编号；已有党小组按此代码更新。"),
            "",
            text_format=True,
        ),
        Field("basis", "建组方式", "Basis", choice(GroupBasis), True, _("产业、地域或特长。"), "产业"),
        _name_en(),
    )

    def check(self, rows: list[SourceRow], report: Report) -> list[OrgPlanItem]:
        village_codes = sorted({r.values["village_code"] for r in rows if r.values["village_code"]})
        explicit = sorted({r.values["code"] for r in rows if r.values["code"]})
        villages = {
            o.code: o for o in in_chunks(village_codes, lambda c: Organization.objects.villages().filter(code__in=c))
        }
        groups = {
            o.code: o
            for o in in_chunks(
                village_codes,
                lambda c: Organization.objects.party_groups().filter(parent__code__in=c).select_related("parent"),
            )
        }
        groups.update(
            (o.code, o)
            for o in in_chunks(explicit, lambda c: Organization.objects.filter(code__in=c).select_related("parent"))
        )
        return self._plan(rows, report, villages, groups, explicit)

    def _plan(
        self,
        rows: list[SourceRow],
        report: Report,
        villages: dict[str, Organization],
        groups: dict[str, Organization],
        explicit: list[str],
    ) -> list[OrgPlanItem]:
        by_name: dict[tuple[str, str], list[Organization]] = {}
        last_number: dict[str, int] = {}
        for known in groups.values():
            if known.kind == OrganizationKind.PARTY_GROUP and known.parent is not None:
                by_name.setdefault((known.parent.code, known.name), []).append(known)
        for code in [*groups, *explicit]:
            if len(code) == 15 and code[-3:].isdigit():
                last_number[code[:12]] = max(last_number.get(code[:12], 0), int(code[-3:]))
        plan: list[OrgPlanItem] = []
        seen: dict[Any, int] = {}
        for row in rows:
            values = row.values
            village_code, name, code = values["village_code"], values["name"], values["code"]
            summary = f"{code or village_code} {name}".strip()
            errors = list(row.errors)
            if errors:
                report.outcomes.append(self.outcome(row, Action.ERROR, summary, errors))
                continue
            key = code or (village_code, name)
            if key in seen:
                errors.append((self.column("code" if code else "name"), self.duplicate(seen[key])))
            seen.setdefault(key, row.number)
            village = villages.get(village_code)
            if village is None:
                message = gettext("找不到代码为“%(code)s”的行政村。") % {"code": village_code}
                errors.append((self.column("village_code"), message))
            elif not self.scope.may(Right.MANAGE, code=village_code):
                errors.append((self.column("village_code"), self.out_of_scope()))
            if code and not code.startswith(village_code):
                errors.append((self.column("code"), gettext("党小组代码必须以所在村的代码开头。")))
            group = groups.get(code) if code else None
            if not code:
                matches = by_name.get((village_code, name), [])
                if len(matches) > 1:
                    errors.append((self.column("name"), gettext("该村有多个同名党小组，请填写党小组代码。")))
                group = matches[0] if len(matches) == 1 else None
            if group is not None and group.kind != OrganizationKind.PARTY_GROUP:
                errors.append(
                    (self.column("code"), gettext("该代码已被%(kind)s使用。") % {"kind": group.get_kind_display()})
                )
                group = None
            action = Action.UPDATE if group is not None else Action.NEW
            if group is not None:
                summary = f"{group.code} {name}"
            if errors or village is None:
                report.outcomes.append(self.outcome(row, action, summary, errors))
                continue
            if group is None:
                if not code:
                    # Numbered here, not at write time, so the preview shows the code that will be used.
                    last_number[village_code] = last_number.get(village_code, 0) + 1
                    code = f"{village_code}{last_number[village_code]:03d}"
                group = Organization(kind=OrganizationKind.PARTY_GROUP, code=code, parent=village)
                summary = f"{code} {name}"
            group.name, group.name_en, group.basis = name, values["name_en"], values["basis"]
            try:
                group.full_clean(exclude=["parent"], validate_unique=False)
            except ValidationError as exc:
                errors.extend((self.column(f if f in self.headers else "code"), m) for f, m in messages_of(exc))
            if not errors:
                plan.append(OrgPlanItem(group, village_code))
            report.outcomes.append(self.outcome(row, action, summary, errors))
        return plan

    def write(self, plan: list[OrgPlanItem], report: Report) -> None:
        for index, item in enumerate(plan, start=1):
            group = item.organization
            if group.pk is None:
                org_services.party_group_create(
                    village=group.parent, name=group.name, basis=group.basis, code=group.code, name_en=group.name_en
                )
                report.created += 1
            else:
                org_services.organization_update(
                    organization=group, name=group.name, name_en=group.name_en, basis=group.basis
                )
                report.updated += 1
            self.progress("write", index, len(plan))
