"""Province and prefecture admins (F-ACCESS): a county admin's rights one level up, over every county below."""

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.scope import scope_for_user
from accounts.two_factor import requires_two_factor
from common.scope import Right
from organizations.selectors import organization_or_404, organizations_in
from people.models import Person
from people.selectors import person_q

pytestmark = pytest.mark.django_db


def test_a_province_admin_sees_and_may_do_everything_a_county_admin_may_in_every_county_below(province_world):
    w = province_world
    scope = scope_for_user(w.province_admin)

    assert scope.read_codes == ("35",) and scope.is_admin and scope.is_county_admin
    for code in ("350725", "350781", "350121", "350725100201"):
        assert scope.can_see_code(code)
        for right in (Right.MANAGE, Right.CONFIGURE, Right.OVERSEE, Right.APPROVE, Right.SEE_UNMASKED):
            assert scope.may(right, code=code), (right, code)
    assert not scope.can_see_code("360721")
    assert not scope.may(Right.MANAGE, code="360721100201")
    seen = set(organizations_in(scope).counties().values_list("code", flat=True))
    assert seen == {"350725", "350781", "350121"}
    with pytest.raises(Http404):
        organization_or_404(scope, "360721")


def test_a_prefecture_admin_holds_its_prefectures_counties_only(province_world):
    w = province_world
    scope = scope_for_user(w.prefecture_admin)

    assert set(organizations_in(scope).counties().values_list("code", flat=True)) == {"350725", "350781"}
    assert scope.may(Right.CONFIGURE, code="350781") and not scope.may(Right.CONFIGURE, code="350121")
    assert not scope.can_see_code("35")  # the province above is not theirs
    names = set(Person.objects.filter(person_q(scope)).values_list("name", flat=True))
    assert names and all(n.startswith(("政和县", "邵武市")) for n in names)


@pytest.mark.parametrize("who", ["province_admin", "prefecture_admin"])
def test_province_and_prefecture_admins_must_use_two_factor(province_world, who):
    assert requires_two_factor(scope_for_user(getattr(province_world, who)))


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("province_admin", "350725", 200),
        ("province_admin", "350121", 200),
        ("province_admin", "360721", 404),
        ("prefecture_admin", "350781", 200),
        ("prefecture_admin", "350121", 404),
        ("prefecture_admin", "36", 404),
    ],
)
def test_pages_of_counties_outside_the_admins_province_or_prefecture_look_missing(
    client, province_world, who, code, status
):
    client.force_login(getattr(province_world, who))
    assert client.get(reverse("organizations:detail", args=[code])).status_code == status
    assert client.get(reverse("reports:dashboard", args=[code])).status_code == status


def test_a_province_admin_sees_phone_numbers_unmasked_in_its_counties_only(client, province_world):
    w = province_world
    scope = scope_for_user(w.province_admin)
    inside = Person.objects.filter(home_village__code__startswith="350781").first()
    outside = Person.objects.filter(home_village__code__startswith="360721").first()
    assert inside is not None and outside is not None
    assert scope.sees_unmasked(inside.pk, inside.home_village.code)
    assert not scope.sees_unmasked(outside.pk, outside.home_village.code)
    client.force_login(w.province_admin)
    assert client.get(reverse("people:person_detail", args=[inside.pk])).status_code == 200
    assert client.get(reverse("people:person_detail", args=[outside.pk])).status_code == 404
