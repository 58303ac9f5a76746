"""Pickers over persons and households (``common.pickers``): the fields forms use over thousands of them.

A search matches as the person list does: a name by any part, an ID number or a phone only
in full (``search_q``), so a masked number cannot be found digit by digit. Typed without
JavaScript, a whole name, ID number or phone picks the person (``person_match``).
"""

from typing import Any

from django.db.models import Q, QuerySet

from common.pickers import SearchChoiceField, SearchMultipleChoiceField
from common.punctuation import parens

from .id_numbers import normalize
from .models import Household, Person, id_number_hash, phone_hash
from .phones import normalize_phone
from .selectors import search_q


def person_label(person: Person) -> str:
    """A name and where the person belongs: "李明（念山村）"."""
    place = person.home_village if person.home_village_id else None
    membership = getattr(person, "membership", None) if place is None else None
    where = place or (membership.branch if membership is not None else None)
    return parens(person.name, where) if where is not None else person.name


def person_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    return queryset.filter(search_q(text))


def person_match(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Typed without JavaScript: the whole name, the whole ID number or the whole phone."""
    q = Q(name=text) | Q(id_number_hash=id_number_hash(normalize(text)))
    if phone := normalize_phone(text):
        q |= Q(phone_hash=phone_hash(phone))
    return queryset.filter(q)


def household_label(household: Household) -> str:
    return parens(household.head.name, household.village)


def household_search(queryset: QuerySet[Household], text: str) -> QuerySet[Household]:
    return queryset.filter(search_q(text, "head__"))


def household_match(queryset: QuerySet[Household], text: str) -> QuerySet[Household]:
    """Typed without JavaScript: the head's whole name, ID number or phone."""
    return queryset.filter(head__in=person_match(Person.objects.all(), text))


class _PersonChoices:
    """What the single and the multiple person field share: the search, the match, the labels."""

    label_related: tuple[str, ...] = ("home_village", "membership__branch")

    def __init__(self, *, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("search", person_search)
        kwargs.setdefault("match", person_match)
        super().__init__(queryset=Person.objects.none() if queryset is None else queryset, **kwargs)  # type: ignore[call-arg]

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PersonField(_PersonChoices, SearchChoiceField):
    pass


class PersonsField(_PersonChoices, SearchMultipleChoiceField):
    pass


class HouseholdField(SearchChoiceField):
    label_related = ("head", "village")

    def __init__(self, *, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("search", household_search)
        kwargs.setdefault("match", household_match)
        super().__init__(queryset=Household.objects.none() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: Household) -> str:
        return household_label(obj)
