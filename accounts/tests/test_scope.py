"""The scope selector: what each persona may see and change (F-ACCESS)."""

import dataclasses
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role, RoleAssignment
from accounts.scope import get_scope, scope_for_user
from common.scope import ANONYMOUS, Right, minimal_codes
from organizations import services as org_services
from organizations.models import Organization, UnitKind
from organizations.selectors import organization_or_404, organizations_in
from people import services as people_services
from people.models import CadreRank, PartyMembership, Person
from people.selectors import person_q
from xianfeng.tests import factories as f

COUNTY, TOWNSHIP_A, TOWNSHIP_B = "350725", "350725100", "350725101"
VILLAGE_A1, VILLAGE_A2, VILLAGE_B1 = "350725100201", "350725100202", "350725101201"


@pytest.fixture
def people(county, personas) -> dict[str, Person]:
    """One person of interest per place, plus the member persona."""
    in_b1 = f.member(county.village_b1, county.group_b1, name="东平党员")
    in_a2 = f.person(county.village_a2, name="石门村民")
    cadre_b = f.person(None, name="东平镇干部")
    people_services.cadre_set(person=cadre_b, organization=county.township_b, rank=CadreRank.SECTION)
    nowhere = f.person(None, name="无籍人员")
    return {
        "member": personas.member_person,
        "in_b1": in_b1,
        "in_a2": in_a2,
        "cadre_b": cadre_b,
        "nowhere": nowhere,
    }


def visible_names(scope) -> set[str]:
    return set(Person.objects.filter(person_q(scope)).distinct().values_list("name", flat=True))


@pytest.mark.parametrize(
    ("persona", "read", "write", "unmasked"),
    [
        ("county_admin", (COUNTY,), (COUNTY,), (COUNTY,)),
        ("township_admin_a", (TOWNSHIP_A,), (TOWNSHIP_A,), ()),
        ("village_admin_b", (VILLAGE_B1,), (VILLAGE_B1,), ()),
        ("member", (), (), ()),
    ],
)
def test_each_persona_has_its_codes(personas, persona: str, read: tuple, write: tuple, unmasked: tuple) -> None:
    scope = scope_for_user(getattr(personas, persona))
    assert scope.read_codes == read
    assert scope.grants.get(Right.MANAGE, ()) == write
    assert scope.grants.get(Right.SEE_UNMASKED, ()) == unmasked
    assert scope.is_authenticated


def test_member_is_bound_to_own_person_only(personas) -> None:
    scope = scope_for_user(personas.member)
    assert scope.person_ids == frozenset({personas.member_person.pk})
    assert not scope.is_admin
    assert not organizations_in(scope).exists()


def test_anonymous_sees_nothing(county) -> None:
    scope = scope_for_user(AnonymousUser())
    assert scope is ANONYMOUS
    assert not scope.is_authenticated
    assert not organizations_in(scope).exists()
    assert not Person.objects.filter(person_q(scope)).exists()


def test_user_without_roles_sees_nothing(county) -> None:
    scope = scope_for_user(f.user("nobody"))
    assert (scope.read_codes, scope.grants.get(Right.MANAGE, ())) == ((), ())
    assert not organizations_in(scope).exists()


def test_village_supervisor_reads_but_cannot_change(county) -> None:
    scope = scope_for_user(f.user("supervisor", "village_supervisor", organization=county.village_a1))
    assert scope.read_codes == (VILLAGE_A1,)
    assert scope.grants.get(Right.MANAGE, ()) == ()
    assert scope.can_see_code(county.group_a1.code)
    assert not scope.may(Right.MANAGE, code=VILLAGE_A1)
    assert not scope.is_admin


def test_several_roles_add_up_and_areminimal_codes(county) -> None:
    user = f.user("two_hats", "township_admin", organization=county.township_a)
    RoleAssignment.objects.create(user=user, role=Role.VILLAGE_ADMIN, organization=county.village_b1)
    RoleAssignment.objects.create(user=user, role=Role.VILLAGE_ADMIN, organization=county.village_a1)
    scope = scope_for_user(user)
    assert scope.read_codes == (TOWNSHIP_A, VILLAGE_B1)  # A1 is inside township A
    assert scope.grants.get(Right.MANAGE, ()) == (TOWNSHIP_A, VILLAGE_B1)
    assert scope.roles == (Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN)


def test_organizations_are_the_subtrees(personas) -> None:
    def codes(persona: str) -> set[str]:
        return set(organizations_in(scope_for_user(getattr(personas, persona))).values_list("code", flat=True))

    assert codes("county_admin") == set(Organization.objects.values_list("code", flat=True))
    assert codes("township_admin_a") == {TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2, VILLAGE_A1 + "001"}
    assert codes("village_admin_b") == {VILLAGE_B1, VILLAGE_B1 + "001"}


def test_can_see_and_change_follow_prefixes(personas) -> None:
    township = scope_for_user(personas.township_admin_a)
    assert township.can_see_code(VILLAGE_A1 + "001")
    assert township.may(Right.MANAGE, code=VILLAGE_A2)
    assert not township.can_see_code(VILLAGE_B1)
    assert not township.can_see_code(COUNTY)  # the parent is not inside the subtree


def test_organization_or_404_outside_scope_is_404(personas) -> None:
    township = scope_for_user(personas.township_admin_a)
    assert organization_or_404(township, VILLAGE_A1).code == VILLAGE_A1
    with pytest.raises(Http404):
        organization_or_404(township, VILLAGE_B1)
    with pytest.raises(Http404):
        organization_or_404(township, TOWNSHIP_A + "999")  # inside the prefix but missing: the same 404
    with pytest.raises(Http404):
        organization_or_404(scope_for_user(personas.member), VILLAGE_A1)
    with pytest.raises(Http404):
        organization_or_404(ANONYMOUS, COUNTY)


def test_person_q_limits_persons_to_the_scope(personas, people) -> None:
    everyone = {"李党员", "东平党员", "石门村民", "东平镇干部", "无籍人员"}
    assert visible_names(scope_for_user(personas.county_admin)) == everyone - {"无籍人员"}
    assert visible_names(scope_for_user(personas.township_admin_a)) == {"李党员", "石门村民"}
    assert visible_names(scope_for_user(personas.village_admin_b)) == {"东平党员"}
    assert visible_names(scope_for_user(personas.member)) == {"李党员"}


def test_person_q_sees_a_member_through_the_branch_even_from_another_home_village(personas, county) -> None:
    mover = f.person(county.village_a2, name="迁居党员")
    people_services.membership_set(person=mover, status="full", joined_on=dt.date(2000, 7, 1), branch=county.village_b1)
    assert "迁居党员" in visible_names(scope_for_user(personas.village_admin_b))
    assert "迁居党员" in visible_names(scope_for_user(personas.township_admin_a))


def test_superuser_sees_everything(personas, people) -> None:
    admin = get_user_model().objects.create_superuser("root", password="pw-Xianfeng-2010")
    scope = scope_for_user(admin)
    assert scope.is_superuser and scope.is_admin and scope.is_county_admin
    assert organizations_in(scope).count() == Organization.objects.count()
    assert visible_names(scope) == set(Person.objects.values_list("name", flat=True))
    assert scope.may(Right.MANAGE, code="110105")
    assert scope.sees_unmasked(people["in_b1"].pk, None)


def test_only_county_admin_and_the_person_see_unmasked(personas, people) -> None:
    in_b1 = people["in_b1"]
    assert scope_for_user(personas.county_admin).sees_unmasked(in_b1.pk, VILLAGE_B1)
    assert not scope_for_user(personas.village_admin_b).sees_unmasked(in_b1.pk, VILLAGE_B1)
    assert not scope_for_user(personas.township_admin_a).sees_unmasked(in_b1.pk, VILLAGE_B1)
    member = scope_for_user(personas.member)
    assert member.sees_unmasked(personas.member_person.pk, VILLAGE_A1)
    assert not member.sees_unmasked(in_b1.pk, VILLAGE_B1)
    assert not scope_for_user(personas.county_admin).sees_unmasked(people["nowhere"].pk, None)


def test_filter_and_object_or_404_on_a_related_path(personas, people) -> None:
    township = scope_for_user(personas.township_admin_a)
    memberships = township.filter(PartyMembership.objects.all(), "branch")
    assert set(memberships.values_list("person__name", flat=True)) == {"李党员"}
    assert township.object_or_404(PartyMembership.objects.all(), "branch", person=personas.member_person)
    with pytest.raises(Http404):
        township.object_or_404(PartyMembership.objects.all(), "branch", person=people["in_b1"])


def test_object_or_404_with_a_right_answers_404_where_the_user_may_see_but_not_change(personas, people, county):
    supervisor = scope_for_user(f.user("supervisor_b1", "village_supervisor", organization=county.village_b1))
    village_admin = scope_for_user(personas.village_admin_b)
    memberships = PartyMembership.objects.all()
    # Both see 东平党员's membership in village B1; only the village admin manages it.
    for scope in (supervisor, village_admin):
        assert scope.object_or_404(memberships, "branch", person=people["in_b1"])
    with pytest.raises(Http404):
        supervisor.object_or_404(memberships, "branch", right=Right.MANAGE, person=people["in_b1"])
    found = village_admin.object_or_404(memberships, "person__home_village", right=Right.MANAGE, person=people["in_b1"])
    assert found.person == people["in_b1"]


def test_a_partner_acts_for_their_own_unit_only(county) -> None:
    own, other = (
        org_services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name=name)
        for name in ("县农业局", "县交通局")
    )
    partner = scope_for_user(f.user("partner", "partner", unit=own))
    assert partner.unit_ids == frozenset({own.pk})
    assert partner.may(Right.RECORD_DELIVERY, unit_id=own.pk)
    assert not partner.may(Right.RECORD_DELIVERY, unit_id=other.pk)
    assert not partner.may(Right.RECORD_DELIVERY)
    assert not partner.may(Right.MANAGE, unit_id=own.pk)  # a right partners do not hold on their unit
    assert scope_for_user(f.user("county", "county_admin", organization=county.county)).unit_ids == frozenset()


def test_a_scope_cannot_be_changed_once_computed(personas) -> None:
    scope = scope_for_user(personas.township_admin_a)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scope.read_codes = (COUNTY,)  # type: ignore[misc]  # the point: a read-only property refuses it
    assert scope.read_codes == (TOWNSHIP_A,)


def test_get_scope_is_computed_once_per_request(personas, django_assert_num_queries) -> None:
    request = RequestFactory().get("/")
    request.user = personas.township_admin_a
    first = get_scope(request)
    with django_assert_num_queries(0):
        assert get_scope(request) is first


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (set(), ()),
        ({COUNTY, TOWNSHIP_A, VILLAGE_B1}, (COUNTY,)),
        ({VILLAGE_A1, TOWNSHIP_A}, (TOWNSHIP_A,)),
        ({TOWNSHIP_A, TOWNSHIP_B}, (TOWNSHIP_A, TOWNSHIP_B)),
        ({VILLAGE_A1, VILLAGE_A1 + "001", VILLAGE_A2}, (VILLAGE_A1, VILLAGE_A2)),
    ],
)
def test_minimal_drops_codes_covered_by_a_shorter_one(codes: set[str], expected: tuple[str, ...]) -> None:
    assert minimal_codes(codes) == expected


# Two digits only, so that generated codes often nest inside one another.
tree_codes = st.sampled_from([6, 9, 12, 15]).flatmap(lambda n: st.text(alphabet="01", min_size=n, max_size=n))


@given(st.sets(tree_codes, max_size=10))
def test_minimal_covers_the_same_codes_with_no_redundancy(codes: set[str]) -> None:
    kept = minimal_codes(codes)
    assert set(kept) <= codes
    assert all(any(code.startswith(k) for k in kept) for code in codes)
    assert not any(a != b and b.startswith(a) for a in kept for b in kept)
    assert list(kept) == sorted(kept)
