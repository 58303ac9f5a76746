"""Pickers over organizations and outside units (``common.pickers``): the fields forms use over hundreds of them.

A search matches a part of the name (Chinese or English) or the start of the division code;
typed without JavaScript, the whole code or the whole name picks the record.
"""

from typing import Any

from django.db.models import Q, QuerySet

from common.pickers import SearchChoiceField

from .models import Organization, OrganizationKind, OutsideUnit


def organization_label(org: Organization) -> str:
    """Township, village and party group names, the county left out: "熊山镇 念山村 念山第一党小组"."""
    chain = [org]
    while (parent := chain[-1].parent) is not None and parent.kind != OrganizationKind.COUNTY and len(chain) < 4:
        chain.append(parent)
    return " ".join(o.display_name for o in reversed(chain))


def organization_search(queryset: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    return queryset.filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__startswith=text))


def organization_match(queryset: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    return queryset.filter(Q(code=text) | Q(name=text) | Q(name_en__iexact=text))


def unit_search(queryset: QuerySet[OutsideUnit], text: str) -> QuerySet[OutsideUnit]:
    return queryset.filter(Q(name__icontains=text) | Q(name_en__icontains=text))


def unit_match(queryset: QuerySet[OutsideUnit], text: str) -> QuerySet[OutsideUnit]:
    return queryset.filter(Q(name=text) | Q(name_en__iexact=text))


class OrganizationField(SearchChoiceField):
    label_related = ("parent__parent__parent",)

    def __init__(self, *, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("search", organization_search)
        kwargs.setdefault("match", organization_match)
        super().__init__(queryset=Organization.objects.none() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class UnitField(SearchChoiceField):
    def __init__(self, *, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("search", unit_search)
        kwargs.setdefault("match", unit_match)
        super().__init__(queryset=OutsideUnit.objects.none() if queryset is None else queryset, **kwargs)
